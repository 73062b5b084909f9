"""Fixture glm_logit: logistic g-computation (risk difference, risk ratio, odds ratio) with
delta-method SEs from the inverse Fisher information.

Authority: statsmodels GLM(Binomial, logit) fitted to convergence (IRLS, tol 1e-14) + explicit
delta method (analytic gradients). Cross-checks: marginaleffects (Python) avg_comparisons with
comparison "differenceavg" / "lnratioavg" / "lnoravg" (numerical jacobian), and R glm + the same
formulas written in R (scripts/glm_logit.R -> glm_logit/r_crosscheck.json).
"""
import shutil
import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from _common import *

CASE = "glm_logit"
d = case_dir(CASE)
shutil.copyfile(CASES / "glm_logit_binary_outcome" / "data.csv", d / "data.csv")
df = read_csv(d / "data.csv")
T, Y, W = "T", "Y", ["W1", "W2", "W3"]
X = pd.DataFrame({"const": 1.0, T: df[T].astype(float)})
for w in W:
    X[w] = df[w].astype(float)
cols = list(X.columns)
glm = sm.GLM(df[Y].astype(float), X, family=sm.families.Binomial()).fit(tol=1e-14, maxiter=100)
beta = glm.params.values
V = glm.cov_params().values                 # inverse Fisher information (canonical link)
z = stats.norm.ppf(0.975)


def expit(x):
    return 1.0 / (1.0 + np.exp(-x))


def block(mask, label):
    Xm = X.values[mask]
    X1 = Xm.copy(); X1[:, cols.index(T)] = 1.0
    X0 = Xm.copy(); X0[:, cols.index(T)] = 0.0
    mu1 = expit(X1 @ beta); mu0 = expit(X0 @ beta)
    m1, m0 = mu1.mean(), mu0.mean()
    g1 = (mu1 * (1 - mu1)) @ X1 / len(mu1)
    g0 = (mu0 * (1 - mu0)) @ X0 / len(mu0)
    res = {"target": label, "n_target": int(mask.sum()), "mean_mu1": m1, "mean_mu0": m0}
    rd = m1 - m0; grd = g1 - g0; se_rd = np.sqrt(grd @ V @ grd)
    res["risk_difference"] = {"estimate": rd, "se": se_rd, "ci95": [rd - z * se_rd, rd + z * se_rd],
                              "z": rd / se_rd, "p_value": 2 * stats.norm.sf(abs(rd / se_rd)), "gradient": grd}
    lrr = np.log(m1 / m0); glrr = g1 / m1 - g0 / m0; se_lrr = np.sqrt(glrr @ V @ glrr)
    res["risk_ratio"] = {"estimate": m1 / m0, "log_estimate": lrr, "se_log": se_lrr,
                         "ci95": [np.exp(lrr - z * se_lrr), np.exp(lrr + z * se_lrr)],
                         "z_log": lrr / se_lrr, "p_value": 2 * stats.norm.sf(abs(lrr / se_lrr)),
                         "se_ratio_scale_delta": (m1 / m0) * se_lrr}
    lor = np.log(m1 / (1 - m1)) - np.log(m0 / (1 - m0))
    glor = g1 / (m1 * (1 - m1)) - g0 / (m0 * (1 - m0)); se_lor = np.sqrt(glor @ V @ glor)
    res["odds_ratio"] = {"estimate": np.exp(lor), "log_estimate": lor, "se_log": se_lor,
                         "ci95": [np.exp(lor - z * se_lor), np.exp(lor + z * se_lor)],
                         "z_log": lor / se_lor, "p_value": 2 * stats.norm.sf(abs(lor / se_lor)),
                         "se_ratio_scale_delta": np.exp(lor) * se_lor}
    return res


effects = {"ate": block(np.ones(len(df), bool), "all units"),
           "att": block((df[T] == 1).values, "T == 1"),
           "atc": block((df[T] == 0).values, "T == 0")}

xcheck = {}
try:
    import marginaleffects as me
    import statsmodels.formula.api as smf
    mod = smf.glm("Y ~ T + W1 + W2 + W3", data=df, family=sm.families.Binomial()).fit(tol=1e-14)
    mx = 0.0
    res = {}
    for lab, sub in [("ate", df), ("att", df[df[T] == 1]), ("atc", df[df[T] == 0])]:
        r = {}
        for comp, key, ek, sk in [("differenceavg", "risk_difference", "estimate", "se"),
                                  ("lnratioavg", "risk_ratio", "log_estimate", "se_log"),
                                  ("lnoravg", "odds_ratio", "log_estimate", "se_log")]:
            c = me.avg_comparisons(mod, variables={T: [0, 1]}, newdata=sub, comparison=comp)
            r[comp] = {"estimate": float(c["estimate"][0]), "std_error": float(c["std_error"][0])}
            mx = max(mx, abs(r[comp]["estimate"] - effects[lab][key][ek]),
                     abs(r[comp]["std_error"] - effects[lab][key][sk]))
        res[lab] = r
    xcheck["marginaleffects_py"] = res
    xcheck["marginaleffects_py_max_abs_diff"] = mx
except Exception as e:
    xcheck["marginaleffects_py_error"] = repr(e)

rx = note_r(d / "r_crosscheck.json")
if rx is not None:
    mx = 0.0
    for lab in effects:
        for key, ek, sk in [("risk_difference", "estimate", "se"), ("risk_ratio", "log_estimate", "se_log"),
                            ("odds_ratio", "log_estimate", "se_log")]:
            mx = max(mx, abs(rx[lab][key]["estimate"] - effects[lab][key][ek]),
                     abs(rx[lab][key]["se"] - effects[lab][key][sk]))
    xcheck["r_glm_max_abs_diff"] = mx
    xcheck["r_glm_coef_max_abs_diff"] = max_abs_diff(rx["coef"], beta)

out = {
    "case": CASE,
    "data": "copy of shared/conformance/cases/glm_logit_binary_outcome/data.csv",
    "roles": {"treatment": T, "outcome": Y, "adjustment": W, "treatment_value": 1, "control_value": 0},
    "model": {"family": "binomial", "link": "logit", "design_columns": cols, "coef": beta,
              "se": np.sqrt(np.diag(V)), "cov": V, "loglik": glm.llf, "converged": bool(glm.converged),
              "conditional_odds_ratio_exp_beta_T": float(np.exp(beta[1]))},
    "ci": "normal quantile 1.959963984540054; ratio CIs exponentiated from the log scale",
    "effects": effects,
    "crosschecks": xcheck,
    "authority": "statsmodels GLM + analytic delta method; cross-checked with marginaleffects (Python) and R glm",
    "versions": versions("statsmodels", "marginaleffects"),
}
dump_json(out, d / "expected.json")
print(CASE, effects["ate"]["risk_difference"], xcheck.get("marginaleffects_py_max_abs_diff"), xcheck.get("r_glm_max_abs_diff"))
