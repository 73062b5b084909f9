"""Fixtures did_mpdta, did_second_panel, did_simulated, did_2x2: staggered difference-in-differences.

* Callaway & Sant'Anna (2021) ATT(g,t), did::aggte aggregations (simple, dynamic, group, calendar), analytic
  influence-function SEs and did's Wald pre-test. Authority: R did 2.1.2 (scripts/did.R -> <case>/r_did.json).
  Cross-checks: the numpy transcription in scripts/_csdid.py, Python csdid and differences.
* Two-way fixed effects y ~ d | unit + time with cluster-robust SE by unit as fixest computes it (authority: R
  fixest; cross-checks numpy FWL and pyfixest), Goodman-Bacon decomposition (R bacondecomp; numpy closed form),
  de Chaisemartin & D'Haultfoeuille weights (R TwoWayFEWeights; numpy closed form).

Data: did_mpdta/data.csv is written by did.R from did::mpdta. did_second_panel/data.csv is built from the
Mixtape's castle.dta when CASTLE_DTA points to it (otherwise the committed data.csv is used as is).
Simulated data: seeds 20240620 (did_simulated), 20240621 (row drops for the unbalanced version), 20240622 (did_2x2).
Run pass 1 (data), then did.R, then this script again (folds the R numbers into expected.json).
"""
import contextlib
import hashlib
import io
import os
import warnings

import numpy as np
import pandas as pd
from scipy import stats

from _common import *
import _csdid as cs

Z975 = float(stats.norm.ppf(0.975))
CASTLE_SHA256 = "804633c161827b6c0824f86f239046386d1a8266a866f83bf5ddb2aa762a5f29"
CASTLE_SOURCE = ("castle.dta from the GitHub repository scunning1975/mixtape (Cunningham, Causal Inference: The "
                 "Mixtape), file castle.dta at commit 94242c3d870f84148352afa0535f698d9bf9da22 (blob e2e34809), "
                 "505765 bytes, SHA-256 " + CASTLE_SHA256)


