"""Fixtures rdr_lee, rdr_senate, rdr_below, rdr_fuzzy, rdr_manipulated, rdr_placebo_cutoffs:
local-polynomial RD with robust bias-corrected inference, as rdrobust computes it; the
Cattaneo-Jansson-Ma (2020) density test as rddensity computes it; rdplot's data-driven bins.

Authority: the Python packages rdrobust 2.1.1 and rddensity 3.0 (PyPI), called with their defaults
except for the options named in each fit. Cross-checks (scripts/rdrobust_refs.R -> <case>/r_rdrobust*.json):
R rdrobust 4.0.0 + rddensity 3.0 + lpdensity 2.5 (GitHub rdpackages / cran mirrors) and CRAN rdrobust 3.0.0 +
rddensity 2.6. The R script reads the list of fits (`fit_specs`) from the pass-1 expected.json, so both
languages run exactly the same configurations.

A third, diagnostic run ("python_with_R_conventions") re-runs the Python code with the three numerical
conventions in which rdrobust's Python and R ports differ replaced by R's (see README): it shows that the
1e-7-level Python-R gaps on data-driven bandwidths come from those conventions alone.

Run from the repository root: python Tests/CausalEngineTests/Fixtures/scripts/rdrobust_refs.py
"""
import contextlib
import inspect
import io
import shutil
import statistics
import textwrap
import warnings

import numpy as np
import pandas as pd
from scipy import stats

import sys
from rdrobust import rdplot, rdrobust
rdr_funs = sys.modules["rdrobust.funs"]
rdr_bw = sys.modules["rdrobust.rdbwselect"]      # the package re-exports functions under the module names
rdr_main = sys.modules["rdrobust.rdrobust"]
from rddensity import rddensity, rdbwdensity
from _common import *

warnings.filterwarnings("ignore")
Z975 = float(stats.norm.ppf(0.975))
ROWS = ["conventional", "bias_corrected", "robust"]


def quiet(f, *a, **k):
    """rdrobust prints 'Mass points detected ...' to stdout; keep the script output clean."""
    with contextlib.redirect_stdout(io.StringIO()):
        return f(*a, **k)


# ----------------------------------------------------------------------------------------------
# fits

def spec(key, **kw):
    s = {"key": key, "bwselect": "mserd", "h": None, "b": None, "p": 1, "kernel": "triangular", "vce": "nn",
         "covs": None, "cluster": None, "fuzzy": None, "subset": None, "sign": 1}
    s.update(kw)
    if s["h"] is not None:
        s["bwselect"] = None
    return s


def select_rows(df, s, x):
    """Rows used by a fit: the whole data set, or one side of the real cutoff (placebo tests)."""
    if s["subset"] is None:
        return df
    sub = s["subset"]
    if sub["side"] == "left":
        return df[df[x] < sub["split"]]
    return df[df[x] >= sub["split"]]


def run_fit(df, y, x, c, s, impl=None):
    d = select_rows(df, s, x)
    kw = dict(c=s.get("c", c), p=s["p"], kernel=s["kernel"], vce=s["vce"])
    if s["h"] is not None:
        kw["h"] = s["h"]
        if s["b"] is not None:
            kw["b"] = s["b"]
    else:
        kw["bwselect"] = s["bwselect"]
    if s["covs"]:
        kw["covs"] = d[s["covs"]]
    if s["cluster"]:
        kw["cluster"] = d[s["cluster"]].values
    if s["fuzzy"]:
        kw["fuzzy"] = d[s["fuzzy"]].values
    if impl is not None:
        kw.update(impl)
    r = quiet(rdrobust, d[y].values, d[x].values, **kw)
    return r


def extract(r, s):
    coef = r.coef.values.ravel(); se = r.se.values.ravel(); z = r.z.values.ravel()
    pv = r.pv.values.ravel(); ci = r.ci.values
    bws = r.bws.values
    out = {}
    for i, row in enumerate(ROWS):
        out[row] = {"estimate": float(coef[i]), "std_error": float(se[i]), "z": float(z[i]),
                    "p_value": float(pv[i]), "ci": [float(ci[i, 0]), float(ci[i, 1])]}
    out.update({
        "h": {"left": float(bws[0, 0]), "right": float(bws[0, 1])},
        "b": {"left": float(bws[1, 0]), "right": float(bws[1, 1])},
        "N": {"left": int(r.N[0]), "right": int(r.N[1])},
        "N_h": {"left": int(r.N_h[0]), "right": int(r.N_h[1])},
        "N_b": {"left": int(r.N_b[0]), "right": int(r.N_b[1])},
        "M_unique": {"left": int(r.M[0]), "right": int(r.M[1])},
        "limits_conventional": {"left": float(r.tau_cl[0]), "right": float(r.tau_cl[1])},
        "limits_bias_corrected": {"left": float(r.tau_bc[0]), "right": float(r.tau_bc[1])},
        "bias": {"left": float(r.bias[0]), "right": float(r.bias[1])},
        "kernel": r.kernel, "p": int(r.p), "q": int(r.q), "vce": r.vce, "bwselect": r.bwselect,
        "n_clusters": None if r.n_clust is None else int(r.n_clust),
    })
    if s["covs"]:
        # rdrobust (Python) reorders covariates by the length of their names; report them by name
        cc = np.asarray(r.coef_covs).reshape(-1) if np.ndim(r.coef_covs) < 2 else np.asarray(r.coef_covs)[:, 0]
        order = np.argsort([len(n) for n in s["covs"]])      # as rdrobust.py does (np.argsort, quicksort)
        out["coef_covs"] = {s["covs"][j]: float(cc[i]) for i, j in enumerate(order)}
    if s["fuzzy"]:
        tT = r.tau_T.values.ravel(); sT = r.se_T.values.ravel(); pT = r.pv_T.values.ravel(); cT = r.ci_T.values
        zT = r.z_T.values.ravel()
        out["first_stage"] = {row: {"estimate": float(tT[i]), "std_error": float(sT[i]), "z": float(zT[i]),
                                    "p_value": float(pT[i]), "ci": [float(cT[i, 0]), float(cT[i, 1])]}
                              for i, row in enumerate(ROWS)}
    if s["sign"] == -1:
        out["treated_minus_untreated"] = {
            row: {"estimate": -out[row]["estimate"], "std_error": out[row]["std_error"], "z": -out[row]["z"],
                  "p_value": out[row]["p_value"], "ci": [-out[row]["ci"][1], -out[row]["ci"][0]]} for row in ROWS}
    return out


