"""Fixtures aipw_folds and dml_folds: cross-fitted AIPW (ATE, ATT) and partially linear DML with
FIXED folds (column `fold`, 0..4). Nuisances: OLS on [1, W] (outcome, separately per arm for AIPW;
for PLR both E[Y|W] and E[T|W] by OLS) and unpenalised logistic regression on [1, W] (propensity),
each trained on the other four folds and predicted on the held-out fold.

Authority: DoubleML (DoubleMLIRM score 'ATE'/'ATTE', DoubleMLPLR 'partialling out') with
set_sample_splitting(our folds), ml_g = LinearRegression(), ml_m = LogisticRegression(C=inf,
newton-cholesky, tol 1e-12) [sklearn >= 1.8 deprecates penalty=None; C=inf is the unpenalised fit],
propensity clipping threshold 1e-12 (DoubleML requires > 0; no score is near it).
Cross-check: numpy implementation (Newton logit to 1e-13, lstsq OLS) of the same definitions.
"""
import numpy as np
import pandas as pd
from scipy import stats
from _common import *
from ipw import logit_mle, expit

W = ["W1", "W2", "W3", "W4"]


def simulate(seed, heterogeneous):
    rng = np.random.default_rng(seed)
    n = 2000
    W1 = rng.normal(size=n); W2 = rng.normal(size=n); W3 = rng.binomial(1, 0.5, n).astype(float); W4 = rng.uniform(-1, 1, n)
    e = expit(-0.3 + 0.8 * W1 - 0.5 * W2 + 0.4 * W3 + 0.3 * W4)
    T = rng.binomial(1, e)
    tau = 2.0 + (0.5 * W1 if heterogeneous else 0.0)
    Y = 1.0 + tau * T + W1 + 0.5 * W2 - 0.7 * W3 + 0.3 * W4 + rng.normal(size=n)
    fold = np.repeat(np.arange(5), n // 5)
    fold = rng.permutation(fold)
    df = pd.DataFrame({"W1": W1, "W2": W2, "W3": W3, "W4": W4, "T": T, "Y": Y, "fold": fold})
    truth = {"sample_ate": float(np.mean(2.0 + (0.5 * W1 if heterogeneous else 0))),
             "sample_att": float(np.mean((2.0 + (0.5 * W1 if heterogeneous else 0 * W1))[T == 1]))}
    return df, truth


def ols_fit_predict(Xtr, ytr, Xte):
    b = np.linalg.lstsq(Xtr, ytr, rcond=None)[0]
    return Xte @ b


def crossfit(df):
    n = len(df)
    X = np.column_stack([np.ones(n)] + [df[w].values.astype(float) for w in W])
    t = df["T"].values.astype(float); y = df["Y"].values.astype(float); f = df["fold"].values
    mu1 = np.zeros(n); mu0 = np.zeros(n); e = np.zeros(n); l = np.zeros(n); m = np.zeros(n)
    for k in range(5):
        te, tr = f == k, f != k
        mu1[te] = ols_fit_predict(X[tr & (t == 1)], y[tr & (t == 1)], X[te])
        mu0[te] = ols_fit_predict(X[tr & (t == 0)], y[tr & (t == 0)], X[te])
        b, _ = logit_mle(X[tr], t[tr]); e[te] = expit(X[te] @ b)
        l[te] = ols_fit_predict(X[tr], y[tr], X[te]); m[te] = ols_fit_predict(X[tr], t[tr], X[te])
    return t, y, mu1, mu0, e, l, m


def aipw_numpy(t, y, mu1, mu0, e):
    n = len(y)
    phi = mu1 - mu0 + t * (y - mu1) / e - (1 - t) * (y - mu0) / (1 - e)
    ate = phi.mean()
    num = t * (y - mu0) - (1 - t) * e / (1 - e) * (y - mu0)
    att = num.sum() / t.sum()
    psi_att = num - t * att
    return {"ate": {"estimate": ate, "se_ddof1": float(np.std(phi, ddof=1) / np.sqrt(n)),
                    "se_ddof0_doubleml": float(np.std(phi, ddof=0) / np.sqrt(n))},
            "att": {"estimate": att, "se_influence": float(np.sqrt(np.sum(psi_att**2)) / t.sum()),
                    "psi_definition": "psi_i = T(Y-mu0) - (1-T) e/(1-e) (Y-mu0) - T*theta; SE = sqrt(sum psi^2)/sum T"}}


def plr_numpy(t, y, l, m):
    n = len(y)
    ut, vt = y - l, t - m
    th = np.sum(vt * ut) / np.sum(vt * vt)
    psi = (ut - th * vt) * vt
    J = -np.mean(vt * vt)
    se = float(np.sqrt(np.mean(psi**2) / J**2 / n))
    return {"estimate": th, "se": se}


def doubleml_fits(df):
    import doubleml as dml
    from doubleml.utils import PSProcessorConfig
    from sklearn.linear_model import LinearRegression, LogisticRegression
    data = dml.DoubleMLData(df[W + ["T", "Y"]], y_col="Y", d_cols="T", x_cols=W)
    f = df["fold"].values
    smpls = [(np.where(f != k)[0], np.where(f == k)[0]) for k in range(5)]
    logit = LogisticRegression(C=np.inf, solver="newton-cholesky", tol=1e-12, max_iter=1000)
    out = {}
    for score in ["ATE", "ATTE"]:
        m = dml.DoubleMLIRM(data, ml_g=LinearRegression(), ml_m=logit, n_folds=5, score=score,
                            ps_processor_config=PSProcessorConfig(clipping_threshold=1e-12),
                            draw_sample_splitting=False)
        m.set_sample_splitting(smpls)
        m.fit(store_predictions=True)
        out[score] = {"coef": float(m.coef[0]), "se": float(m.se[0]),
                      "preds": {k: np.asarray(v).ravel() for k, v in m.predictions.items()}}
    p = dml.DoubleMLPLR(data, ml_l=LinearRegression(), ml_m=LinearRegression(), n_folds=5,
                        score="partialling out", draw_sample_splitting=False)
    p.set_sample_splitting(smpls)
    p.fit(store_predictions=True)
    out["PLR"] = {"coef": float(p.coef[0]), "se": float(p.se[0]),
                  "preds": {k: np.asarray(v).ravel() for k, v in p.predictions.items()}}
    return out, dml.__version__


def main():
    z = stats.norm.ppf(0.975)
    for case, seed, het in [("aipw_folds", 20240614, True), ("dml_folds", 20240615, False)]:
        d = case_dir(case)
        sim, truth = simulate(seed, het)
        write_simulated_csv(sim, d / "data.csv")
        df = read_csv(d / "data.csv")
        t, y, mu1, mu0, e, l, m = crossfit(df)
        res = {"aipw": aipw_numpy(t, y, mu1, mu0, e), "plr": plr_numpy(t, y, l, m)}
        for key in ["ate", "att"]:
            r = res["aipw"][key]
            se = r.get("se_ddof1", r.get("se_influence"))
            r["ci95_normal"] = [r["estimate"] - z * se, r["estimate"] + z * se]
        res["plr"]["ci95_normal"] = [res["plr"]["estimate"] - z * res["plr"]["se"], res["plr"]["estimate"] + z * res["plr"]["se"]]
        checks = {}
        try:
            dm, ver = doubleml_fits(df)
            checks["DoubleML_version"] = ver
            checks["DoubleML"] = {k: {"coef": v["coef"], "se": v["se"]} for k, v in dm.items()}
            checks["ATE_coef_abs_diff"] = abs(dm["ATE"]["coef"] - res["aipw"]["ate"]["estimate"])
            checks["ATE_se_rel_diff_vs_ddof0"] = abs(dm["ATE"]["se"] / res["aipw"]["ate"]["se_ddof0_doubleml"] - 1)
            checks["ATTE_coef_abs_diff"] = abs(dm["ATTE"]["coef"] - res["aipw"]["att"]["estimate"])
            checks["ATTE_se_rel_diff"] = abs(dm["ATTE"]["se"] / res["aipw"]["att"]["se_influence"] - 1)
            checks["PLR_coef_abs_diff"] = abs(dm["PLR"]["coef"] - res["plr"]["estimate"])
            checks["PLR_se_rel_diff"] = abs(dm["PLR"]["se"] / res["plr"]["se"] - 1)
            pr = dm["ATE"]["preds"]
            checks["nuisance_max_abs_diff"] = {"ml_g1": max_abs_diff(pr["ml_g1"], mu1), "ml_g0": max_abs_diff(pr["ml_g0"], mu0),
                                               "ml_m": max_abs_diff(pr["ml_m"], e),
                                               "plr_ml_l": max_abs_diff(dm["PLR"]["preds"]["ml_l"], l),
                                               "plr_ml_m": max_abs_diff(dm["PLR"]["preds"]["ml_m"], m)}
        except Exception as ex:
            checks["DoubleML_error"] = repr(ex)
        out = {"case": case,
               "data": f"simulated (seed {seed}, scripts/dml.py simulate): W1,W2 ~ N(0,1), W3 ~ Bern(.5), W4 ~ U(-1,1); "
                       "T ~ Bern(expit(-0.3 + 0.8W1 - 0.5W2 + 0.4W3 + 0.3W4)); "
                       f"Y = 1 + tau T + W1 + 0.5W2 - 0.7W3 + 0.3W4 + N(0,1), tau = {'2 + 0.5 W1' if het else '2'}; "
                       "fold = balanced random assignment (400 per fold)",
               "truth": truth, "roles": {"treatment": "T", "outcome": "Y", "confounders": W, "fold": "fold"},
               "estimates": res,
               "nuisance_first10": {"mu1": mu1[:10], "mu0": mu0[:10], "e": e[:10], "l": l[:10], "m": m[:10]},
               "definitions": {
                   "aipw_ate": "phi = mu1 - mu0 + T(Y-mu1)/e - (1-T)(Y-mu0)/(1-e); ATE = mean(phi); SE = sd(phi, ddof 1)/sqrt(n) "
                               "(DoubleML reports sd with ddof 0: se_ddof0_doubleml)",
                   "aipw_att": "ATT = sum[T(Y-mu0) - (1-T) e/(1-e) (Y-mu0)] / sum T (= DoubleML 'ATTE')",
                   "plr": "theta = sum(vt*ut)/sum(vt^2), ut = Y - l(W), vt = T - m(W) (both OLS, cross-fitted); "
                          "SE = sqrt(mean(psi^2)/J^2/n), psi = (ut - theta vt) vt, J = -mean(vt^2)"},
               "crosschecks": checks,
               "authority": "DoubleML with fixed folds; numpy re-implementation",
               "versions": versions("sklearn", "doubleml")}
        dump_json(out, d / "expected.json")
        print(case, res["aipw"]["ate"], res["aipw"]["att"]["estimate"], res["plr"], {k: v for k, v in checks.items() if k != "DoubleML"})


if __name__ == "__main__":
    main()