def sha256(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


# ---------------------------------------------------------------------------------------------------------
# data
# ---------------------------------------------------------------------------------------------------------
def make_castle():
    d = case_dir("did_second_panel")
    src = os.environ.get("CASTLE_DTA")
    if src:
        assert sha256(src) == CASTLE_SHA256, "CASTLE_DTA is not the expected file"
        raw = pd.read_stata(src)
        out = pd.DataFrame({"sid": raw["sid"].astype(int), "state": raw["state"].astype(str),
                            "year": raw["year"].astype(int),
                            # stored as float32 in the .dta: written as the exact doubles of those floats
                            "l_homicide": raw["l_homicide"].astype(np.float64),
                            "post": raw["post"].astype(int), "popwt": raw["popwt"].astype(np.float64),
                            "effyear": raw["effyear"].astype("Int64")})
        first = out[out.post == 1].groupby("sid").year.min()
        out["g"] = out.sid.map(first).fillna(0).astype(int)
        eff = out.effyear.astype("float").fillna(np.inf)
        out["post_bacon"] = (out.year >= eff).astype(int)
        out.to_csv(d / "data.csv", index=False)
    return d / "data.csv"


def make_simulated():
    rng = np.random.default_rng(20240620)
    N, T = 300, 10
    x = rng.normal(size=N)
    # cohort (0 = never, 4, 6, 8): multinomial logit in x (x raises the chance of early adoption)
    sc = np.column_stack([np.zeros(N), 0.9 * x, 0.5 * x, 0.2 * x])
    p = np.exp(sc) / np.exp(sc).sum(axis=1, keepdims=True)
    u = rng.uniform(size=N)
    k = (u[:, None] > np.cumsum(p, axis=1)).sum(axis=1)
    g = np.array([0, 4, 6, 8])[k]
    alpha = 0.5 * x + rng.normal(size=N)
    eps = rng.normal(size=(N, T))
    x = np.round(x, 6)
    t = np.arange(1, T + 1)
    lam = 0.2 * t + 0.3 * np.sin(t)
    theta = {4: 1.0, 6: 0.6, 8: 0.3}
    rows = []
    for i in range(N):
        for j, tt in enumerate(t):
            e = tt - g[i]
            treated = g[i] > 0 and e >= 0
            tau = theta[g[i]] * (1 + e) * (1 + 0.25 * x[i]) if treated else 0.0
            y = alpha[i] + lam[j] + 0.3 * x[i] * tt + tau + eps[i, j]
            rows.append((i + 1, tt, y, x[i], int(g[i]), int(treated)))
    df = pd.DataFrame(rows, columns=["unit", "time", "y", "x", "g", "d"])
    d = case_dir("did_simulated")
    write_simulated_csv(df, d / "data.csv")
    rng2 = np.random.default_rng(20240621)
    drop = np.sort(rng2.choice(len(df), size=int(round(0.05 * len(df))), replace=False))
    df2 = read_csv(d / "data.csv").drop(index=drop).reset_index(drop=True)
    df2.to_csv(d / "data_unbalanced.csv", index=False)
    return d / "data.csv", theta


def make_2x2():
    rng = np.random.default_rng(20240622)
    N = 200
    D = np.zeros(N, int)
    D[rng.permutation(N)[:100]] = 1
    alpha = rng.normal(size=N) + 0.5 * D
    tau = 2.0 + 0.5 * rng.normal(size=N)
    e = rng.normal(size=(N, 2))
    rows = []
    for i in range(N):
        rows.append((i + 1, 1, alpha[i] + e[i, 0], 0, 2 * D[i]))
        rows.append((i + 1, 2, alpha[i] + 0.5 + D[i] * tau[i] + e[i, 1], D[i], 2 * D[i]))
    df = pd.DataFrame(rows, columns=["unit", "time", "y", "d", "g"])
    d = case_dir("did_2x2")
    write_simulated_csv(df, d / "data.csv")
    return d / "data.csv", float(np.mean(tau[D == 1]))


# ---------------------------------------------------------------------------------------------------------
# TWFE, Bacon, dCDH in numpy
# ---------------------------------------------------------------------------------------------------------
def fe_design(df, idc, tc):
    ui = pd.factorize(df[idc], sort=True)[0]
    ti = pd.factorize(df[tc], sort=True)[0]
    nU, nT = ui.max() + 1, ti.max() + 1
    F = np.zeros((len(df), nU + nT - 1))
    F[np.arange(len(df)), ui] = 1
    m = ti > 0
    F[np.where(m)[0], nU + ti[m] - 1] = 1
    return F, ui, ti


def twfe_numpy(df, y, d, idc, tc, w=None):
    F, ui, ti = fe_design(df, idc, tc)
    yv = df[y].to_numpy(float)
    dv = df[d].to_numpy(float)
    wv = np.ones(len(df)) if w is None else df[w].to_numpy(float)
    sw = np.sqrt(wv)
    X = np.column_stack([dv, F])
    b = np.linalg.lstsq(X * sw[:, None], yv * sw, rcond=None)[0]
    u = yv - X @ b
    gam = np.linalg.lstsq(F * sw[:, None], dv * sw, rcond=None)[0]
    dt = dv - F @ gam                       # residual of d on the fixed effects (weighted)
    beta = float(np.sum(wv * dt * yv) / np.sum(wv * dt**2))
    S = np.bincount(ui, weights=wv * dt * u)
    V0 = float(np.sum(S**2) / np.sum(wv * dt**2) ** 2)
    n = len(df)
    G = ui.max() + 1
    nT = ti.max() + 1
    K = 1 + nT   # fixest K.fixef = "nonnested": d + all time levels; unit FE nested in the unit clusters
    fac = (n - 1) / (n - K) * G / (G - 1)
    return dict(coefficient=beta, coefficient_lstsq=float(b[0]), se_no_adjustment=np.sqrt(V0),
                std_error=float(np.sqrt(V0 * fac)), small_sample_factor=fac, K=K, n=n, G=G, d_resid=dt)


def bacon_numpy(df, y, d, idc, tc, g):
    """Goodman-Bacon (2021) decomposition for a balanced panel with never-treated units (g = 0) and no
    always-treated units: Theorem 1 weights (numerators normalised to sum 1) and the 2x2 DiD estimates."""
    tl = np.sort(df[tc].unique())
    T = len(tl)
    wide = df.pivot(index=idc, columns=tc, values=y)[tl]
    gg = df.groupby(idc)[g].first().loc[wide.index].to_numpy()
    Yw = wide.to_numpy(float)
    N = len(gg)
    cohorts = np.sort(np.unique(gg[gg > 0]))
    nshare = {c: np.mean(gg == c) for c in list(cohorts) + [0]}
    Dbar = {c: np.mean(tl >= c) for c in cohorts}

    def mean_change(sel, post, pre):
        return np.mean(Yw[sel][:, post].mean(axis=1) - Yw[sel][:, pre].mean(axis=1))

    rows = []
    for k in cohorts:
        if nshare[0] > 0:
            nk, nu = nshare[k], nshare[0]
            nku = nk / (nk + nu)
            s = (nk + nu) ** 2 * nku * (1 - nku) * Dbar[k] * (1 - Dbar[k])
            post, pre = tl >= k, tl < k
            est = mean_change(gg == k, post, pre) - mean_change(gg == 0, post, pre)
            rows.append(dict(type="Treated vs Untreated", treated=int(k), untreated=99999, estimate=est, num=s))
    for a, k in enumerate(cohorts):
        for l in cohorts[a + 1:]:
            nk, nl = nshare[k], nshare[l]
            nkl = nk / (nk + nl)
            Dk, Dl = Dbar[k], Dbar[l]
            s_k = ((nk + nl) * (1 - Dl)) ** 2 * nkl * (1 - nkl) * (Dk - Dl) / (1 - Dl) * (1 - Dk) / (1 - Dl)
            s_l = ((nk + nl) * Dk) ** 2 * nkl * (1 - nkl) * (Dl / Dk) * (Dk - Dl) / Dk
            win = tl < l
            est_k = mean_change(gg == k, win & (tl >= k), win & (tl < k)) - \
                mean_change(gg == l, win & (tl >= k), win & (tl < k))
            win = tl >= k
            est_l = mean_change(gg == l, win & (tl >= l), win & (tl < l)) - \
                mean_change(gg == k, win & (tl >= l), win & (tl < l))
            rows.append(dict(type="Earlier vs Later Treated", treated=int(k), untreated=int(l), estimate=est_k, num=s_k))
            rows.append(dict(type="Later vs Earlier Treated", treated=int(l), untreated=int(k), estimate=est_l, num=s_l))
    tot = sum(r["num"] for r in rows)
    for r in rows:
        r["weight"] = r.pop("num") / tot
    return rows


def dcdh_numpy(df, d, idc, tc, g, w=None):
    """de Chaisemartin & D'Haultfoeuille (2020) Theorem 1 weights (feTR): eps = residual of d on unit and time
    FE (weighted), weight of treated cell (i,t) = w_i eps_it / sum over treated cells of w eps."""
    F, ui, ti = fe_design(df, idc, tc)
    dv = df[d].to_numpy(float)
    wv = np.ones(len(df)) if w is None else df[w].to_numpy(float)
    sw = np.sqrt(wv)
    gam = np.linalg.lstsq(F * sw[:, None], dv * sw, rcond=None)[0]
    eps = dv - F @ gam
    tr = dv == 1
    cell_w = np.where(tr, wv * eps, 0.0) / np.sum(wv[tr] * eps[tr])
    out = pd.DataFrame({"id": df[idc].to_numpy(), "t": df[tc].to_numpy(), "g": df[g].to_numpy(), "w": cell_w,
                        "tr": tr, "eps": eps})
    o = out[out.tr]
    agg = o.groupby(["g", "t"]).agg(weight=("w", "sum"), n_units=("w", "size"), w_min=("w", "min"),
                                    w_max=("w", "max"), eps=("eps", "first")).reset_index()
    cells = [dict(cohort=int(r.g), time=int(r.t), weight=float(r.weight), n_units=int(r.n_units),
                  weight_per_unit_cell=float(r.weight / r.n_units) if w is None else None,
                  residual=float(r.eps))
             for r in agg.itertuples()]
    neg = o.w < 0
    return dict(cells=cells, unit_cell_weights=o[["id", "t", "w"]], negative_count=int(neg.sum()),
                positive_count=int((o.w > 0).sum()), treated_cells=int(len(o)),
                negative_share=float(neg.mean()), negative_sum=float(o.w[neg].sum()),
                positive_sum=float(o.w[o.w > 0].sum()),
                negative_count_cohort_time=int((agg.weight < 0).sum()),
                max_within_cohort_time_spread=float((agg.w_max - agg.w_min).abs().max()))


# ---------------------------------------------------------------------------------------------------------
# cross-check packages
# ---------------------------------------------------------------------------------------------------------
def csdid_py(df, y, t, idc, g, control, est, base, xcov=None, weights=None, anticipation=0):
    from csdid.att_gt import ATTgt
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        m = ATTgt(yname=y, tname=t, idname=idc, gname=g, data=df.copy(), control_group=control,
                  xformla=(f"{y} ~ {xcov}" if xcov else None), weights_name=weights, anticipation=anticipation)
        r = m.fit(est_method=est, base_period=base, bstrap=False)
        res = r.results
        out = dict(group=np.asarray(res["group"], float), t=np.asarray(res["year"], float),
                   att=np.asarray(res["att"], float), se=np.asarray(res["se"], float))
        aggs = {}
        for ty in ["simple", "dynamic", "group", "calendar"]:
            a = m.aggte(typec=ty, bstrap=False, cband=False)
            ao = a.atte if hasattr(a, "atte") else a
            aggs[ty] = dict(att=float(ao["overall_att"]), se=float(ao["overall_se"]),
                            att_egt=(np.asarray(ao["att_egt"], float) if ao.get("att_egt") is not None else None),
                            se_egt=(np.asarray(ao["se_egt"], float).ravel() if ao.get("se_egt") is not None else None))
        out["aggs"] = aggs
    return out


def differences_py(df, y, t, idc, g, control, est, base, xcov=None, weights=None):
    from differences import ATTgt
    d2 = df.copy()
    d2["_g"] = d2[g].where(d2[g] > 0, np.nan)
    d2 = d2.set_index([idc, t])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = ATTgt(data=d2, cohort_column="_g", base_period=base)
        r = a.fit(formula=(f"{y} ~ {xcov}" if xcov else y), est_method={"ipw": "std_ipw-mle"}.get(est, est),
                  control_group={"nevertreated": "never_treated", "notyettreated": "not_yet_treated"}[control],
                  weights_column=weights, progress_bar=False)
        simple = a.aggregate("simple")
    p = r.to_pandas()
    idx = p.index.to_frame(index=False)
    return dict(group=idx.iloc[:, 0].to_numpy(float), t=idx.iloc[:, -1].to_numpy(float),
                att=p.iloc[:, 0].to_numpy(float), se=p.iloc[:, 1].to_numpy(float),
                simple_att=float(simple.iloc[0, 0]), simple_se=float(simple.iloc[0, 1]))


# ---------------------------------------------------------------------------------------------------------
# assembling expected.json blocks
# ---------------------------------------------------------------------------------------------------------
CONTROL_TEXT = {"nevertreated": "never-treated units (g = 0) are the comparison group",
                "notyettreated": "never-treated units plus units with g > max(t, base period) + anticipation "
                                 "(excluding cohort g itself) are the comparison group"}
EST_TEXT = {"dr": "doubly robust, DRDID::drdid_panel (Sant'Anna & Zhao 2020 'traditional' DR: ML logit + weighted "
                  "OLS on the comparison units' outcome change; comparison units with pscore >= 0.995 get weight 0)",
            "reg": "outcome regression, DRDID::reg_did_panel (OLS of the comparison units' outcome change on X, "
                   "averaged over the treated)",
            "ipw": "inverse probability weighting, DRDID::std_ipw_did_panel (Hajek-normalised, ML logit)"}


def parse_cfg(name):
    p = name.split("_")
    extra = p[4:]
    return dict(control=p[0], est=p[1], base=p[2], cov=(None if p[3] == "nocov" else p[3]),
                weights=("popwt" if "popwt" in extra else None),
                anticipation=(1 if "anticipation1" in extra else 0))


def r_call(case_vars, c):
    y, t, idc, g = case_vars
    s = (f"did::att_gt(yname='{y}', tname='{t}', idname='{idc}', gname='{g}', "
         f"xformla={('~' + c['cov']) if c['cov'] else 'NULL'}, control_group='{c['control']}', "
         f"est_method='{c['est']}', base_period='{c['base']}', anticipation={c['anticipation']}, ")
    if c["weights"]:
        s += f"weightsname='{c['weights']}', "
    return s + "bstrap=FALSE, cband=FALSE)"


def elements(keyname, egt, att, se):
    return [{keyname: (int(e) if float(e).is_integer() else float(e)), "value": a, "std_error": s}
            for e, a, s in zip(egt, att, se)]


def block_from_r(rc, case_vars, name, bases=None):
    c = parse_cfg(name)
    att_gt = []
    for k, (gv, tv, a, s) in enumerate(zip(rc["att_group"], rc["att_t"], rc["att"], rc["se"])):
        row = {"cohort": int(gv), "time": int(tv), "value": a, "std_error": s}
        if bases is not None:
            row["base_period"] = int(bases[k])
        att_gt.append(row)
    pt = rc["pretest"]
    blk = {
        "definition": (r_call(case_vars, c) + "; then did::aggte(type = simple|dynamic|group|calendar, "
                       "bstrap = FALSE, cband = FALSE). " + CONTROL_TEXT[c["control"]] + "; " + EST_TEXT[c["est"]]
                       + f"; base period {c['base']}"),
        "options": c, "n_units": rc["n"],
        "att_gt": att_gt,
        "pretest": {"statistic": pt["W"], "df": pt["df"], "p_value": pt["p_value_unrounded"],
                    "p_value_did_rounded_5dp": pt["Wpval_did_rounded"]},
        "aggregations": {
            "simple": {"value": rc["simple"]["overall_att"], "std_error": rc["simple"]["overall_se"]},
            "dynamic": {"value": rc["dynamic"]["overall_att"], "std_error": rc["dynamic"]["overall_se"],
                        "elements": elements("event_time", rc["dynamic"]["egt"], rc["dynamic"]["att_egt"],
                                             rc["dynamic"]["se_egt"])},
            "group": {"value": rc["group"]["overall_att"], "std_error": rc["group"]["overall_se"],
                      "elements": elements("cohort", rc["group"]["egt"], rc["group"]["att_egt"], rc["group"]["se_egt"])},
            "calendar": {"value": rc["calendar"]["overall_att"], "std_error": rc["calendar"]["overall_se"],
                         "elements": elements("time", rc["calendar"]["egt"], rc["calendar"]["att_egt"],
                                              rc["calendar"]["se_egt"])}},
    }
    if pt["W"] is None:
        blk["pretest"]["note"] = ("did returned no Wald statistic (see did_warnings: the covariance matrix of the "
                                  "pre-treatment ATT(g,t) is singular or has NA entries); df counts the pre-treatment "
                                  "cells with a non-null SE")
    if rc.get("warnings_att_gt"):
        blk["did_warnings"] = rc["warnings_att_gt"]
    return blk


def numpy_block(df, case_vars, name, balanced_info=None):
    y, t, idc, g = case_vars
    c = parse_cfg(name)
    P = cs.make_panel(df, y, t, idc, g, covariates=([c["cov"]] if c["cov"] else []), weights=c["weights"])
    R = cs.att_gt(P, control=c["control"], est=c["est"], base=c["base"], anticipation=c["anticipation"])
    A = cs.aggte(R)
    A2 = cs.aggte(R, group_wif_as_did=False)
    return P, R, A, A2


def compare_np_r(R, A, rc):
    """max |numpy - R| over ATT(g,t), SEs, pre-test, aggregations (NaN-aware)."""
    def md(a, b):
        a = np.asarray(a, float); b = np.asarray(b, float)
        assert a.shape == b.shape, (a.shape, b.shape)
        m = ~(np.isnan(a) & np.isnan(b))
        assert np.all(np.isnan(a[m]) == np.isnan(b[m])), "NaN pattern differs"
        mm = m & ~np.isnan(a)
        return float(np.max(np.abs(a[mm] - b[mm]))) if mm.any() else 0.0
    out = {"att_gt_value": md(R["att"], rc["att"]), "att_gt_std_error": md(R["se"], rc["se"])}
    if rc["pretest"]["W"] is not None and R["pretest_W"] is not None:
        out["pretest_statistic_rel"] = abs(R["pretest_W"] / rc["pretest"]["W"] - 1)
    agg = 0.0
    for ty in ["simple", "dynamic", "group", "calendar"]:
        agg = max(agg, md([A[ty]["att"], A[ty]["se"]], [rc[ty]["overall_att"], rc[ty]["overall_se"]]))
        if ty != "simple":
            agg = max(agg, md(A[ty]["att_egt"], rc[ty]["att_egt"]), md(A[ty]["se_egt"], rc[ty]["se_egt"]))
    out["aggregations_value_and_se"] = agg
    return out


def panel_shape(df, idc, t, g, d=None):
    u = df.drop_duplicates(idc)
    coh = u[g].value_counts().sort_index()
    cnt = df.groupby(idc)[t].nunique()
    return {"units": int(df[idc].nunique()), "periods": int(df[t].nunique()),
            "time_values": sorted(int(v) for v in df[t].unique()), "rows": int(len(df)),
            "cohorts": [{"cohort": int(k), "size": int(v)} for k, v in coh.items() if k > 0],
            "never_treated": int(coh.get(0, 0)),
            "balanced": bool((cnt == df[t].nunique()).all()),
            "units_not_observed_in_every_period": int((cnt < df[t].nunique()).sum()),
            "treated_rows": (int(df[d].sum()) if d else None)}


def twfe_block(rt, npt, pyf, label):
    fac = rt["std_error"] ** 2 / rt["se_no_adjustment"] ** 2
    return {
        "definition": (f"fixest::feols({label}, cluster = ~unit) with fixest's default small-sample correction "
                       "ssc(K.adj = TRUE, K.fixef = 'nonnested', G.adj = TRUE, G.df = 'min', t.df = 'min'): "
                       "V = (n-1)/(n-K) * G/(G-1) * V_CR0, with K = 1 + number of time periods (the unit FE are "
                       "nested in the unit clusters and are not counted; all time levels are counted), t df = G - 1"),
        "coefficient": rt["coefficient"], "std_error": rt["std_error"], "t_value": rt["t_value"],
        "p_value": rt["p_value"], "df": rt["t_df"], "n_obs": rt["nobs"], "n_clusters": rt["n_clusters"],
        "K": rt["df_K"], "small_sample_factor": fac,
        "small_sample_factor_formula": "(n-1)/(n-K) * G/(G-1)",
        "std_error_no_adjustment_CR0": rt["se_no_adjustment"], "std_error_G_adj_only": rt["se_G_adj_only"],
        "std_error_K_fixef_full": rt["se_K_full"], "std_error_iid": rt["se_iid"],
        "ci95_t": [rt["coefficient"] - stats.t.ppf(0.975, rt["t_df"]) * rt["std_error"],
                   rt["coefficient"] + stats.t.ppf(0.975, rt["t_df"]) * rt["std_error"]],
        "crosschecks": {"numpy_fwl_coefficient_abs_diff": abs(npt["coefficient"] - rt["coefficient"]),
                        "numpy_std_error_rel_diff": abs(npt["std_error"] / rt["std_error"] - 1),
                        "numpy_small_sample_factor": npt["small_sample_factor"],
                        "pyfixest": pyf},
    }


def pyfixest_check(df, y, d, idc, tc, rt, w=None):
    try:
        import pyfixest as pf
        fit = pf.feols(f"{y} ~ {d} | {idc} + {tc}", data=df, vcov={"CRV1": idc}, weights=w)
        b = float(fit.coef().iloc[0]); s = float(fit.se().iloc[0])
        # pyfixest's iterative demeaning is multithreaded and not bit-reproducible: record bounds, not values
        return {"coefficient_abs_diff_below_1e-10": bool(abs(b - rt["coefficient"]) < 1e-10),
                "std_error_rel_diff_below_1e-8": bool(abs(s / rt["std_error"] - 1) < 1e-8),
                "same_small_sample_correction_as_fixest_default": bool(abs(s / rt["std_error"] - 1) < 1e-8)}
    except Exception as e:  # pragma: no cover
        return {"error": repr(e)}


def bacon_block(rb, nb, twfe_coef):
    comps = [dict(type=tp, treated=int(tr), untreated=int(un), estimate=e, weight=w)
             for tp, tr, un, e, w in zip(rb["type"], rb["treated"], rb["untreated"], rb["estimate"], rb["weight"])]
    key = lambda r: (r["type"], r["treated"], r["untreated"])
    nbm = {key(r): r for r in nb}
    de = max(abs(nbm[key(r)]["estimate"] - r["estimate"]) for r in comps)
    dw = max(abs(nbm[key(r)]["weight"] - r["weight"]) for r in comps)
    by_type = {}
    for r in comps:
        b = by_type.setdefault(r["type"], {"weight": 0.0, "weighted_estimate": 0.0})
        b["weight"] += r["weight"]; b["weighted_estimate"] += r["weight"] * r["estimate"]
    for b in by_type.values():
        b["avg_estimate"] = b.pop("weighted_estimate") / b["weight"]
    return {"definition": ("Goodman-Bacon (2021) Theorem 1 for a balanced panel without covariates: "
                           "bacondecomp::bacon(y ~ d, id_var, time_var). 'Treated vs Untreated' = cohort vs never "
                           "treated (untreated = 99999); 'Earlier vs Later Treated' = earlier cohort treated, later "
                           "cohort as control in the periods before the later cohort is treated; 'Later vs Earlier "
                           "Treated' = later cohort treated, earlier (already treated) cohort as control from the "
                           "earlier cohort's first treated period on. Estimates are 2x2 DiDs of period means; weights "
                           "sum to 1 and sum(weight * estimate) = TWFE coefficient."),
            "comparisons": comps, "by_type": by_type, "weighted_sum": rb["weighted_sum"],
            "twfe_coefficient": twfe_coef,
            "crosschecks": {"numpy_closed_form_estimate_max_abs_diff": de, "numpy_closed_form_weight_max_abs_diff": dw,
                            "weighted_sum_minus_twfe": rb["weighted_sum"] - twfe_coef}}


def dcdh_block(rd, nd, weighted=False):
    rw = pd.DataFrame({"id": rd["cells"]["id"], "t": rd["cells"]["t"], "w": rd["cells"]["weight"]})
    m = nd["unit_cell_weights"].merge(rw, on=["id", "t"], suffixes=("_np", "_r"))
    return {"definition": ("de Chaisemartin & D'Haultfoeuille (2020) Theorem 1, TwoWayFEWeights::twowayfeweights("
                           "type = 'feTR'" + (", weights = popwt" if weighted else "") + "): eps = residual of the "
                           "regression of d on unit and time fixed effects" + (" (weighted)" if weighted else "") +
                           "; the weight of treated unit-period cell (i,t) is w_it eps_it / sum over treated cells of "
                           "w eps (w = 1 unweighted). Weights sum to 1 over the treated cells; beta_TWFE = sum weight * "
                           "Delta_it under parallel trends. 'weights' lists each treated (cohort, time) cell with the "
                           "summed weight of its unit cells (every unit of a cohort has the same eps in a balanced "
                           "panel). negative_count / negative_share / negative_sum count unit-period cells as "
                           "TwoWayFEWeights does (nr_minus, sum_minus)."),
            "weights": nd["cells"], "treated_cells": nd["treated_cells"],
            "negative_count": nd["negative_count"], "positive_count": nd["positive_count"],
            "negative_share": nd["negative_share"], "negative_sum": nd["negative_sum"],
            "positive_sum": nd["positive_sum"], "negative_count_cohort_time": nd["negative_count_cohort_time"],
            "beta_twfe": rd["beta"], "sensitivity_sigma_fe": rd["sensibility"],
            "crosschecks": {"TwoWayFEWeights_nr_minus": rd["nr_minus"], "TwoWayFEWeights_nr_plus": rd["nr_plus"],
                            "TwoWayFEWeights_sum_minus_abs_diff": abs(rd["sum_minus"] - nd["negative_sum"]),
                            "TwoWayFEWeights_cell_weight_max_abs_diff": float(np.max(np.abs(m.w_np - m.w_r))),
                            "cells_matched": int(len(m)),
                            "max_within_cohort_time_weight_spread": nd["max_within_cohort_time_spread"]}}


def run_case(case, df, case_vars, dcol, rj):
    """Build configurations (R authority) + numpy/csdid/differences cross-checks."""
    y, t, idc, g = case_vars
    confs, xc = {}, {}
    for name, rc in rj["cs"].items():
        P, R, A, A2 = numpy_block(df, case_vars, name)
        blk = block_from_r(rc, case_vars, name, bases=R["base"])
        blk["aggregations"]["group"]["std_error_intended_wif_supplementary"] = A2["group"]["se"]
        confs[name] = blk
        xc[name] = {"numpy_transcription_max_abs_diff": compare_np_r(R, A, rc)}
    return confs, xc


def pkg_crosschecks(df, case_vars, rj, names):
    y, t, idc, g = case_vars
    out = {}
    for name in names:
        c = parse_cfg(name)
        rc = rj["cs"][name]
        rec = {}
        try:
            o = csdid_py(df, y, t, idc, g, c["control"], c["est"], c["base"], c["cov"], c["weights"], c["anticipation"])
            rec["csdid_att_gt_max_abs_diff"] = max_abs_diff(o["att"], rc["att"])
            m = ~np.isnan(np.asarray(rc["se"], float))
            rec["csdid_se_max_rel_diff"] = rel_diff(o["se"][m], np.asarray(rc["se"], float)[m])
            agg = {}
            for ty in ["simple", "dynamic", "group", "calendar"]:
                a = {"value": abs(o["aggs"][ty]["att"] - rc[ty]["overall_att"]),
                     "std_error": abs(o["aggs"][ty]["se"] - rc[ty]["overall_se"])}
                if ty != "simple":
                    a["elements_value"] = max_abs_diff(o["aggs"][ty]["att_egt"], rc[ty]["att_egt"])
                    m2 = ~np.isnan(np.asarray(rc[ty]["se_egt"], float))
                    a["elements_std_error"] = max_abs_diff(np.asarray(o["aggs"][ty]["se_egt"])[m2],
                                                           np.asarray(rc[ty]["se_egt"], float)[m2])
                agg[ty] = a
            rec["csdid_aggregations_abs_diff"] = agg
            _, R, _, A2 = numpy_block(df, (y, t, idc, g), name)
            rec["csdid_group_overall_se_minus_numpy_intended_wif"] = o["aggs"]["group"]["se"] - A2["group"]["se"]
        except Exception as e:
            rec["csdid_error"] = repr(e)[:300]
        if c["anticipation"] == 0:
            try:
                o = differences_py(df, y, t, idc, g, c["control"], c["est"], c["base"], c["cov"], c["weights"])
                key = {(a, b): (v, s) for a, b, v, s in zip(rc["att_group"], rc["att_t"], rc["att"], rc["se"])}
                da, ds = 0.0, 0.0
                for a, b, v, s in zip(o["group"], o["t"], o["att"], o["se"]):
                    rv, rs = key[(a, b)]
                    if rv is None:
                        continue
                    da = max(da, abs(v - rv))
                    if rs is not None and not np.isnan(s):
                        ds = max(ds, abs(s / rs - 1))
                rec["differences_att_gt_max_abs_diff"] = da
                rec["differences_se_max_rel_diff"] = ds
                rec["differences_n_att_gt"] = int(len(o["att"]))
                rec["differences_simple_abs_diff"] = abs(o["simple_att"] - rc["simple"]["overall_att"])
                rec["differences_simple_se_rel_diff"] = abs(o["simple_se"] / rc["simple"]["overall_se"] - 1)
            except Exception as e:
                rec["differences_error"] = repr(e)[:300]
        out[name] = rec
    return out


DEFINITIONS = {
    "att_gt": ("ATT(g,t) as did::att_gt computes it for a balanced panel: for cohort g and period t, the 2x2 DiD of "
               "units with G = g against the comparison group, with outcome change Y_t - Y_base. Base period: "
               "post-treatment cells (g <= t) always use base = g - 1 - anticipation (the last period < g - "
               "anticipation); pre-treatment cells use base = t - 1 under 'varying' and g - 1 - anticipation under "
               "'universal' (where the cell t = base is reported as 0 with SE null). Only cohorts g > first period "
               "+ anticipation are estimated. The 2x2 estimator (DRDID panel function) runs on the units of cohort g "
               "plus the comparison units (n1 of them), with unit weights normalised to mean 1 within that "
               "subsample, and the covariate matrix [1, X]."),
    "influence_function_and_se": ("did's influence function of ATT(g,t) for unit i is psi_i = (n/n1) * "
                                  "IF_i(DRDID) for units in the 2x2 subsample and 0 otherwise (n = all units in the "
                                  "panel). V = Psi'Psi/n and SE = sqrt(diag(V)/n) = sqrt(sum_i psi_i^2)/n: no "
                                  "centring, no degrees-of-freedom correction, clustered by unit (each unit is one "
                                  "row of Psi). SEs <= sqrt(machine eps)*10 are set to null. Normal CIs "
                                  "(value +- 1.959963984540054 * SE). This is did with bstrap = FALSE, cband = FALSE."),
    "pretest": ("did's Wald pre-test: pre = the ATT(g,t) with g > t (pre-treatment cells) and a non-null SE; "
                "W = n * a' V_pre^{-1} a, df = number of such cells, p = P(chi2_df > W). did prints the p-value "
                "rounded to 5 decimals (p_value_did_rounded_5dp); p_value is unrounded."),
    "aggregations": ("did::aggte with pg_g = mean_i(w_i 1{G_i = g}) over all n units (w = unit weights, 1 if none). "
                     "simple: sum over post cells (g <= t) of pg_g ATT(g,t) / sum pg. dynamic: for each event time "
                     "e = t - g (all cells, pre and post), sum over cells with t - g = e of pg ATT / sum pg; overall = "
                     "unweighted mean over e >= 0. group: for each cohort, the unweighted mean of its post cells; "
                     "overall = sum_g pg_g theta_g / sum pg. calendar: for each t >= min g, sum over cohorts with "
                     "g <= t of pg ATT(g,t)/sum pg; overall = unweighted mean over those t. Influence functions are the "
                     "weighted sums of the ATT(g,t) influence functions plus, where the weights are estimated (simple, "
                     "each event time, each calendar time, group overall), did's wif() term for the estimated pg; the "
                     "dynamic and calendar overalls and the per-group elements have no wif term. SE = "
                     "sqrt(mean(psi^2)/n)."),
    "group_overall_se_quirk": ("did 2.1.2 computes the wif() term of the overall 'group' parameter with "
                               "keepers = 1..nG and the (g,t)-length vector of cohorts, so the indicator is "
                               "1{G_i = cohort of the k-th ATT(g,t) cell} instead of 1{G_i = g_k}. aggregations.group."
                               "std_error is did's number; std_error_intended_wif_supplementary uses 1{G_i = g_k}. "
                               "The point estimate is not affected."),
}


def main():
    # ---------------- data -----------------
    castle_csv = make_castle()
    sim_csv, theta = make_simulated()
    tt_csv, tt_true_att = make_2x2()

    # ---------------- did_mpdta ---------------
    cases = [
        dict(case="did_mpdta", vars=("lemp", "year", "countyreal", "first.treat"), d="d",
             pkg=["nevertreated_dr_varying_nocov", "notyettreated_dr_varying_nocov", "nevertreated_dr_varying_lpop",
                  "nevertreated_reg_varying_lpop", "nevertreated_ipw_varying_lpop", "notyettreated_dr_varying_lpop",
                  "nevertreated_dr_universal_nocov", "nevertreated_dr_universal_lpop",
                  "nevertreated_dr_varying_nocov_anticipation1"]),
        dict(case="did_second_panel", vars=("l_homicide", "year", "sid", "g"), d="post", w="popwt",
             pkg=["nevertreated_dr_varying_nocov", "notyettreated_dr_varying_nocov",
                  "nevertreated_dr_varying_nocov_popwt", "nevertreated_dr_universal_nocov"]),
        dict(case="did_simulated", vars=("y", "time", "unit", "g"), d="d",
             pkg=["nevertreated_dr_varying_nocov", "nevertreated_dr_varying_x", "nevertreated_reg_varying_x",
                  "nevertreated_ipw_varying_x", "notyettreated_dr_varying_x", "nevertreated_dr_universal_x",
                  "nevertreated_dr_varying_x_anticipation1"]),
        dict(case="did_2x2", vars=("y", "time", "unit", "g"), d="d",
             pkg=["nevertreated_dr_varying_nocov"]),
    ]
    for C in cases:
        case = C["case"]
        d = FIX / case
        if not (d / "data.csv").exists():
            print(case, "data.csv missing (run did.R first for did_mpdta)")
            continue
        df = read_csv(d / "data.csv")
        y, t, idc, g = C["vars"]
        out = {"case": case}
        out["panel"] = panel_shape(df, idc, t, g, C["d"])
        rj = note_r(d / "r_did.json")
        # TWFE / Bacon / dCDH numpy (always)
        npt = twfe_numpy(df, y, C["d"], idc, t)
        nb = bacon_numpy(df, y, C["d"], idc, t, g)
        nd = dcdh_numpy(df, C["d"], idc, t, g)
        if rj is None:
            dump_json({"case": case, "note": "R results missing: run did.R, then did.py again",
                       "panel": out["panel"]}, d / "expected.json")
            print(case, "pass 1 (no R numbers yet); numpy TWFE", npt["coefficient"])
            continue
        confs, xc = run_case(case, df, C["vars"], C["d"], rj)
        pk = pkg_crosschecks(df, C["vars"], rj, C["pkg"])
        for k, v in pk.items():
            xc[k].update(v)
        out["configurations"] = confs
        out["definitions"] = DEFINITIONS
        rt = rj["twfe"]
        out["twfe"] = twfe_block(rt, npt, pyfixest_check(df, y, C["d"], idc, t, rt), f"{y} ~ {C['d']} | {idc} + {t}")
        out["bacon"] = bacon_block(rj["bacon"], nb, rt["coefficient"])
        out["dcdh"] = dcdh_block(rj["dcdh"], nd)
        if C.get("w"):
            npw = twfe_numpy(df, y, C["d"], idc, t, w=C["w"])
            rtw = rj["twfe_weighted"]
            out["twfe_weighted"] = twfe_block(rtw, npw, pyfixest_check(df, y, C["d"], idc, t, rtw, w=C["w"]),
                                              f"{y} ~ {C['d']} | {idc} + {t}, weights = ~{C['w']}")
            out["twfe_weighted"]["definition"] += ("; weighted least squares with weights popwt (unit-level, constant "
                                                   "over time); n in the correction is the number of rows")
            ndw = dcdh_numpy(df, C["d"], idc, t, g, w=C["w"])
            out["dcdh_weighted"] = dcdh_block(rj["dcdh_weighted"], ndw, weighted=True)
        out["crosschecks"] = xc
        # influence function files
        iff = sorted(p.name for p in d.glob("influence_*.csv"))
        out["influence_function_files"] = {
            f: ("per-unit influence functions from R did (%.17g): one row per unit (sorted by id), columns "
                "attgt_<g>_<t> = did's inffunc column for ATT(g,t) (so SE = sqrt(sum psi^2)/n) and 'simple' = the "
                "influence function of aggte(type = 'simple') including the wif term") for f in iff}
        ifx = {}
        for f in iff:
            name = f[len("influence_"):-4]
            P, R, A, _ = numpy_block(df, C["vars"], name)
            fi = read_csv(d / f)
            cols = [c for c in fi.columns if c.startswith("attgt_")]
            ifx[f] = {"numpy_attgt_max_abs_diff": max_abs_diff(R["IF"], fi[cols].to_numpy()),
                      "numpy_simple_max_abs_diff": max_abs_diff(A["simple"]["inf"], fi["simple"].to_numpy()),
                      "ids_match": bool(np.array_equal(P["ids"], fi[idc].to_numpy()))}
        out["crosschecks"]["influence_function_files"] = ifx
        out["authority"] = ("R did 2.1.2 (+ DRDID 1.2.3) for the CS blocks, fixest 0.14.2 for TWFE, bacondecomp 0.1.1 "
                            "for Bacon, TwoWayFEWeights 2.0.4 for dCDH (raw output: r_did.json). Cross-checks: numpy "
                            "transcription (scripts/_csdid.py), Python csdid and differences, pyfixest, numpy closed forms.")
        out["versions"] = {**versions("csdid", "differences", "pyfixest"), "R": rj["versions"]}
        # case-specific additions
        if case == "did_mpdta":
            out["data"] = ("did::mpdta from R did 2.1.2 (data/mpdta.rda), rows in the package's order, floats written "
                           "with 17 significant digits; d = 1 if first.treat > 0 and year >= first.treat (added)")
            out["roles"] = {"outcome": "lemp", "time": "year", "unit": "countyreal", "cohort": "first.treat (0 = never)",
                            "treatment": "d", "covariate": "lpop (time-invariant)"}
            out["published"] = published_mpdta(rj)
        elif case == "did_second_panel":
            out["data"] = ("Castle doctrine panel of Cheng & Hoekstra (2013, JHR 48(3)), " + CASTLE_SOURCE +
                           ". Columns kept: sid, state, year, l_homicide (log homicide rate), post, popwt (time-"
                           "invariant population weight), effyear; added g = first year with post = 1 (0 = never) and "
                           "post_bacon = 1[year >= effyear] (the 'post' of bacondecomp::castle). The .dta stores "
                           "l_homicide and popwt as float32; data.csv holds the exact doubles of those floats.")
            out["roles"] = {"outcome": "l_homicide", "time": "year", "unit": "sid", "cohort": "g (0 = never)",
                            "treatment": "post", "weights": "popwt"}
            out["published"] = published_castle(rj, df)
            out["no_covariate_configurations"] = ("No conditional (xformla) configuration: every covariate in castle.dta "
                                                  "except region dummies is time-varying, and cohorts 2006 and 2010 have "
                                                  "one state each, so a propensity model is not estimable in a sensible "
                                                  "way. Without covariates dr = reg = ipw, so only dr is given.")
        elif case == "did_simulated":
            out["data"] = ("simulated, seed 20240620: 300 units, periods 1..10; x ~ N(0,1) (time-invariant); cohort "
                           "in {never, 4, 6, 8} by multinomial logit with scores (0, 0.9x, 0.5x, 0.2x); y = alpha_i + "
                           "0.2t + 0.3 sin t + 0.3 x t + tau_it + e, alpha_i = 0.5x + N(0,1), e ~ N(0,1); tau_it = "
                           "theta_g (1 + e) (1 + 0.25 x) for event time e = t - g >= 0, theta = {4: 1.0, 6: 0.6, 8: 0.3}. "
                           "x shifts trends (0.3 x t) and adoption, so unconditional parallel trends fail and "
                           "conditional-on-x parallel trends hold.")
            out["roles"] = {"outcome": "y", "time": "time", "unit": "unit", "cohort": "g (0 = never)", "treatment": "d",
                            "covariate": "x"}
            out["truth"] = sim_truth(df, theta)
            out["unbalanced"] = unbalanced_block(d, rj, C["vars"])
        elif case == "did_2x2":
            out["data"] = ("simulated, seed 20240622: 200 units, periods 1 and 2, 100 units (random) treated in period 2; "
                           "y_i1 = alpha_i + e, y_i2 = alpha_i + 0.5 + D_i tau_i + e, alpha_i = N(0,1) + 0.5 D_i, "
                           "tau_i = 2 + 0.5 N(0,1)")
            out["roles"] = {"outcome": "y", "time": "time", "unit": "unit", "cohort": "g (2 = treated, 0 = never)",
                            "treatment": "d"}
            out["two_by_two"] = two_by_two_block(df, out, tt_true_att)
        dump_json(out, d / "expected.json")
        s = out["configurations"][next(iter(out["configurations"]))]["aggregations"]["simple"]
        print(case, "simple", s, "twfe", out["twfe"]["coefficient"], out["twfe"]["std_error"])
        for k, v in xc.items():
            if k != "influence_function_files":
                print("  ", k, {a: (round(b, 16) if isinstance(b, float) else b) for a, b in
                               (v["numpy_transcription_max_abs_diff"] | {kk: vv for kk, vv in v.items()
                                                                         if kk != "numpy_transcription_max_abs_diff"}).items()})
        print("  IF files", ifx)


def published_mpdta(rj):
    src = ("did 2.1.2 vignette 'Getting Started with the did Package' (vignettes/did-basics.Rmd, rendered "
           "inst/doc/did-basics.html), section 'The Effect of the Minimum Wage on Youth Employment': "
           "att_gt(yname='lemp', gname='first.treat', idname='countyreal', tname='year', xformla=~1, data=mpdta) "
           "with the DEFAULT bstrap = TRUE, cband = TRUE (so its standard errors are multiplier-bootstrap draws and "
           "are not reproducible analytically; only point estimates, printed to 4 decimals, and the pre-test p-value "
           "are pinned here)")
    pub_attgt = {(2004, 2004): -0.0105, (2004, 2005): -0.0704, (2004, 2006): -0.1373, (2004, 2007): -0.1008,
                 (2006, 2004): 0.0065, (2006, 2005): -0.0028, (2006, 2006): -0.0046, (2006, 2007): -0.0412,
                 (2007, 2004): 0.0305, (2007, 2005): -0.0027, (2007, 2006): -0.0311, (2007, 2007): -0.0261}
    pub_dyn = {-3: 0.0305, -2: -0.0006, -1: -0.0245, 0: -0.0199, 1: -0.0510, 2: -0.1373, 3: -0.1008}
    rc = rj["cs"]["nevertreated_dr_varying_nocov"]
    ok = all(round(a, 4) == pub_attgt[(int(g), int(t))] for g, t, a in zip(rc["att_group"], rc["att_t"], rc["att"]))
    okd = all(round(a, 4) == pub_dyn[int(e)] for e, a in zip(rc["dynamic"]["egt"], rc["dynamic"]["att_egt"]))
    return {"source": src,
            "att_gt_4dp": [{"cohort": g, "time": t, "value": v} for (g, t), v in pub_attgt.items()],
            "pretest_p_value_5dp": 0.16812,
            "dynamic_4dp": {"overall": -0.0772, "elements": [{"event_time": e, "value": v} for e, v in pub_dyn.items()]},
            "reproduced_by_nevertreated_dr_varying_nocov": {"att_gt": ok, "dynamic": okd,
                                                           "dynamic_overall": round(rc["dynamic"]["overall_att"], 4) == -0.0772,
                                                           "pretest": rc["pretest"]["Wpval_did_rounded"] == 0.16812},
            "paper_note": ("Callaway & Sant'Anna (2021, J. Econometrics 225(2)) use a larger county sample in their "
                           "application; mpdta is the package's illustrative subset, so the paper's tables are not "
                           "reproducible from mpdta and are not pinned.")}


def published_castle(rj, df):
    tw = rj["twfe_post_bacon"]
    bb = rj["bacon_post_bacon"]
    by = {}
    for tp, e, w in zip(bb["type"], bb["estimate"], bb["weight"]):
        b = by.setdefault(tp, [0.0, 0.0]); b[0] += w; b[1] += w * e
    by = {k: {"weight": v[0], "avg_estimate": v[1] / v[0]} for k, v in by.items()}
    pub = {"Earlier vs Later Treated": (0.05976, -0.00554), "Later vs Earlier Treated": (0.03190, 0.07032),
           "Treated vs Untreated": (0.90834, 0.08796)}
    ok = all(round(by[k]["weight"], 5) == v[0] and round(by[k]["avg_estimate"], 5) == v[1] for k, v in pub.items())
    return {
        "bacondecomp_vignette": {
            "source": ("bacondecomp 0.1.1 vignette (vignettes/bacon.Rmd, rendered inst/doc/bacon.html): "
                       "bacon(l_homicide ~ post, data = bacondecomp::castle, id_var = 'state', time_var = 'year') and "
                       "lm(l_homicide ~ post + factor(state) + factor(year)). bacondecomp::castle has the same "
                       "l_homicide, sid, year and popwt as castle.dta but post = 1[year >= effyear], i.e. column "
                       "post_bacon here (castle.dta's post = 1[year > effyear]). Printed to 4-5 decimals."),
            "twfe_coefficient_4dp": 0.0818, "by_type_5dp": {k: {"weight": v[0], "avg_estimate": v[1]} for k, v in pub.items()},
            "reproduced_with_post_bacon": {"twfe_coefficient": tw["coefficient"], "twfe_std_error_cluster_sid": tw["std_error"],
                                           "twfe_matches_4dp": round(tw["coefficient"], 4) == 0.0818,
                                           "by_type": by, "by_type_matches_5dp": ok}},
        "cheng_hoekstra_2013": ("Cheng & Hoekstra (2013, JHR 48(3):821-854), abstract: castle doctrine laws lead to a "
                                "'statistically significant 8 percent net increase' in murders and non-negligent "
                                "manslaughters. Their regressions use region-by-year fixed effects, covariates and "
                                "population weights (Mixtape Do/castle_1.do: xtreg l_homicide i.year $region $xvar "
                                "$lintrend post [aweight=popwt], fe vce(cluster sid)); that specification is not one "
                                "of the engine's and is not pinned."),
    }


def sim_truth(df, theta):
    u = df.drop_duplicates("unit")
    out = []
    for gv in sorted(theta):
        mx = float(u.loc[u.g == gv, "x"].mean())
        for t in range(1, 11):
            e = t - gv
            out.append({"cohort": gv, "time": t, "value": (theta[gv] * (1 + e) * (1 + 0.25 * mx)) if e >= 0 else 0.0})
    # the same aggregation weights as did::aggte (pg = cohort share), applied to the true ATT(g,t)
    pg = {gv: float(np.mean(u.g == gv)) for gv in theta}
    post = [r for r in out if r["time"] >= r["cohort"]]
    simple = sum(pg[r["cohort"]] * r["value"] for r in post) / sum(pg[r["cohort"]] for r in post)
    dyn = {}
    for e in sorted({r["time"] - r["cohort"] for r in post}):
        cells = [r for r in post if r["time"] - r["cohort"] == e]
        dyn[e] = sum(pg[r["cohort"]] * r["value"] for r in cells) / sum(pg[r["cohort"]] for r in cells)
    grp = {gv: float(np.mean([r["value"] for r in post if r["cohort"] == gv])) for gv in theta}
    cal = {}
    for t in sorted({r["time"] for r in post}):
        cells = [r for r in post if r["time"] == t]
        cal[t] = sum(pg[r["cohort"]] * r["value"] for r in cells) / sum(pg[r["cohort"]] for r in cells)
    return {"definition": ("sample ATT(g,t) = mean over the units of cohort g of tau_it (noise-free; 0 before g); "
                           "aggregations apply did::aggte's weights (pg = cohort share) to these true ATT(g,t)"),
            "att_gt": out, "simple": simple,
            "dynamic": {"value": float(np.mean(list(dyn.values()))),
                        "elements": [{"event_time": e, "value": v} for e, v in dyn.items()]},
            "group": {"value": sum(pg[gv] * grp[gv] for gv in theta) / sum(pg.values()),
                      "elements": [{"cohort": gv, "value": v} for gv, v in grp.items()]},
            "calendar": {"value": float(np.mean(list(cal.values()))),
                         "elements": [{"time": t, "value": v} for t, v in cal.items()]}}


def unbalanced_block(d, rj, case_vars):
    un = read_csv(d / "data_unbalanced.csv")
    y, t, idc, g = case_vars
    cnt = un.groupby(idc)[t].nunique()
    ub = rj["unbalanced"]
    blk = {"data": ("data_unbalanced.csv = data.csv without 150 of its 3000 rows (5%), chosen by "
                    "numpy default_rng(20240621).choice(3000, 150, replace=False)"),
           "rows": int(len(un)), "rows_dropped_from_balanced": 3000 - int(len(un)),
           "units_not_observed_in_every_period": int((cnt < 10).sum()),
           "units_observed_in_every_period": int((cnt == 10).sum()),
           "did_default": ("allow_unbalanced_panel = FALSE (default): did keeps only the units observed in every "
                           "period (BMisc::makeBalancedPanel) and warns 'Dropped N observations while converting to "
                           "balanced panel' (N counts units); everything else is as for a balanced panel."),
           "did_allow_unbalanced_panel": ("allow_unbalanced_panel = TRUE: did switches to its repeated-cross-section "
                                          "code path (panel = FALSE with unit ids kept): for each (g,t) the rows of "
                                          "cohort-g and comparison units observed in period t or in the base period "
                                          "enter DRDID::drdid_rc / reg_did_rc / std_ipw_did_rc (the 'traditional' "
                                          "RC DR estimator, not drdid_imp_rc); the influence function is summed by "
                                          "unit id and n = number of distinct units. Its numbers are recorded as "
                                          "computed by did; the engine's panel estimator is not expected to equal them."),
           "configurations": {}}
    for k, rc in ub.items():
        if k == "twfe":
            continue
        base = k.replace("_default_balanced", "").replace("_allow_unbalanced_panel", "")
        b = block_from_r(rc, case_vars, base)
        b["n_units"] = rc["n"]
        blk["configurations"][k] = b
    # numpy check of the default (balanced) path
    xc = {}
    for k, rc in ub.items():
        if k.endswith("_default_balanced"):
            name = k.replace("_default_balanced", "")
            P, R, A, _ = numpy_block(un, case_vars, name)
            xc[k] = compare_np_r(R, A, rc)
            xc[k]["units_dropped_numpy"] = P["units_dropped"]
    blk["crosschecks"] = {"numpy_transcription_max_abs_diff": xc}
    rt = ub["twfe"]
    npt = twfe_numpy(un, y, "d", idc, t)
    blk["twfe"] = twfe_block(rt, npt, pyfixest_check(un, y, "d", idc, t, rt), f"{y} ~ d | {idc} + {t} on the unbalanced rows")
    return blk


def two_by_two_block(df, out, true_att):
    w = df.pivot(index="unit", columns="time", values="y")
    D = df.groupby("unit").d.max().loc[w.index].to_numpy()
    dy = (w[2] - w[1]).to_numpy()
    m1, m0 = dy[D == 1].mean(), dy[D == 0].mean()
    n1, n0 = int((D == 1).sum()), int((D == 0).sum())
    n = n1 + n0
    se_hc0 = np.sqrt(np.sum((dy[D == 1] - m1) ** 2) / n1**2 + np.sum((dy[D == 0] - m0) ** 2) / n0**2)
    cs_ = out["configurations"]["nevertreated_dr_varying_nocov"]
    tw = out["twfe"]
    return {"definition": ("canonical 2x2: difference of mean outcome changes (treated minus never treated); equals the "
                           "TWFE coefficient and the CS ATT(2,2) (dr = reg = ipw without covariates). The CS analytic SE "
                           "equals the CR0 clustered TWFE SE, i.e. sqrt(sum_T (dY - mean_T)^2/n1^2 + sum_C (dY - "
                           "mean_C)^2/n0^2); fixest's SE is that times sqrt(small_sample_factor)."),
            "difference_of_mean_changes": float(m1 - m0), "mean_change_treated": float(m1),
            "mean_change_control": float(m0), "n_treated": n1, "n_control": n0,
            "se_unpooled_divisor_n": float(se_hc0),
            "cs_att": cs_["att_gt"][0]["value"], "cs_std_error": cs_["att_gt"][0]["std_error"],
            "twfe_coefficient": tw["coefficient"], "twfe_std_error_fixest": tw["std_error"],
            "twfe_std_error_CR0": tw["std_error_no_adjustment_CR0"],
            "true_sample_att": true_att,
            "agreement": {"cs_minus_diff_means": cs_["att_gt"][0]["value"] - float(m1 - m0),
                          "twfe_minus_diff_means": tw["coefficient"] - float(m1 - m0),
                          "cs_se_minus_CR0": cs_["att_gt"][0]["std_error"] - tw["std_error_no_adjustment_CR0"],
                          "cs_se_minus_formula": cs_["att_gt"][0]["std_error"] - float(se_hc0)}}


if __name__ == "__main__":
    main()