FLAT_KEYS = [("conventional", "estimate"), ("bias_corrected", "estimate"), ("conventional", "std_error"),
             ("robust", "std_error"), ("robust", "p_value"), ("conventional", "p_value"),
             ("h", "left"), ("h", "right"), ("b", "left"), ("b", "right")]


def flat(res):
    v = [res[a][b] for a, b in FLAT_KEYS]
    v += res["conventional"]["ci"] + res["robust"]["ci"]
    if "first_stage" in res:
        v += [res["first_stage"]["conventional"]["estimate"], res["first_stage"]["conventional"]["std_error"],
              res["first_stage"]["robust"]["std_error"]]
    return np.array(v, dtype=float)


def flat_r(rr):
    """Same order as flat() from an R fit record (r_rdrobust*.json)."""
    v = [rr["coef"][0], rr["coef"][1], rr["se"][0], rr["se"][2], rr["pv"][2], rr["pv"][0],
         rr["h"][0], rr["h"][1], rr["b"][0], rr["b"][1]]
    v += [rr["ci_l"][0], rr["ci_u"][0], rr["ci_l"][2], rr["ci_u"][2]]
    if "tau_T" in rr:
        v += [rr["tau_T"][0], rr["se_T"][0], rr["se_T"][2]]
    return np.array(v, dtype=float)


def relmax(a, b):
    a = np.asarray(a, float); b = np.asarray(b, float)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300)))


# ----------------------------------------------------------------------------------------------
# Python run with R's numerical conventions (diagnostic only)

_PATCHED = {}


def _patched_module_functions():
    """Copies of rdrobust's Python functions with R 4.0.0's conventions:
    (1) step-1 pilot h_B = range (no (1 + sqrt(eps)) pad); (2) bwcheck floor = |x_(k) - c| + 1e-8 (R) instead of
    x (1 + sqrt(eps)); (3) nearest-neighbour ties compared exactly (no relative sqrt(eps) tolerance)."""
    if _PATCHED:
        return _PATCHED
    src = textwrap.dedent(inspect.getsource(rdr_bw._rdbwselect_compute))
    n1 = src.count("*(1 + np.sqrt(np.finfo(float).eps)), 0, vce")
    src = src.replace("range_l*(1 + np.sqrt(np.finfo(float).eps)), 0, vce", "range_l, 0, vce")
    src = src.replace("range_r*(1 + np.sqrt(np.finfo(float).eps)), 0, vce", "range_r, 0, vce")
    n2 = src.count("[bwcheck_l-1]*(1 + np.sqrt(np.finfo(float).eps))") + src.count("[bwcheck_r-1]*(1 + np.sqrt(np.finfo(float).eps))")
    src = src.replace("[bwcheck_l-1]*(1 + np.sqrt(np.finfo(float).eps))", "[bwcheck_l-1] + 1e-8")
    src = src.replace("[bwcheck_r-1]*(1 + np.sqrt(np.finfo(float).eps))", "[bwcheck_r-1] + 1e-8")
    assert n1 == 2 and n2 == 2, (n1, n2)
    ns = dict(vars(rdr_bw))
    exec(compile(src, "<patched _rdbwselect_compute>", "exec"), ns)
    nnsrc = textwrap.dedent(inspect.getsource(rdr_funs._nn_residuals_jit))
    nnsrc = "\n".join(l for l in nnsrc.splitlines() if not l.lstrip().startswith("@"))
    assert nnsrc.count("nn_tol_eps = np.sqrt(np.finfo(np.float64).eps)") == 1
    nnsrc = nnsrc.replace("nn_tol_eps = np.sqrt(np.finfo(np.float64).eps)", "nn_tol_eps = 0.0")
    ns2 = dict(vars(rdr_funs))
    exec(compile(nnsrc, "<patched _nn_residuals_jit>", "exec"), ns2)
    _PATCHED["bw"] = ns["_rdbwselect_compute"]
    _PATCHED["nn"] = ns2["_nn_residuals_jit"]
    return _PATCHED


@contextlib.contextmanager
def r_conventions():
    p = _patched_module_functions()
    old_bw, old_nn = rdr_main._rdbwselect_compute, rdr_funs._nn_residuals_jit
    rdr_main._rdbwselect_compute = p["bw"]
    rdr_funs._nn_residuals_jit = p["nn"]
    try:
        yield
    finally:
        rdr_main._rdbwselect_compute = old_bw
        rdr_funs._nn_residuals_jit = old_nn


# ----------------------------------------------------------------------------------------------
# density test and rdplot

