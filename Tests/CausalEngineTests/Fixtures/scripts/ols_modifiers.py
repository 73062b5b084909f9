"""Fixture ols_modifiers: OLS with treatment x modifier interactions, g-computation contrasts.

Authority: statsmodels OLS (coefficients and HC0-HC3 covariances) + an explicit delta method
(the effect is linear in the coefficients, so the delta method is exact: SE = sqrt(a' V a)).
Cross-checks: Python marginaleffects avg_comparisons(vcov="HC1"/...) and R lm + sandwich::vcovHC
(scripts/ols_modifiers.R writes ols_modifiers/r_crosscheck.json).
"""
import shutil
import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from _common import *

CASE = "ols_modifiers"
d = case_dir(CASE)
src = CASES / "effect_modifiers" / "data.csv"
shutil.copyfile(src, d / "data.csv")
df = read_csv(d / "data.csv")

T, Y = "v0", "y"
W = ["W0", "W1", "W2"]
MODS = ["X0", "X1"]
t1, t0 = 1.0, 0.0

X = pd.DataFrame({"const": 1.0, T: df[T].astype(float)})
for w in W:
    X[w] = df[w].astype(float)
for m in MODS:
    X[f"{T}*{m}"] = df[T] * df[m]
cols = list(X.columns)
fit = sm.OLS(df[Y].astype(float), X).fit()
n, p = X.shape
dfres = n - p
covs = {
    "classical": fit.cov_params().values,
    "HC0": fit.get_robustcov_results("HC0").cov_params(),
    "HC1": fit.get_robustcov_results("HC1").cov_params(),
    "HC2": fit.get_robustcov_results("HC2").cov_params(),
    "HC3": fit.get_robustcov_results("HC3").cov_params(),
}
beta = fit.params.values
tq = stats.t.ppf(0.975, dfres)


def effect_block(mask, label):
    means = {m: float(df.loc[mask, m].mean()) for m in MODS}
    a = np.zeros(p)
    a[cols.index(T)] = t1 - t0
    for m in MODS:
        a[cols.index(f"{T}*{m}")] = (t1 - t0) * means[m]
    est = float(a @ beta)
    out = {"target": label, "n_target": int(mask.sum()), "modifier_means": means,
           "gradient": a.tolist(), "estimate": est, "se": {}, "ci95": {}, "t_stat": {}, "p_value": {}}
    for k, V in covs.items():
        se = float(np.sqrt(a @ V @ a))
        out["se"][k] = se
        out["ci95"][k] = [est - tq * se, est + tq * se]
        out["t_stat"][k] = est / se
        out["p_value"][k] = float(2 * stats.t.sf(abs(est / se), dfres))
    return out


effects = {
    "ate": effect_block(np.ones(n, bool), "all units"),
    "att": effect_block((df[T] == 1).values, "T == 1"),
    "atc": effect_block((df[T] == 0).values, "T == 0"),
}

# Conditional effects by quartile bins of each continuous modifier.
cond = {}
for m in MODS:
    q = r_quantile7(df[m].values, [0, 0.25, 0.5, 0.75, 1.0])
    bins = []
    for j in range(4):
        lo, hi = q[j], q[j + 1]
        if j < 3:
            mask = (df[m] >= lo) & (df[m] < hi)
        else:
            mask = (df[m] >= lo) & (df[m] <= hi)
        b = effect_block(mask.values, f"{m} in [{lo!r}, {hi!r}{')' if j < 3 else ']'}")
        b["bin"] = j + 1
        b["edges"] = [float(lo), float(hi)]
        b["closed"] = "left" if j < 3 else "both"
        bins.append(b)
    cond[m] = {"quantile_type": 7, "probs": [0, 0.25, 0.5, 0.75, 1.0], "edges": q.tolist(), "bins": bins}

