"""Fixtures iv_card, iv_overid, iv_binary: 2SLS with robust/classical SEs, first-stage F,
over-identification tests, Wald estimator.

Authority: linearmodels IV2SLS / IVGMM; numpy 2SLS written out as a second implementation;
R AER::ivreg + sandwich (scripts/iv.R -> <case>/r_crosscheck.json) as a third.
Definitions (numpy, used for the names below): X = [1, controls, T], Z = [1, controls, instruments],
b = (X'PzX)^-1 X'Pz y, u = y - Xb (structural residuals), Xh = PzX;
V_classical = s2 (Xh'Xh)^-1 with s2 = u'u/(n-k) [debiased] or u'u/n;
V_HC0 = (Xh'Xh)^-1 (sum u_i^2 xh_i xh_i') (Xh'Xh)^-1;  V_HC1 = n/(n-k) V_HC0.
linearmodels cov_type="robust": debiased=False -> HC0, debiased=True -> HC1 (and t/F reference).
First stage (T on Z): partial F for the excluded instruments = Wald/q with the classical (s2 with
n-kz) or robust (HC0 or HC1) covariance of the first-stage OLS.
"""
import shutil
import numpy as np
import pandas as pd
from scipy import stats
from linearmodels.iv import IV2SLS, IVGMM
import statsmodels.api as sm
from _common import *


def simulate_overid():
    rng = np.random.default_rng(20240612)
    n = 2000
    W1 = rng.normal(size=n); W2 = rng.binomial(1, 0.4, n).astype(float)
    Z1 = rng.normal(size=n); Z2 = rng.binomial(1, 0.5, n).astype(float)
    U = rng.normal(size=n)
    T = 0.6 * Z1 + 0.8 * Z2 + 0.5 * W1 - 0.4 * W2 + U + rng.normal(size=n)
    e = rng.normal(size=n) * (0.5 + 0.8 * np.abs(W1) + 0.5 * Z2)      # heteroskedastic
    Y = 1.0 + 2.5 * T + 1.0 * W1 + 0.5 * W2 + 1.5 * U + e
    return pd.DataFrame({"Z1": Z1, "Z2": Z2, "W1": W1, "W2": W2, "T": T, "Y": Y})


def tsls_numpy(y, X, Z):
    n, k = X.shape
    ZZi = np.linalg.inv(Z.T @ Z)
    Xh = Z @ (ZZi @ (Z.T @ X))
    A = np.linalg.inv(Xh.T @ X)
    b = A @ (Xh.T @ y)
    u = y - X @ b
    meat = (Xh * (u**2)[:, None]).T @ Xh
    V0 = A @ meat @ A.T
    return b, {"classical_debiased": (u @ u / (n - k)) * A, "classical_n": (u @ u / n) * A,
               "HC0": V0, "HC1": V0 * n / (n - k)}, u


def first_stage_F(t, Zfull, excl_idx):
    n, kz = Zfull.shape
    fit = sm.OLS(t, Zfull).fit()
    b = fit.params
    R = np.zeros((len(excl_idx), kz)); R[np.arange(len(excl_idx)), excl_idx] = 1
    out = {}
    for name, V in [("classical", fit.cov_params()), ("HC0", fit.get_robustcov_results("HC0").cov_params()),
                    ("HC1", fit.get_robustcov_results("HC1").cov_params())]:
        V = np.asarray(V)
        Rb = R @ b
        W = float(Rb @ np.linalg.solve(R @ V @ R.T, Rb))
        q = len(excl_idx)
        out[name] = {"F": W / q, "wald_chi2": W, "df_num": q, "df_den": n - kz,
                     "p_F": float(stats.f.sf(W / q, q, n - kz)), "p_chi2": float(stats.chi2.sf(W, q))}
    # partial R2 of the excluded instruments: 1 - RSS_full / RSS_without_instruments
    keep = [j for j in range(kz) if j not in excl_idx]
    rss_r = sm.OLS(t, Zfull[:, keep]).fit().ssr
    out["partial_r2"] = float(1 - fit.ssr / rss_r)
    return out