def density_test(X, c):
    X = np.asarray(X, float)
    t = quiet(rddensity, X, c=c)
    bw = quiet(rdbwdensity, X, c=c)
    hbw = bw.h
    out = {
        "call": "rddensity(X, c) with all defaults: p = 2, q = p + 1 = 3, kernel triangular, fitselect "
                "'unrestricted', vce 'jackknife', bwselect 'comb', massPoints True, regularize True",
        "headline": {"statistic_T_jk": float(t.test["t_jk"]), "p_value_jk": float(t.test["p_jk"]),
                     "note": "rddensity's test$p_jk (robust bias-corrected: q = 3 fit at the p = 2 bandwidths, "
                             "jackknife SE); t_asy/p_asy are null because vce = 'jackknife' computes no plug-in SE"},
        "h": {"left": float(t.h["left"]), "right": float(t.h["right"])},
        "N": {k: int(t.n[k]) for k in ["full", "left", "right", "eff_left", "eff_right"]},
        "density_hat_q3": {k: float(t.hat[k]) for k in ["left", "right", "diff"]},
        "sd_jk_q3": {k: float(t.sd_jk[k]) for k in ["left", "right", "diff"]},
        "test": {k: float(t.test[k]) for k in ["t_asy", "t_jk", "p_asy", "p_jk"]},
        "mass_points_adjusted": bool(t.massPoints_flag),
        "rdbwdensity_p2": {row: {"bw": float(hbw.loc[row, "bw"]), "variance": float(hbw.loc[row, "variance"]),
                                 "biassq": float(hbw.loc[row, "biassq"])} for row in ["l", "r", "diff", "sum"]},
        "bandwidth_rule": "comb: h_left = median(bw_l, bw_diff, bw_sum), h_right = median(bw_r, bw_diff, bw_sum) "
                          "from rdbwdensity(p = 2)",
        "binomial_tests": {"leftN": [int(v) for v in np.atleast_1d(t.bino["leftN"])],
                           "rightN": [int(v) for v in np.atleast_1d(t.bino["rightN"])],
                           "leftWindow": np.atleast_1d(t.bino["leftWindow"]).astype(float),
                           "rightWindow": np.atleast_1d(t.bino["rightWindow"]).astype(float),
                           "pval": np.atleast_1d(t.bino["pval"]).astype(float)},
    }
    med_l = statistics.median([hbw.loc["l", "bw"], hbw.loc["diff", "bw"], hbw.loc["sum", "bw"]])
    med_r = statistics.median([hbw.loc["r", "bw"], hbw.loc["diff", "bw"], hbw.loc["sum", "bw"]])
    assert med_l == out["h"]["left"] and med_r == out["h"]["right"]
    return out


def rdplot_bins(y, x, c):
    """rdplot's default bins, plus an independent numpy binning from the J it selects."""
    r = quiet(rdplot, y, x, c=c, hide=True)
    vb = r.vars_bins
    Jl, Jr = int(r.J[0]), int(r.J[1])
    y = np.asarray(y, float); x = np.asarray(x, float)
    el = np.linspace(x.min(), c, Jl + 1); er = np.linspace(c, x.max(), Jr + 1)
    # left bins [e_i, e_{i+1}) numbered -J_l..-1; right bins [e_i, e_{i+1}) numbered 1..J_r, the last one closed
    bl = np.searchsorted(el, x[x < c], side="right") - Jl - 1
    br = np.searchsorted(er, x[x >= c], side="right"); br[br == Jr + 1] = Jr
    rows = []
    for side, bins, xs, ys, edges, J in [("left", bl, x[x < c], y[x < c], el, Jl), ("right", br, x[x >= c], y[x >= c], er, Jr)]:
        for bidx in np.unique(bins):
            m = bins == bidx
            i0 = bidx + J if side == "left" else bidx - 1
            rows.append((int(bidx), edges[i0], edges[i0 + 1], (edges[i0] + edges[i0 + 1]) / 2, xs[m].mean(), ys[m].mean(),
                         int(m.sum())))
    tab = pd.DataFrame(rows, columns=["bin", "min_edge", "max_edge", "mid", "mean_x", "mean_y", "N"])
    own_vs_py = relmax(np.concatenate([tab["mid"], tab["mean_x"], tab["mean_y"], tab["N"]]),
                       np.concatenate([vb["rdplot_mean_bin"], vb["rdplot_mean_x"], vb["rdplot_mean_y"], vb["rdplot_N"]])) \
        if len(tab) == len(vb) else None
    return {
        "call": "rdplot(y, x, c) defaults: binselect 'esmv', p = 4 (global polynomial, uniform kernel), "
                "scale 1, masspoints 'adjust'",
        "J": {"left": Jl, "right": Jr},
        "J_IMSE": {"left": float(r.J_IMSE[0]), "right": float(r.J_IMSE[1])},
        "J_MV": {"left": float(r.J_MV[0]), "right": float(r.J_MV[1])},
        "rscale": [float(v) for v in r.rscale], "bin_avg_length": [float(v) for v in r.bin_avg],
        "bin_median_length": [float(v) for v in r.bin_med],
        "edges": {"left": el, "right": er,
                  "definition": "evenly spaced: left edges linspace(min x, c, J_l + 1), right edges linspace(c, max x, "
                                "J_r + 1); bins are [e_i, e_i+1) except the last right bin, which also holds max x"},
        "n_nonempty_bins": int(len(tab)),
        "bins": {k: tab[k].values for k in ["bin", "min_edge", "max_edge", "mid", "mean_x", "mean_y", "N"]},
        "bins_note": "one row per NON-EMPTY bin (empty bins are omitted, as rdplot does); bin = rdplot's index "
                     "(-J_l..-1 left, 1..J_r right); mid = (min_edge + max_edge)/2 = rdplot_mean_bin. Built here with "
                     "numpy from J; mid/mean_x/mean_y/N checked against Python's and R's vars_bins. rdplot's own "
                     "rdplot_min_bin/rdplot_max_bin columns (both R 4.0.0 and Python 2.1.1) are NOT the edges of the "
                     "listed bins when some left bin is empty (they are indexed by the reversed list of non-empty "
                     "bins), so use min_edge/max_edge here",
        "empty_bins": int(Jl + Jr - len(tab)),
        "own_vs_python_rdplot_max_rel_diff": own_vs_py,
        "poly_coef_p4": {"left": np.asarray(r.coef)[:, 0], "right": np.asarray(r.coef)[:, 1]},
    }