# --- Cross-check 1: marginaleffects (Python) avg_comparisons ---
xcheck = {}
try:
    import marginaleffects as me
    import statsmodels.formula.api as smf
    mod = smf.ols("y ~ v0 + W0 + W1 + W2 + v0:X0 + v0:X1", data=df).fit()
    for vc in ["HC1", "HC3", True]:
        r = {}
        for lab, sub in [("ate", df), ("att", df[df[T] == 1]), ("atc", df[df[T] == 0])]:
            cmp = me.avg_comparisons(mod, variables={T: [0, 1]}, newdata=sub, vcov=vc)
            r[lab] = {"estimate": float(cmp["estimate"][0]), "std_error": float(cmp["std_error"][0])}
        xcheck["marginaleffects_py_" + ("classical" if vc is True else vc)] = r
    mx = 0.0
    for key, r in xcheck.items():
        k = key.split("_")[-1]
        for lab in r:
            mx = max(mx, abs(r[lab]["estimate"] - effects[lab]["estimate"]),
                     abs(r[lab]["std_error"] - effects[lab]["se"][k]))
    xcheck["max_abs_diff_vs_reference"] = mx
except Exception as e:
    xcheck["marginaleffects_py_error"] = repr(e)

rx = note_r(d / "r_crosscheck.json")
if rx is not None:
    mx = 0.0
    for lab in ["ate", "att", "atc"]:
        mx = max(mx, abs(rx[lab]["estimate"] - effects[lab]["estimate"]))
        for k in covs:
            mx = max(mx, abs(rx[lab]["se"][k] - effects[lab]["se"][k]))
    for m in MODS:
        for j in range(4):
            mx = max(mx, abs(rx["conditional"][m]["estimate"][j] - cond[m]["bins"][j]["estimate"]),
                     abs(rx["conditional"][m]["se_HC1"][j] - cond[m]["bins"][j]["se"]["HC1"]))
    xcheck["r_lm_sandwich_max_abs_diff_vs_reference"] = mx

# Supplementary (NOT the engine's definition): same model plus modifier main effects.
Xs = X.copy()
for m in MODS:
    Xs[m] = df[m]
fs = sm.OLS(df[Y].astype(float), Xs).fit(cov_type="HC1")
a = np.zeros(Xs.shape[1]); a[list(Xs.columns).index(T)] = 1
for m in MODS:
    a[list(Xs.columns).index(f"{T}*{m}")] = df[m].mean()
supp = {"design": list(Xs.columns), "ate": float(a @ fs.params.values),
        "se_HC1": float(np.sqrt(a @ fs.cov_params().values @ a))}

out = {
    "case": CASE,
    "data": "data.csv = copy of shared/conformance/cases/effect_modifiers/data.csv",
    "roles": {"treatment": T, "outcome": Y, "adjustment": W, "effect_modifiers": MODS,
              "treatment_value": t1, "control_value": t0},
    "model": {"design_columns": cols, "coef": beta.tolist(), "n": n, "df_resid": dfres,
              "se": {k: np.sqrt(np.diag(V)).tolist() for k, V in covs.items()},
              "cov_HC1": covs["HC1"].tolist(), "sigma2": float(fit.scale)},
    "ci_quantile": {"dist": "Student t", "df": dfres, "level": 0.95, "t_0.975": float(tq)},
    "effects": effects,
    "conditional_effects": cond,
    "crosschecks": xcheck,
    "supplementary_not_engine_definition": {"note": "adds X0, X1 main effects (not what the engine fits)", **supp},
    "authority": "statsmodels OLS + explicit delta method; cross-checked with marginaleffects (Python) and R lm+sandwich",
    "versions": versions("statsmodels", "marginaleffects"),
}
dump_json(out, d / "expected.json")
print(CASE, effects["ate"]["estimate"], effects["ate"]["se"]["HC1"], xcheck.get("max_abs_diff_vs_reference"),
      xcheck.get("r_lm_sandwich_max_abs_diff_vs_reference"))
