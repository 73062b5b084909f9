"""Fixture frontdoor: two-stage (product-of-coefficients) front-door estimate a*b with
delta-method SEs from the joint (stacked) sandwich of both OLS fits.

Roles (case.json of shared/conformance/cases/frontdoor_two_stage): treatment T, mediator M,
outcome Y, confounder U unobserved, no observed covariates. Stage 1: M ~ 1 + T (a = coef of T);
stage 2: Y ~ 1 + M + T (b = coef of M). Effect = a*b.
Authority: statsmodels OLS + numpy stacked estimating equations; cross-check R lavaan
(sem, estimator ML, se = "robust.huber.white", meanstructure) via scripts/frontdoor.R.
"""
import shutil
import numpy as np
import statsmodels.api as sm
from scipy import stats
from _common import *

CASE = "frontdoor"
d = case_dir(CASE)
shutil.copyfile(CASES / "frontdoor_two_stage" / "data.csv", d / "data.csv")
df = read_csv(d / "data.csv")
n = len(df)
T = df["T"].values.astype(float); M = df["M"].values.astype(float); Y = df["Y"].values.astype(float)
X1 = np.column_stack([np.ones(n), T]); X2 = np.column_stack([np.ones(n), M, T])
f1 = sm.OLS(M, X1).fit(); f2 = sm.OLS(Y, X2).fit()
a, b = f1.params[1], f2.params[1]
e1, e2 = f1.resid, f2.resid
k1, k2 = X1.shape[1], X2.shape[1]
# stacked psi = [X1 e1, X2 e2]; A = blockdiag(X1'X1, X2'X2)/n; V = A^-1 B A^-1 / n
psi = np.column_stack([X1 * e1[:, None], X2 * e2[:, None]])
A = np.zeros((k1 + k2, k1 + k2)); A[:k1, :k1] = X1.T @ X1 / n; A[k1:, k1:] = X2.T @ X2 / n
Ai = np.linalg.inv(A)
B0 = psi.T @ psi / n
V0 = Ai @ B0 @ Ai / n
s = np.concatenate([np.full(k1, np.sqrt(n / (n - k1))), np.full(k2, np.sqrt(n / (n - k2)))])
V1 = V0 * np.outer(s, s)        # HC1 per block: psi_j scaled by sqrt(n/(n-k_j))
ia, ib = 1, k1 + 1
g = np.zeros(k1 + k2); g[ia] = b; g[ib] = a
z = stats.norm.ppf(0.975)


def summary(V, label):
    se = float(np.sqrt(g @ V @ g))
    return {"se": se, "var_a": V[ia, ia], "var_b": V[ib, ib], "cov_ab": V[ia, ib],
            "se_no_cov_term": float(np.sqrt(b * b * V[ia, ia] + a * a * V[ib, ib])),
            "ci95": [a * b - z * se, a * b + z * se], "p_value": float(2 * stats.norm.sf(abs(a * b / se)))}


va, vb = f1.cov_params()[1, 1], f2.cov_params()[1, 1]
sobel = float(np.sqrt(b * b * va + a * a * vb))
res = {"a": a, "b": b, "estimate": a * b,
       "joint_HC0": summary(V0, "HC0"), "joint_HC1_per_block": summary(V1, "HC1"),
       "sobel_classical": {"se": sobel, "var_a": va, "var_b": vb, "ci95": [a * b - z * sobel, a * b + z * sobel]},
       "separate_fits_HC0_diag_check": {"var_a": f1.get_robustcov_results("HC0").cov_params()[1, 1],
                                        "var_b": f2.get_robustcov_results("HC0").cov_params()[1, 1]},
       "stage1": {"coef": f1.params, "se_classical": f1.bse}, "stage2": {"coef": f2.params, "se_classical": f2.bse}}
checks = {"HC0_block_diag_equals_separate_HC0": max(abs(V0[ia, ia] - res["separate_fits_HC0_diag_check"]["var_a"]),
                                                    abs(V0[ib, ib] - res["separate_fits_HC0_diag_check"]["var_b"]))}
rx = note_r(d / "r_lavaan.json")
if rx is not None:
    checks["lavaan"] = rx
    checks["lavaan_ab_abs_diff"] = abs(rx["ab"] - a * b)
    checks["lavaan_se_robust_rel_diff_vs_joint_HC0"] = abs(rx["se_ab_robust_huber_white"] / res["joint_HC0"]["se"] - 1)
    checks["lavaan_se_standard_rel_diff_vs_sobel_n_divisor"] = abs(
        rx["se_ab_standard"] / np.sqrt(b * b * va * (n - k1) / n + a * a * vb * (n - k2) / n) - 1)
out = {"case": CASE, "data": "copy of shared/conformance/cases/frontdoor_two_stage/data.csv",
       "roles": {"treatment": "T", "mediator": "M", "outcome": "Y", "unobserved": ["U"]},
       "models": {"stage1": "M ~ 1 + T", "stage2": "Y ~ 1 + M + T"},
       "definition": "effect = a*b; joint sandwich of stacked OLS scores; Var(ab) = b^2 Var(a) + a^2 Var(b) + 2ab Cov(a,b); "
                     "HC1 variant multiplies each block's scores by sqrt(n/(n-k_j)) (k1=2, k2=3); Sobel = b^2 Var(a) + a^2 Var(b) "
                     "with the classical OLS variances; CI normal",
       "estimates": res, "crosschecks": checks,
       "authority": "statsmodels + numpy stacked sandwich; R lavaan robust.huber.white cross-check",
       "versions": versions("statsmodels")}
dump_json(out, d / "expected.json")
print(CASE, a * b, res["joint_HC0"]["se"], res["joint_HC1_per_block"]["se"], sobel, {k: v for k, v in checks.items() if k != "lavaan"})