def compare_rdplot(py, rr):
    if rr is None:
        return None
    b = py["bins"]
    a = np.concatenate([b["mid"], b["mean_x"], b["mean_y"], np.asarray(b["N"], float)])
    bb = np.concatenate([rr["mid"], rr["mean_x"], rr["mean_y"], np.asarray(rr["N"], float)])
    same_J = [py["J"]["left"], py["J"]["right"]] == [int(v) for v in rr["J"]]
    return {"same_J": same_J, "same_bin_count": len(b["N"]) == len(rr["N"]),
            "bins_mid_mean_x_mean_y_N_max_rel_diff": relmax(a, bb) if len(a) == len(bb) else None,
            "poly_coef_max_rel_diff": relmax(np.concatenate([py["poly_coef_p4"]["left"], py["poly_coef_p4"]["right"]]),
                                             np.concatenate([rr["coef_left"], rr["coef_right"]]))}


def compare_density(py, rr):
    if rr is None:
        return None
    a = [py["h"]["left"], py["h"]["right"], py["test"]["t_jk"], py["test"]["p_jk"], py["density_hat_q3"]["left"],
         py["density_hat_q3"]["right"], py["sd_jk_q3"]["diff"]]
    b = [rr["h"][0], rr["h"][1], rr["t_jk"], rr["p_jk"], rr["hat"][0], rr["hat"][1], rr["sd_jk"][2]]
    return {"max_rel_diff": relmax(a, b),
            "same_N": [py["N"][k] for k in ["left", "right", "eff_left", "eff_right"]] == [int(v) for v in rr["N"][1:]]}


# ----------------------------------------------------------------------------------------------

def standard_specs(covs, cluster, fixed_h, extra=()):
    S = []
    for bw in ["mserd", "cerrd", "fixed"]:
        for p in [1, 2]:
            for k in ["triangular", "epanechnikov", "uniform"]:
                key = f"{'h' + repr(fixed_h) if bw == 'fixed' else bw}_{k}_p{p}_nn"
                S.append(spec(key, bwselect=None if bw == "fixed" else bw, h=fixed_h if bw == "fixed" else None,
                              p=p, kernel=k))
    for v in ["hc0", "hc1", "hc2", "hc3"]:
        S.append(spec(f"mserd_triangular_p1_{v}", vce=v))
        S.append(spec(f"h{fixed_h!r}_triangular_p1_{v}", h=fixed_h, vce=v))
    S.append(spec(f"h{fixed_h!r}_b{2 * fixed_h!r}_triangular_p1_nn", h=fixed_h, b=2 * fixed_h))
    if cluster:
        for bw in ["mserd", "cerrd"]:
            S.append(spec(f"{bw}_triangular_p1_cr1_cluster_{cluster}", bwselect=bw, vce="cr1", cluster=cluster))
        S.append(spec(f"h{fixed_h!r}_triangular_p1_cr1_cluster_{cluster}", h=fixed_h, vce="cr1", cluster=cluster))
    if covs:
        tag = "+".join(covs)
        for bw in ["mserd", "cerrd"]:
            S.append(spec(f"{bw}_triangular_p1_nn_covs_{tag}", bwselect=bw, covs=covs))
        S.append(spec(f"mserd_triangular_p2_nn_covs_{tag}", covs=covs, p=2))
        S.append(spec(f"h{fixed_h!r}_triangular_p1_nn_covs_{tag}", h=fixed_h, covs=covs))
        S.append(spec(f"mserd_triangular_p1_hc1_covs_{tag}", covs=covs, vce="hc1"))
        if cluster:
            S.append(spec(f"mserd_triangular_p1_cr1_cluster_{cluster}_covs_{tag}", covs=covs, vce="cr1", cluster=cluster))
    S.extend(extra)
    return S


def fit_all(case, df, y, x, c, specs, treated_side="above"):
    fits, diag = {}, {}
    for s in specs:
        yy = s.get("outcome_override", y)
        r = run_fit(df, yy, x, c, s)
        res = extract(r, s)
        res["options"] = {k: v for k, v in s.items() if k != "key"}
        fits[s["key"]] = res
        with r_conventions():
            r2 = run_fit(df, yy, x, c, s)
        diag[s["key"]] = flat(extract(r2, s))
    return fits, diag