def lm_block(res):
    return {"coef": res.params.to_dict(), "se": res.std_errors.to_dict(), "cov_type": res.cov_type,
            "debiased": bool(res.debiased) if hasattr(res, "debiased") else None}


def wts(t):
    return {"stat": float(t.stat), "pval": float(t.pval), "df": int(t.df) if np.ndim(t.df) == 0 else list(t.df),
            "dist": str(t.dist_name) if hasattr(t, "dist_name") else None}


def analyse(df, y, endog, exog, instr, case):
    n = len(df)
    Yv = df[y].values.astype(float)
    Xc = np.column_stack([np.ones(n)] + [df[c].values.astype(float) for c in exog] + [df[endog].values.astype(float)])
    Zc = np.column_stack([np.ones(n)] + [df[c].values.astype(float) for c in exog] + [df[c].values.astype(float) for c in instr])
    b, V, u = tsls_numpy(Yv, Xc, Zc)
    k = Xc.shape[1]
    names = ["const"] + exog + [endog]
    dfn = n - k
    bt = b[-1]
    np_block = {"coef_names": names, "coef": b, "treatment_coef": bt,
                "se_treatment": {kname: float(np.sqrt(Vm[-1, -1])) for kname, Vm in V.items()},
                "se_all": {kname: np.sqrt(np.diag(Vm)) for kname, Vm in V.items()}}
    tq = stats.t.ppf(0.975, dfn); zq = stats.norm.ppf(0.975)
    np_block["ci95"] = {
        "HC1_t_df_n_minus_k": [bt - tq * np_block["se_treatment"]["HC1"], bt + tq * np_block["se_treatment"]["HC1"]],
        "HC0_normal": [bt - zq * np_block["se_treatment"]["HC0"], bt + zq * np_block["se_treatment"]["HC0"]],
        "classical_debiased_t": [bt - tq * np_block["se_treatment"]["classical_debiased"],
                                 bt + tq * np_block["se_treatment"]["classical_debiased"]]}
    np_block["p_value"] = {"HC1_t": float(2 * stats.t.sf(abs(bt / np_block["se_treatment"]["HC1"]), dfn)),
                           "HC0_normal": float(2 * stats.norm.sf(abs(bt / np_block["se_treatment"]["HC0"]))),
                           "classical_debiased_t": float(2 * stats.t.sf(abs(bt / np_block["se_treatment"]["classical_debiased"]), dfn))}
    excl = list(range(1 + len(exog), Zc.shape[1]))
    fs = first_stage_F(df[endog].values.astype(float), Zc, excl)
    # linearmodels
    dep = df[y]; ex = sm.add_constant(df[exog], has_constant="add") if exog else pd.DataFrame({"const": np.ones(n)}, index=df.index)
    mod = IV2SLS(dep, ex, df[[endog]], df[instr])
    lm = {}
    fits = {"robust_debiased": mod.fit(cov_type="robust", debiased=True),
            "robust": mod.fit(cov_type="robust", debiased=False),
            "unadjusted_debiased": mod.fit(cov_type="unadjusted", debiased=True),
            "unadjusted": mod.fit(cov_type="unadjusted", debiased=False)}
    for kname, r in fits.items():
        fsd = r.first_stage.diagnostics
        lm[kname] = {"coef": float(r.params[endog]), "se": float(r.std_errors[endog]),
                     "first_stage_partial_F": float(fsd["f.stat"].iloc[0]), "first_stage_F_pval": float(fsd["f.pval"].iloc[0]),
                     "first_stage_F_dist": str(fsd["f.dist"].iloc[0]),
                     "first_stage_partial_rsquared": float(fsd["partial.rsquared"].iloc[0])}
    over = None
    if len(instr) > 1:
        r0 = fits["unadjusted"]; rr = fits["robust"]
        over = {"sargan": wts(r0.sargan), "basmann": wts(r0.basmann),
                "wooldridge_score_robust": wts(rr.wooldridge_score),
                "wooldridge_regression_robust": wts(rr.wooldridge_regression),
                "wooldridge_overid_robust": wts(rr.wooldridge_overid)}
        g = IVGMM(dep, ex, df[[endog]], df[instr]).fit(cov_type="robust")
        over["hansen_j_ivgmm_two_step"] = wts(g.j_stat)
        over["ivgmm_coef"] = float(g.params[endog]); over["ivgmm_se"] = float(g.std_errors[endog])
        # Sargan by hand: n * R2 of u on Z (uncentered u has mean ~0 with a constant in Z)
        ru = sm.OLS(u, Zc).fit()
        over["sargan_numpy_nR2"] = {"stat": float(n * ru.rsquared), "df": len(instr) - 1,
                                    "pval": float(stats.chi2.sf(n * ru.rsquared, len(instr) - 1))}
    checks = {"linearmodels_vs_numpy_max_abs_diff": max(
        abs(lm["robust_debiased"]["se"] - np_block["se_treatment"]["HC1"]),
        abs(lm["robust"]["se"] - np_block["se_treatment"]["HC0"]),
        abs(lm["unadjusted_debiased"]["se"] - np_block["se_treatment"]["classical_debiased"]),
        abs(lm["unadjusted"]["se"] - np_block["se_treatment"]["classical_n"]),
        abs(lm["robust"]["coef"] - bt)),
        "first_stage_F_linearmodels_unadjusted_debiased_vs_numpy_classical":
            abs(lm["unadjusted_debiased"]["first_stage_partial_F"] - fs["classical"]["F"]),
        "first_stage_stat_linearmodels_robust_vs_numpy_HC0_wald_chi2": abs(lm["robust"]["first_stage_partial_F"] - fs["HC0"]["wald_chi2"]),
        "first_stage_stat_linearmodels_robust_debiased_vs_numpy_HC1_wald_chi2": abs(lm["robust_debiased"]["first_stage_partial_F"] - fs["HC1"]["wald_chi2"]),
        "note": "linearmodels first_stage.diagnostics['f.stat'] is the F statistic (classical, F(q, n-kz)) for "
                "cov_type='unadjusted' but the Wald chi2(q) statistic (= q x robust F) for cov_type='robust'; "
                "with debiased=False the unadjusted first-stage variance uses divisor n, not n-kz"}
    rx = note_r(FIX / case / "r_crosscheck.json")
    if rx is not None:
        checks["R_ivreg_vs_numpy"] = {"coef": abs(rx["coef"] - bt),
                                      "se_HC0_rel": abs(rx["se_HC0"] / np_block["se_treatment"]["HC0"] - 1),
                                      "se_HC1_rel": abs(rx["se_HC1"] / np_block["se_treatment"]["HC1"] - 1),
                                      "se_classical_rel": abs(rx["se_classical"] / np_block["se_treatment"]["classical_debiased"] - 1),
                                      "weak_instrument_F": abs(rx["weak_instruments_F"] - fs["classical"]["F"])}
        if over is not None:
            checks["R_ivreg_vs_numpy"]["sargan"] = abs(rx["sargan"] - over["sargan"]["stat"])
        checks["R_values"] = rx
    return {"n": n, "treatment": endog, "outcome": y, "controls": exog, "instruments": instr,
            "df_resid": dfn, "numpy_2sls": np_block, "first_stage": fs, "linearmodels": lm,
            "overidentification": over, "crosschecks": checks}


