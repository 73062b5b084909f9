"""Fixture mediation: VanderWeele regression-based mediation with exposure-mediator interaction,
linear mediator and outcome models, delta-method SEs with classical OLS covariances
(VanderWeele & Vansteelandt 2009; VanderWeele 2015, ch. 2 and appendix).

Authority: statsmodels OLS + numpy delta method; cross-check R regmedint (scripts/mediation.R).
"""
import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from _common import *
from ipw import expit

CASE = "mediation"
d = case_dir(CASE)


def simulate():
    rng = np.random.default_rng(20240616)
    n = 2000
    C1 = rng.normal(size=n); C2 = rng.binomial(1, 0.4, n)
    T = rng.binomial(1, expit(0.3 * C1 - 0.2 * C2))
    M = 0.5 + 0.8 * T + 0.4 * C1 - 0.3 * C2 + rng.normal(size=n)
    Y = 1.0 + 0.7 * T + 0.6 * M + 0.4 * T * M + 0.5 * C1 + 0.2 * C2 + rng.normal(size=n)
    return pd.DataFrame({"C1": C1, "C2": C2, "T": T, "M": M, "Y": Y})


write_simulated_csv(simulate(), d / "data.csv")
df = read_csv(d / "data.csv")
n = len(df)
C = ["C1", "C2"]
Xm = np.column_stack([np.ones(n), df["T"], df[C]])
Xy = np.column_stack([np.ones(n), df["T"], df["M"], df["T"] * df["M"], df[C]])
fm = sm.OLS(df["M"].values, Xm).fit(); fy = sm.OLS(df["Y"].values, Xy).fit()
beta = fm.params; theta = fy.params
Sb = fm.cov_params(); St = fy.cov_params()
cbar = df[C].mean().values
t0, t1 = 0.0, 1.0
m_cde = float(df["M"].mean())
b0, b1, b2 = beta[0], beta[1], beta[2:]
th1, th2, th3 = theta[1], theta[2], theta[3]
kb, kt = len(beta), len(theta)
Sig = np.zeros((kb + kt, kb + kt)); Sig[:kb, :kb] = Sb; Sig[kb:, kb:] = St
dt = t1 - t0
nde = (th1 + th3 * (b0 + b1 * t0 + b2 @ cbar)) * dt
nie = (th2 * b1 + th3 * b1 * t1) * dt
cde = (th1 + th3 * m_cde) * dt
te = nde + nie
# gradients: parameter order (beta0, beta1, beta_C..., theta0, theta1, theta2, theta3, theta_C...)
g_nde = np.zeros(kb + kt)
g_nde[0] = th3 * dt; g_nde[1] = th3 * t0 * dt; g_nde[2:kb] = th3 * cbar * dt
g_nde[kb + 1] = dt; g_nde[kb + 3] = (b0 + b1 * t0 + b2 @ cbar) * dt
g_nie = np.zeros(kb + kt)
g_nie[1] = (th2 + th3 * t1) * dt; g_nie[kb + 2] = b1 * dt; g_nie[kb + 3] = b1 * t1 * dt
g_cde = np.zeros(kb + kt); g_cde[kb + 1] = dt; g_cde[kb + 3] = m_cde * dt
g_te = g_nde + g_nie
z = stats.norm.ppf(0.975)


def blk(est, g):
    se = float(np.sqrt(g @ Sig @ g))
    return {"estimate": float(est), "se": se, "ci95": [est - z * se, est + z * se],
            "p_value": float(2 * stats.norm.sf(abs(est / se))), "gradient": g}


tnde = (th1 + th3 * (b0 + b1 * t1 + b2 @ cbar)) * dt
g_tnde = g_nde.copy(); g_tnde[1] = th3 * t1 * dt; g_tnde[kb + 3] = (b0 + b1 * t1 + b2 @ cbar) * dt
pnie = (th2 * b1 + th3 * b1 * t0) * dt
g_pnie = np.zeros(kb + kt); g_pnie[1] = (th2 + th3 * t0) * dt; g_pnie[kb + 2] = b1 * dt; g_pnie[kb + 3] = b1 * t0 * dt
res = {"nde": blk(nde, g_nde), "nie": blk(nie, g_nie), "total": blk(te, g_te), "cde_at_mean_M": blk(cde, g_cde),
       "tnde": blk(tnde, g_tnde), "pnie": blk(pnie, g_pnie),
       "proportion_mediated_point": float(nie / te)}
# also the 'pure natural' variants: NDE evaluated at t0 baseline (TNDE/PNIE naming as in regmedint)
checks = {}
rx = note_r(d / "r_regmedint.json")
if rx is not None:
    checks["regmedint"] = rx
    mx = 0.0
    for k_ref, k_r in [("nde", "pnde"), ("nie", "tnie"), ("total", "te"), ("cde_at_mean_M", "cde"), ("tnde", "tnde"), ("pnie", "pnie")]:
        mx = max(mx, abs(rx[k_r]["est"] - res[k_ref]["estimate"]), abs(rx[k_r]["se"] / res[k_ref]["se"] - 1))
    checks["regmedint_max_diff_(abs est, rel se)"] = mx
out = {"case": CASE,
       "data": "simulated (seed 20240616, scripts/mediation.py simulate): C1 ~ N(0,1), C2 ~ Bern(.4), "
               "T ~ Bern(expit(0.3 C1 - 0.2 C2)), M = 0.5 + 0.8T + 0.4C1 - 0.3C2 + N(0,1), "
               "Y = 1 + 0.7T + 0.6M + 0.4TM + 0.5C1 + 0.2C2 + N(0,1)",
       "models": {"mediator": "M ~ 1 + T + C1 + C2 (OLS)", "outcome": "Y ~ 1 + T + M + T:M + C1 + C2 (OLS)"},
       "contrast": {"t0": t0, "t1": t1, "c_bar": cbar, "m_for_cde": m_cde},
       "coef_mediator": beta, "coef_outcome": theta, "cov_mediator_classical": Sb, "cov_outcome_classical": St,
       "formulas": {"nde": "(theta1 + theta3 (beta0 + beta1 t0 + beta2' c)) (t1 - t0)  [pure NDE, regmedint 'pnde']",
                    "nie": "(theta2 beta1 + theta3 beta1 t1) (t1 - t0)  [total NIE, regmedint 'tnie']",
                    "total": "nde + nie", "cde": "(theta1 + theta3 m) (t1 - t0)",
                    "se": "delta method, Sigma = blockdiag(classical cov of mediator OLS, classical cov of outcome OLS); CI normal"},
       "estimates": res, "crosschecks": checks,
       "authority": "statsmodels + numpy delta method; R regmedint cross-check",
       "versions": versions("statsmodels")}
dump_json(out, d / "expected.json")
print(CASE, {k: (v["estimate"], v["se"]) for k, v in res.items() if isinstance(v, dict)}, checks.get("regmedint_max_diff_(abs est, rel se)"))