def crosscheck(case, fits, diag):
    out = {}
    for tag, fname in [("R_rdrobust_4.0.0", "r_rdrobust.json"), ("R_rdrobust_3.0.0_CRAN", "r_rdrobust_cran.json")]:
        rx = note_r(FIX / case / fname)
        if rx is None:
            out[tag] = "not run"
            continue
        per, per_fixed_h, per_diag = {}, {}, {}
        for k, res in fits.items():
            if k not in rx["fits"]:
                continue
            rr = rx["fits"][k]
            if "error" in rr:
                per[k] = "R error: " + rr["error"]
                continue
            d = relmax(flat(res), flat_r(rr))
            per[k] = d
            per_diag[k] = relmax(diag[k], flat_r(rr))
            assert [res["N"]["left"], res["N"]["right"]] == [int(v) for v in rr["N"]], (k, res["N"], rr["N"])
            if res["options"]["h"] is not None:
                assert [res["N_h"]["left"], res["N_h"]["right"]] == [int(v) for v in rr["N_h"]], (k, res["N_h"], rr["N_h"])
        num = {k: v for k, v in per.items() if isinstance(v, float)}
        fixed = {k: v for k, v in num.items() if fits[k]["options"]["h"] is not None}
        datadriven = {k: v for k, v in num.items() if fits[k]["options"]["h"] is None}
        out[tag] = {
            "compared": "max relative difference over [tau_cl, tau_bc, se_cl, se_rb, p_rb, p_cl, h_l, h_r, b_l, b_r, "
                        "ci_cl, ci_rb (, first-stage tau_cl, se_cl, se_rb)]",
            "max_rel_diff_fixed_h_fits": max(fixed.values()) if fixed else None,
            "max_rel_diff_data_driven_bandwidth_fits": max(datadriven.values()) if datadriven else None,
            "python_with_R_conventions_max_rel_diff": max(per_diag.values()) if per_diag else None,
            "per_fit": per, "per_fit_python_with_R_conventions": per_diag,
            "versions": rx.get("versions")}
    return out


def write_case(case, body, extra_versions=()):
    out = {"case": case, **body, "versions": versions("rdrobust", "rddensity", "lpdensity", *extra_versions)}
    dump_json(out, FIX / case / "expected.json")


CONVENTIONS = {
    "sign": "estimate = right limit minus left limit (rdrobust's convention: units with x >= c are 'right'); "
            "treated_side 'below' cases also give treated_minus_untreated = -estimate",
    "rows": "conventional = (tau_cl, se_cl); bias_corrected = (tau_bc, se_cl); robust = (tau_bc, se_rb). "
            "CI = estimate -/+ z_0.975 se with z_0.975 = 1.959963984540054; p = 2 Phi(-|z|)",
    "bandwidths": "h = main bandwidth, b = bias bandwidth, per side; fixed-h fits without b use b = h (rho = 1)",
    "N": "N = observations per side (x < c left, x >= c right) after dropping rows with a missing y, x, "
         "covariate, cluster or fuzzy value; N_h = observations with positive kernel weight at h; N_b likewise at b",
    "defaults": "rdrobust(Python 2.1.1) defaults unless the options say otherwise: masspoints 'adjust', bwcheck None "
                "(10 if mass points are detected), bwrestrict True, scaleregul 1, nnmatch 3, stdvars True, level 95",
}