def main():
    # iv_card
    d = case_dir("iv_card")
    raw = read_csv(DATASETS / "close_college.csv")
    shutil.copyfile(DATASETS / "close_college.csv", d / "data.csv")
    df = read_csv(d / "data.csv")
    cols = ["lwage", "educ", "nearc4", "black", "smsa", "south", "married", "exper"]
    cc = df.dropna(subset=cols).reset_index(drop=True)
    res = analyse(cc, "lwage", "educ", ["black", "smsa", "south", "married", "exper"], ["nearc4"], "iv_card")
    ols = sm.OLS(cc["lwage"], sm.add_constant(cc[["educ", "black", "smsa", "south", "married", "exper"]])).fit()
    res["ols_educ_coef_for_reference"] = float(ols.params["educ"])
    res["rows_in_file"] = len(df); res["rows_dropped_missing"] = len(df) - len(cc)
    res["dropped_rows_0based"] = [int(i) for i in np.where(df[cols].isna().any(axis=1))[0]]
    out = {"case": "iv_card", "data": "copy of shared/datasets/close_college.csv (Card 1995 via causaldata); rows with "
           "a missing value in any used column are dropped (all 7 are missing `married`)", **res,
           "authority": "linearmodels IV2SLS (+ numpy 2SLS, R AER::ivreg + sandwich)",
           "versions": versions("linearmodels", "statsmodels")}
    dump_json(out, d / "expected.json")
    print("iv_card", res["numpy_2sls"]["treatment_coef"], res["numpy_2sls"]["se_treatment"], res["first_stage"]["classical"]["F"], res["crosschecks"])

    # iv_overid
    d = case_dir("iv_overid")
    write_simulated_csv(simulate_overid(), d / "data.csv")
    df = read_csv(d / "data.csv")
    res = analyse(df, "Y", "T", ["W1", "W2"], ["Z1", "Z2"], "iv_overid")
    out = {"case": "iv_overid", "data": "simulated (seed 20240612, see scripts/iv.py simulate_overid); true effect 2.5; "
           "errors heteroskedastic in W1 and Z2; both instruments valid", "true_effect": 2.5, **res,
           "authority": "linearmodels IV2SLS / IVGMM (+ numpy 2SLS, R AER::ivreg + sandwich)",
           "versions": versions("linearmodels", "statsmodels")}
    dump_json(out, d / "expected.json")
    print("iv_overid", res["numpy_2sls"]["treatment_coef"], res["overidentification"]["sargan"], res["overidentification"]["hansen_j_ivgmm_two_step"], res["crosschecks"])

    # iv_binary (Wald, no controls)
    d = case_dir("iv_binary")
    shutil.copyfile(CASES / "iv_binary_instrument_wald" / "data.csv", d / "data.csv")
    df = read_csv(d / "data.csv")
    z = df["Z"].values; y = df["Y"].values.astype(float); t = df["T"].values.astype(float)
    wald = (y[z == 1].mean() - y[z == 0].mean()) / (t[z == 1].mean() - t[z == 0].mean())
    res = analyse(df, "Y", "T", [], ["Z"], "iv_binary")
    res["wald_estimate"] = float(wald)
    res["wald_components"] = {"mean_Y_Z1": y[z == 1].mean(), "mean_Y_Z0": y[z == 0].mean(),
                              "mean_T_Z1": t[z == 1].mean(), "mean_T_Z0": t[z == 0].mean(),
                              "n_Z1": int((z == 1).sum()), "n_Z0": int((z == 0).sum())}
    res["wald_minus_2sls"] = float(wald - res["numpy_2sls"]["treatment_coef"])
    out = {"case": "iv_binary", "data": "copy of shared/conformance/cases/iv_binary_instrument_wald/data.csv; "
           "W is NOT used (the Wald estimator has no controls)", **res,
           "authority": "closed form + linearmodels IV2SLS (+ R AER::ivreg)", "versions": versions("linearmodels", "statsmodels")}
    dump_json(out, d / "expected.json")
    print("iv_binary", wald, res["numpy_2sls"]["se_treatment"], res["crosschecks"])


if __name__ == "__main__":
    main()
