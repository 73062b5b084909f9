"""independence/expected.json: implied-independence tests on the NSW experimental data.

Fisher-z: r = partial correlation of X and Y given Z (correlation of the OLS residuals of X and Y
on [1, Z]); z = atanh(r) sqrt(n - |Z| - 3); p = 2 (1 - Phi(|z|)).
Chi-square (Pearson) and G (likelihood ratio, 2 sum O log(O/E)) tests of independence WITHOUT
continuity correction; conditional versions: sum over the strata of the conditioning variable of
the per-stratum statistics and dfs, skipping strata whose table has an empty row or column
(df per stratum = (levels of X in stratum - 1)(levels of Y in stratum - 1)) -- pgmpy's rule.
pgmpy 1.1.2 itself calls scipy chi2_contingency with its default Yates correction for 2x2 tables;
those corrected values are recorded as well. Multiplicity: Holm and Benjamini-Hochberg over the
ordered list `p_values_in_order`.
Authority: numpy/scipy closed forms; cross-checks: pgmpy CITests, statsmodels multipletests,
R (chisq.test, p.adjust, lm residual correlations) via scripts/independence.R.
"""
import shutil
import warnings
import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests
from _common import *

d = case_dir("independence")
shutil.copyfile(DATASETS / "nsw_mixtape.csv", d / "data.csv")
df = read_csv(d / "data.csv")
n = len(df)

FZ = [("age", "treat", []), ("educ", "re74", ["age"]), ("re74", "treat", ["age", "educ"]),
      ("black", "hisp", []), ("re75", "nodegree", ["educ", "re74"])]


def partial_r(x, y, Z):
    A = np.column_stack([np.ones(n)] + [df[z].values.astype(float) for z in Z])
    rx = df[x].values - A @ np.linalg.lstsq(A, df[x].values.astype(float), rcond=None)[0]
    ry = df[y].values - A @ np.linalg.lstsq(A, df[y].values.astype(float), rcond=None)[0]
    return float(np.corrcoef(rx, ry)[0, 1])


def partial_r_precision(x, y, Z):
    C = np.corrcoef(df[[x, y] + Z].values.astype(float).T)
    P = np.linalg.inv(C)
    return float(-P[0, 1] / np.sqrt(P[0, 0] * P[1, 1]))


fisher = []
for x, y, Z in FZ:
    r = partial_r(x, y, Z)
    zz = np.arctanh(r) * np.sqrt(n - len(Z) - 3)
    fisher.append({"x": x, "y": y, "z": Z, "n": n, "partial_r": r, "fisher_z": zz,
                   "p_value": float(2 * stats.norm.sf(abs(zz))),
                   "partial_r_via_precision_matrix_abs_diff": abs(partial_r_precision(x, y, Z) - r)})


def table_stats(tab, correction):
    chi, p, dof, _ = stats.chi2_contingency(tab, correction=correction)
    g, pg, dofg, _ = stats.chi2_contingency(tab, correction=correction, lambda_="log-likelihood")
    return float(chi), float(g), int(dof)


def discrete_test(x, y, zvar=None, correction=False):
    if zvar is None:
        tab = pd.crosstab(df[x], df[y]).values
        chi, g, dof = table_stats(tab, correction)
        strata = None
    else:
        chi = g = 0.0; dof = 0; strata = []
        for s, sub in df.groupby(zvar):
            tab = pd.crosstab(sub[x], sub[y]).values
            if tab.shape[0] < 2 or tab.shape[1] < 2 or (tab.sum(0) == 0).any() or (tab.sum(1) == 0).any():
                strata.append({"stratum": int(s), "skipped": True, "table": tab.tolist()})
                continue
            c1, g1, d1 = table_stats(tab, correction)
            chi += c1; g += g1; dof += d1
            strata.append({"stratum": int(s), "chi2": c1, "g": g1, "df": d1, "table": tab.tolist()})
    return {"x": x, "y": y, "z": [zvar] if zvar else [], "chi2": chi, "chi2_p": float(stats.chi2.sf(chi, dof)),
            "g": g, "g_p": float(stats.chi2.sf(g, dof)), "df": dof, "strata": strata,
            "continuity_correction": correction}


disc = []
for x, y in [("black", "marr"), ("nodegree", "treat")]:
    for zv in [None, "hisp"]:
        disc.append(discrete_test(x, y, zv, False))
disc_yates = [discrete_test(x, y, zv, True) for x, y in [("black", "marr"), ("nodegree", "treat")] for zv in [None, "hisp"]]

# bnlearn-style df for the conditional tests (global levels x all strata), for information
for t in disc:
    if t["z"]:
        t["df_bnlearn_style_(R-1)(C-1)|strata|"] = (df[t["x"]].nunique() - 1) * (df[t["y"]].nunique() - 1) * df[t["z"][0]].nunique()