def main():
    # ---------------- rdr_lee
    d = case_dir("rdr_lee")
    shutil.copyfile(DATASETS / "close_elections_lmb.csv", d / "data.csv")
    raw = read_csv(d / "data.csv")
    lee = raw[raw["lagdemvoteshare"].notna()].reset_index(drop=True)
    lee["state_id"] = lee["state"].str.split(":").str[0].astype(int)
    assert lee.groupby("state_id")["state"].nunique().max() == 1 and lee["state"].nunique() == lee["state_id"].nunique()
    # covariate balance: the pre-determined year as the outcome (the engine's rd_covariate_balance)
    balance = spec("balance_year_mserd_triangular_p1_nn")
    balance["outcome_override"] = "year"
    specs = standard_specs(["year"], "state_id", 0.1, extra=[balance])
    fits, diag = fit_all("rdr_lee", lee, "score", "lagdemvoteshare", 0.5, specs)
    dens = density_test(lee["lagdemvoteshare"].values, 0.5)
    plot = rdplot_bins(lee["score"].values, lee["lagdemvoteshare"].values, 0.5)
    rx = note_r(FIX / "rdr_lee" / "r_rdrobust.json")
    checks = crosscheck("rdr_lee", fits, diag)
    checks["density_test_vs_R_rddensity_3.0"] = compare_density(dens, rx["density"]) if rx else None
    checks["rdplot_vs_R_rdrobust_4.0.0"] = compare_rdplot(plot, rx["rdplot"]) if rx else None
    rc = note_r(FIX / "rdr_lee" / "r_rdrobust_cran.json")
    checks["density_test_vs_R_rddensity_2.6_CRAN"] = compare_density(dens, rc["density"]) if rc else None
    write_case("rdr_lee", {
        "data": "byte copy of shared/datasets/close_elections_lmb.csv (Lee, Moretti & Butler 2004 via causaldata). "
                "The 11 rows with a missing lagdemvoteshare are dropped (n = 13,577)",
        "rows_in_file": len(raw), "rows_used": len(lee),
        "outcome": "score", "running_variable": "lagdemvoteshare", "cutoff": 0.5, "treated_side": "above",
        "treatment_rule": "T = 1[lagdemvoteshare >= 0.5] (= lagdemocrat on every row used). lagdemvoteshare - 0.5 is "
                          "the Democratic margin; rdrobust works with x - c internally, so running it on "
                          "lagdemvoteshare with c = 0.5 is the margin design with cutoff 0",
        "covariates": "year (pre-determined; the file has no other pre-treatment covariate besides the running "
                      "variable itself)",
        "cluster": "state_id = the integer before ':' in `state` (50 states; same grouping as the state string)",
        "mass_points": "the running variable has 6,157 distinct values among 13,577 rows (each election appears "
                       "twice), so rdrobust's masspoints='adjust' is active: bwcheck = 10 unique values per side",
        "conventions": CONVENTIONS, "fit_specs": specs, "fits": fits,
        "density_test": dens, "rdplot": plot, "crosschecks": checks})
    print("rdr_lee", fits["mserd_triangular_p1_nn"]["conventional"], fits["mserd_triangular_p1_nn"]["h"], dens["headline"])

    # ---------------- rdr_placebo_cutoffs (Lee)
    d = case_dir("rdr_placebo_cutoffs")
    shutil.copyfile(DATASETS / "close_elections_lmb.csv", d / "data.csv")
    raw = read_csv(d / "data.csv")
    lee = raw[raw["lagdemvoteshare"].notna()].reset_index(drop=True)
    xl = lee.loc[lee["lagdemvoteshare"] < 0.5, "lagdemvoteshare"].values
    xr = lee.loc[lee["lagdemvoteshare"] >= 0.5, "lagdemvoteshare"].values
    med_l, med_r = float(np.median(xl)), float(np.median(xr))
    base = fits["mserd_triangular_p1_nn"]
    h_mse, b_mse = base["h"]["left"], base["b"]["left"]
    pspecs = [spec("placebo_left_median_mserd_triangular_p1_nn", c=med_l, subset={"side": "left", "split": 0.5}),
              spec("placebo_right_median_mserd_triangular_p1_nn", c=med_r, subset={"side": "right", "split": 0.5}),
              spec("true_cutoff_mserd_triangular_p1_nn")]
    for m in [0.5, 0.75, 1.0, 1.25, 1.5]:
        pspecs.append(spec(f"h_x{m!r}_mse_b_eq_h", h=m * h_mse))
        pspecs.append(spec(f"h_x{m!r}_mse_b_mse", h=m * h_mse, b=b_mse))
    pfits, pdiag = fit_all("rdr_placebo_cutoffs", lee, "score", "lagdemvoteshare", 0.5, pspecs)
    checks = crosscheck("rdr_placebo_cutoffs", pfits, pdiag)
    write_case("rdr_placebo_cutoffs", {
        "data": "byte copy of shared/datasets/close_elections_lmb.csv (same as rdr_lee); rows with a missing "
                "lagdemvoteshare dropped (n = 13,577)",
        "outcome": "score", "running_variable": "lagdemvoteshare", "true_cutoff": 0.5,
        "placebo_cutoffs": {"left": med_l, "right": med_r,
                            "definition": "median of lagdemvoteshare among the rows on that side of the true cutoff "
                                          "(left: x < 0.5, n = %d; right: x >= 0.5, n = %d); median = mean of the two "
                                          "middle order statistics when n is even (numpy.median). Each placebo fit "
                                          "uses only that side's rows, with c = the median and all rdrobust defaults"
                                          % (len(xl), len(xr))},
        "bandwidth_sensitivity": {"h_mse": h_mse, "b_mse": b_mse,
                                  "definition": "h = m x h_mse for m in {0.5, 0.75, 1, 1.25, 1.5}, h_mse from "
                                                "rdr_lee fits.mserd_triangular_p1_nn; '_b_eq_h' keys use b = h "
                                                "(rdrobust's default when only h is given), '_b_mse' keys keep "
                                                "b = b_mse; triangular kernel, p = 1, vce nn"},
        "conventions": CONVENTIONS, "fit_specs": pspecs, "fits": pfits, "crosschecks": checks})
    print("placebo", med_l, med_r, {k: (v["conventional"]["estimate"], v["robust"]["estimate"], v["robust"]["p_value"]) for k, v in pfits.items()})

    # ---------------- rdr_senate
    d = case_dir("rdr_senate")
    sen_src = FIX / "rdr_senate" / "data.csv"
    if not sen_src.exists():   # committed; obtained once as a byte copy of rdpackages/rdrobust R/rdrobust_senate.csv
        raise SystemExit("rdr_senate/data.csv missing: copy R/rdrobust_senate.csv of github.com/rdpackages/rdrobust "
                         "(commit 34aac070469e13b82c53ac26d1f0aac2d597d54a) there")
    sen = read_csv(sen_src)
    sspecs = standard_specs(["class", "termshouse", "termssenate"], "state", 10.0)
    sfits, sdiag = fit_all("rdr_senate", sen, "vote", "margin", 0.0, sspecs)
    sdens = density_test(sen["margin"].values, 0.0)
    splot = rdplot_bins(sen.dropna(subset=["vote"])["vote"].values, sen.dropna(subset=["vote"])["margin"].values, 0.0)
    rx = note_r(FIX / "rdr_senate" / "r_rdrobust.json")
    checks = crosscheck("rdr_senate", sfits, sdiag)
    checks["density_test_vs_R_rddensity_3.0"] = compare_density(sdens, rx["density"]) if rx else None
    checks["rdplot_vs_R_rdrobust_4.0.0"] = compare_rdplot(splot, rx["rdplot"]) if rx else None
    rc = note_r(FIX / "rdr_senate" / "r_rdrobust_cran.json")
    checks["density_test_vs_R_rddensity_2.6_CRAN"] = compare_density(sdens, rc["density"]) if rc else None
    write_case("rdr_senate", {
        "data": "rdrobust's own example data: R/rdrobust_senate.csv of github.com/rdpackages/rdrobust (identical to "
                "Python/rdrobust_senate.csv there; commit 34aac070469e13b82c53ac26d1f0aac2d597d54a), 1,390 US Senate "
                "elections 1914-2010 (Cattaneo, Frandsen & Titiunik 2015). Byte copy",
        "rows_in_file": len(sen), "outcome": "vote", "running_variable": "margin", "cutoff": 0.0, "treated_side": "above",
        "missing": "vote is missing in 93 rows and termshouse/termssenate in 282; every fit uses the complete cases "
                   "of the variables it uses (N is reported per fit: 1,297 without covariates, 1,108 with them)",
        "covariates": ["class", "termshouse", "termssenate"], "cluster": "state",
        "density_test_sample": "all 1,390 margins (rddensity only needs the running variable)",
        "rdplot_sample": "the 1,297 rows with a non-missing vote",
        "conventions": CONVENTIONS, "fit_specs": sspecs, "fits": sfits,
        "density_test": sdens, "rdplot": splot, "crosschecks": checks})
    print("rdr_senate", sfits["mserd_triangular_p1_nn"]["conventional"], sfits["mserd_triangular_p1_nn"]["h"], sdens["headline"])

    # ---------------- rdr_below (senate data, treated = margin < 0)
    d = case_dir("rdr_below")
    shutil.copyfile(sen_src, d / "data.csv")
    sen = read_csv(d / "data.csv")
    sen["neg_margin"] = -sen["margin"]
    assert (sen["margin"] != 0).all()
    bspecs = [spec("mserd_triangular_p1_nn", sign=-1), spec("cerrd_triangular_p1_nn", bwselect="cerrd", sign=-1),
              spec("h10.0_triangular_p1_nn", h=10.0, sign=-1), spec("mserd_triangular_p2_nn", p=2, sign=-1),
              spec("mserd_triangular_p1_hc1", vce="hc1", sign=-1),
              spec("mserd_triangular_p1_nn_covs_class+termshouse+termssenate", covs=["class", "termshouse", "termssenate"], sign=-1)]
    bfits, bdiag = fit_all("rdr_below", sen, "vote", "margin", 0.0, bspecs)
    refl = {}
    for s in bspecs:
        r = run_fit(sen, "vote", "neg_margin", 0.0, s)
        e = extract(r, {**s, "sign": 1})
        bt = bfits[s["key"]]
        refl[s["key"]] = {
            "reflected_estimate_conventional": e["conventional"]["estimate"],
            "reflected_estimate_robust": e["robust"]["estimate"],
            "reflected_se_robust": e["robust"]["std_error"],
            "max_rel_diff_vs_treated_minus_untreated": relmax(
                [e[r_]["estimate"] for r_ in ROWS] + [e[r_]["std_error"] for r_ in ROWS] + [e["h"]["left"], e["b"]["left"]],
                [bt["treated_minus_untreated"][r_]["estimate"] for r_ in ROWS] + [bt[r_]["std_error"] for r_ in ROWS]
                + [bt["h"]["left"], bt["b"]["left"]])}
    checks = crosscheck("rdr_below", bfits, bdiag)
    checks["reflection_rdrobust(vote, -margin, c=0)"] = refl
    write_case("rdr_below", {
        "data": "same file as rdr_senate/data.csv (rdrobust_senate.csv)", "outcome": "vote", "running_variable": "margin",
        "cutoff": 0.0, "treated_side": "below",
        "treatment_rule": "T = 1[margin < 0] (units below the cutoff are treated; hypothetical, for the sign convention)",
        "sign_convention": "fits.<key>.treated_minus_untreated = (limit from the treated side, x < c) minus (limit from "
                           "the untreated side, x >= c) = -(rdrobust's right-minus-left estimate). Its CI is "
                           "[-ci_upper, -ci_lower] of rdrobust's, z flips sign, SE, p-value, bandwidths and N are "
                           "unchanged. The same numbers (to rounding) come from rdrobust(vote, -margin, c = 0), since "
                           "no margin equals 0 (see crosschecks)",
        "conventions": CONVENTIONS, "fit_specs": bspecs, "fits": bfits, "crosschecks": checks})
    print("rdr_below", bfits["mserd_triangular_p1_nn"]["treated_minus_untreated"]["robust"], max(v["max_rel_diff_vs_treated_minus_untreated"] for v in refl.values()))

    # ---------------- rdr_fuzzy
    d = case_dir("rdr_fuzzy")
    rng = np.random.default_rng(20240616)
    n = 3000
    X = rng.uniform(-1, 1, n)
    D = rng.binomial(1, 0.2 + 0.6 * (X >= 0))
    W = rng.normal(size=n)
    Y = 0.5 + 2.0 * D + 0.8 * X - 0.4 * X**2 + 0.5 * W + rng.normal(size=n) * (1 + 0.3 * np.abs(X))
    write_simulated_csv(pd.DataFrame({"X": X, "D": D, "W": W, "Y": Y}), d / "data.csv")
    fz = read_csv(d / "data.csv")
    fspecs = [spec("mserd_triangular_p1_nn", fuzzy="D"), spec("cerrd_triangular_p1_nn", bwselect="cerrd", fuzzy="D"),
              spec("h0.5_triangular_p1_nn", fuzzy="D", h=0.5), spec("mserd_triangular_p2_nn", fuzzy="D", p=2),
              spec("mserd_uniform_p1_nn", fuzzy="D", kernel="uniform"),
              spec("mserd_triangular_p1_hc1", fuzzy="D", vce="hc1"), spec("h0.5_triangular_p1_hc1", fuzzy="D", h=0.5, vce="hc1"),
              spec("mserd_triangular_p1_nn_covs_W", fuzzy="D", covs=["W"]),
              spec("h0.5_triangular_p1_nn_covs_W", fuzzy="D", covs=["W"], h=0.5),
              spec("sharp_first_stage_D_mserd_triangular_p1_nn"), spec("sharp_reduced_form_Y_h0.5_triangular_p1_nn", h=0.5)]
    fspecs[-2]["outcome_override"] = "D"
    ffits, fdiag = {}, {}
    for s in fspecs:
        yy = s.get("outcome_override", "Y")
        r = run_fit(fz, yy, "X", 0.0, s)
        res = extract(r, s); res["options"] = {k: v for k, v in s.items() if k != "key"}
        ffits[s["key"]] = res
        with r_conventions():
            fdiag[s["key"]] = flat(extract(run_fit(fz, yy, "X", 0.0, s), s))
    # the first-stage jump of the fuzzy fit at h = 0.5 equals the sharp RD of D at h = 0.5
    rD = extract(run_fit(fz, "D", "X", 0.0, spec("x", h=0.5)), spec("x", h=0.5))
    fs_consistency = abs(rD["conventional"]["estimate"] - ffits["h0.5_triangular_p1_nn"]["first_stage"]["conventional"]["estimate"])
    ratio = ffits["sharp_reduced_form_Y_h0.5_triangular_p1_nn"]["conventional"]["estimate"] / rD["conventional"]["estimate"]
    checks = crosscheck("rdr_fuzzy", ffits, fdiag)
    checks["h0.5: |first_stage.conventional.estimate - sharp RD of D at h=0.5|"] = fs_consistency
    checks["h0.5: |fuzzy tau_cl - (sharp RD of Y)/(sharp RD of D)|"] = abs(ratio - ffits["h0.5_triangular_p1_nn"]["conventional"]["estimate"])
    write_case("rdr_fuzzy", {
        "data": "simulated, seed 20240616 (numpy default_rng): n = 3000, X ~ U(-1, 1), D ~ Bernoulli(0.2 + 0.6 1[X >= 0]), "
                "W ~ N(0, 1), Y = 0.5 + 2 D + 0.8 X - 0.4 X^2 + 0.5 W + (1 + 0.3|X|) e, e ~ N(0, 1); rounded to 6 decimals",
        "true_effect": 2.0, "true_first_stage_jump": 0.6,
        "outcome": "Y", "running_variable": "X", "cutoff": 0.0, "treatment": "D", "treated_side": "above",
        "fuzzy_definition": "tau_cl = (jump in Y)/(jump in D), each jump the conventional local-polynomial estimate "
                            "with the same h; tau_bc = tau_cl - [B_Y/tau_T - tau_Y B_T/tau_T^2] (B = bias estimates); "
                            "SEs by the delta method on the stacked (Y, D) residuals (rdrobust). first_stage = the jump "
                            "in D (rdrobust's tau_T/se_T rows). The bandwidth selector targets the fuzzy ratio unless "
                            "there is perfect compliance on one side",
        "conventions": CONVENTIONS, "fit_specs": fspecs, "fits": ffits, "crosschecks": checks})
    print("rdr_fuzzy", ffits["mserd_triangular_p1_nn"]["conventional"], ffits["mserd_triangular_p1_nn"]["first_stage"]["conventional"])

    # ---------------- rdr_manipulated
    d = case_dir("rdr_manipulated")
    rng = np.random.default_rng(20240617)
    n = 2000
    xc = np.round(rng.uniform(-1, 1, n), 6)
    u = rng.uniform(size=n)
    moved = (xc >= -0.1) & (xc < 0) & (u < 0.6)
    xm = np.where(moved, -xc, xc)
    write_simulated_csv(pd.DataFrame({"x_clean": xc, "x_manipulated": xm, "moved": moved.astype(int)}), d / "data.csv")
    mp = read_csv(d / "data.csv")
    dn = {"clean": density_test(mp["x_clean"].values, 0.0), "manipulated": density_test(mp["x_manipulated"].values, 0.0)}
    rx = note_r(FIX / "rdr_manipulated" / "r_rdrobust.json")
    rc = note_r(FIX / "rdr_manipulated" / "r_rdrobust_cran.json")
    checks = {f"{k}_vs_R_rddensity_3.0": compare_density(v, rx["density_" + k]) if rx else None for k, v in dn.items()}
    checks.update({f"{k}_vs_R_rddensity_2.6_CRAN": compare_density(v, rc["density_" + k]) if rc else None for k, v in dn.items()})
    write_case("rdr_manipulated", {
        "data": "simulated, seed 20240617 (numpy default_rng): n = 2000, x_clean = round(U(-1, 1), 6); units with "
                "x_clean in [-0.1, 0) move with probability 0.6 (u ~ U(0, 1) < 0.6) to x_manipulated = -x_clean "
                "(mirrored just above the cutoff); `moved` flags them (%d units)" % int(moved.sum()),
        "cutoff": 0.0, "density_test": dn,
        "expected_decision_5pct": {"clean": "no rejection", "manipulated": "rejection"},
        "crosschecks": checks})
    print("rdr_manipulated", {k: v["headline"] for k, v in dn.items()}, checks)


if __name__ == "__main__":
    main()