labels, pv = [], []
for f in fisher:
    labels.append(f"fisher_z {f['x']} _||_ {f['y']} | {f['z']}"); pv.append(f["p_value"])
for t in disc:
    labels.append(f"chi2 {t['x']} _||_ {t['y']} | {t['z']}"); pv.append(t["chi2_p"])
for t in disc:
    labels.append(f"G {t['x']} _||_ {t['y']} | {t['z']}"); pv.append(t["g_p"])
pv = np.array(pv)
holm = multipletests(pv, method="holm")[1]
bh = multipletests(pv, method="fdr_bh")[1]


def holm_manual(p):
    m = len(p); o = np.argsort(p, kind="stable"); adj = np.empty(m); run = 0.0
    for rank, i in enumerate(o):
        run = max(run, min(1.0, (m - rank) * p[i])); adj[i] = run
    return adj


def bh_manual(p):
    m = len(p); o = np.argsort(p, kind="stable")[::-1]; adj = np.empty(m); run = 1.0
    for k, i in enumerate(o):
        rank = m - k
        run = min(run, p[i] * m / rank); adj[i] = run
    return adj


checks = {"holm_manual_max_abs_diff": max_abs_diff(holm, holm_manual(pv)),
          "bh_manual_max_abs_diff": max_abs_diff(bh, bh_manual(pv))}
warnings.filterwarnings("ignore", category=FutureWarning)
try:
    from pgmpy.estimators import CITests
    pg = {}
    mx_r = 0.0
    for f in fisher:
        r, p = CITests.pearsonr(f["x"], f["y"], f["z"], df, boolean=False)
        pg[f"pearsonr {f['x']}|{f['z']}"] = {"r": float(r), "p_value_pgmpy_t_test": float(p)}
        if not f["z"]:
            mx_r = max(mx_r, abs(r - f["partial_r"]))
    mx_y = 0.0
    for t in disc_yates:
        c, p, dd = CITests.chi_square(t["x"], t["y"], t["z"], df, boolean=False)
        gg, pgv, dg = CITests.g_sq(t["x"], t["y"], t["z"], df, boolean=False)
        pg[f"chi2/G {t['x']} {t['y']} | {t['z']}"] = {"chi2": float(c), "chi2_p": float(p), "df": int(dd), "g": float(gg), "g_p": float(pgv)}
        mx_y = max(mx_y, abs(c - t["chi2"]), abs(gg - t["g"]), abs(dd - t["df"]))
    checks["pgmpy"] = pg
    checks["pgmpy_partial_r_max_abs_diff_unconditional_only"] = mx_r
    checks["pgmpy_partial_r_note"] = ("pgmpy 1.1.2 CITests.pearsonr residualises X and Y on Z by lstsq WITHOUT an intercept, "
                                      "so its conditional partial correlations differ from the textbook ones used here; "
                                      "its p-value is scipy's t-test on the residual correlation, not Fisher z")
    checks["pgmpy_vs_yates_corrected_max_abs_diff"] = mx_y
except Exception as ex:
    checks["pgmpy_error"] = repr(ex)
rx = note_r(d / "r_crosscheck.json")
if rx is not None:
    checks["R_partial_r_max_abs_diff"] = max_abs_diff(rx["partial_r"], [f["partial_r"] for f in fisher])
    checks["R_fisher_p_max_abs_diff"] = max_abs_diff(rx["fisher_p"], [f["p_value"] for f in fisher])
    checks["R_chi2_uncorrected_unconditional_max_abs_diff"] = max_abs_diff(rx["chi2_uncorrected"], [disc[0]["chi2"], disc[2]["chi2"]])
    checks["R_chi2_yates_unconditional_max_abs_diff"] = max_abs_diff(rx["chi2_yates"], [disc_yates[0]["chi2"], disc_yates[2]["chi2"]])
    checks["R_p.adjust_holm_max_abs_diff"] = max_abs_diff(rx["holm"], holm)
    checks["R_p.adjust_BH_max_abs_diff"] = max_abs_diff(rx["BH"], bh)
out = {"data": "copy of shared/datasets/nsw_mixtape.csv (445 rows)", "n": n,
       "fisher_z": fisher, "discrete_tests": disc, "discrete_tests_yates_corrected_as_pgmpy": disc_yates,
       "p_values_in_order": [{"label": l, "p_value": float(p), "holm": float(h), "bh": float(b)}
                             for l, p, h, b in zip(labels, pv, holm, bh)],
       "crosschecks": checks,
       "authority": "closed forms (numpy/scipy); pgmpy, statsmodels and R cross-checks",
       "versions": versions("statsmodels", "pgmpy")}
dump_json(out, d / "expected.json")
for l, p, h, b in zip(labels, pv, holm, bh):
    print(f"{l:55s} {p:.6g} {h:.6g} {b:.6g}")
print({k: v for k, v in checks.items() if k != "pgmpy"})
