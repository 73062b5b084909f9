"""Fixture pss_binary: propensity-score stratification into 5 quantile strata.

Reference: a plain numpy implementation of the definition below (no package implements exactly
this estimator; R's quantile type 7 is reproduced by _common.r_quantile7 and checked against numpy).
Data: shared/conformance/cases/binary_treatment_common_causes/data.csv + column pscore
(unpenalised logit of v0 on [1, W0..W4], 17 significant digits); strata are computed from pscore.
"""
import numpy as np
from scipy import stats
from _common import *
from ipw import logit_mle, expit

CASE = "pss_binary"
d = case_dir(CASE)
src = read_csv(CASES / "binary_treatment_common_causes" / "data.csv")
W = ["W0", "W1", "W2", "W3", "W4"]
X = np.column_stack([np.ones(len(src))] + [src[w].values.astype(float) for w in W])
beta, _ = logit_mle(X, src["v0"].values.astype(float))
out_df = src.copy()
out_df["pscore"] = expit(X @ beta)
out_df.to_csv(d / "data.csv", index=False, float_format="%.17g")
df = read_csv(d / "data.csv")
for c in src.columns:
    assert np.array_equal(df[c].values, src[c].values)
e = df["pscore"].values; t = df["v0"].values; y = df["y"].values.astype(float)
probs = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
q = r_quantile7(e, probs)
assert np.allclose(q, np.quantile(e, probs, method="linear"), rtol=0, atol=0)
stratum = np.zeros(len(e), int)
for j in range(1, 6):
    if j == 1:
        m = (e >= q[0]) & (e <= q[1])
    else:
        m = (e > q[j - 1]) & (e <= q[j])
    stratum[m] = j
assert (stratum > 0).all()
strata = []
for j in range(1, 6):
    m = stratum == j
    y1, y0 = y[m & (t == 1)], y[m & (t == 0)]
    strata.append({"stratum": j, "interval": [float(q[j - 1]), float(q[j])],
                   "closed": "both" if j == 1 else "right", "n": int(m.sum()),
                   "n_treated": int(len(y1)), "n_control": int(len(y0)),
                   "mean_treated": float(y1.mean()) if len(y1) else None,
                   "mean_control": float(y0.mean()) if len(y0) else None,
                   "var_treated_ddof1": float(np.var(y1, ddof=1)) if len(y1) > 1 else None,
                   "var_control_ddof1": float(np.var(y0, ddof=1)) if len(y0) > 1 else None,
                   "difference": float(y1.mean() - y0.mean()) if len(y1) and len(y0) else None})
z = stats.norm.ppf(0.975)
res = {}
for lab, share in [("ate", lambda s: s["n"]), ("att", lambda s: s["n_treated"]), ("atc", lambda s: s["n_control"])]:
    tot = sum(share(s) for s in strata)
    w = [share(s) / tot for s in strata]
    est = sum(wi * s["difference"] for wi, s in zip(w, strata))
    var = sum(wi**2 * (s["var_treated_ddof1"] / s["n_treated"] + s["var_control_ddof1"] / s["n_control"])
              for wi, s in zip(w, strata))
    se = float(np.sqrt(var))
    res[lab] = {"weights": w, "estimate": est, "se": se, "ci95_normal": [est - z * se, est + z * se]}
out = {"case": CASE,
       "data": "binary_treatment_common_causes/data.csv (values unchanged) + pscore column",
       "roles": {"treatment": "v0", "outcome": "y", "propensity_covariates": W},
       "propensity_coef": beta,
       "strata_definition": "q = R quantile type 7 of pscore (all units) at 0,.2,.4,.6,.8,1; stratum 1 = [q0,q1], "
                            "stratum j = (q_{j-1}, q_j]",
       "quantiles": q, "strata": strata,
       "estimator": "sum_s w_s (mean_1s - mean_0s); w_s = share of target units (all/treated/controls) in stratum s; "
                    "SE = sqrt(sum_s w_s^2 (s2_1s/n_1s + s2_0s/n_0s)), sample variances with ddof 1",
       "estimates": res,
       "authority": "numpy implementation of the stated definition (no package computes exactly this)",
       "versions": versions()}
dump_json(out, d / "expected.json")
print(CASE, {k: (v["estimate"], v["se"]) for k, v in res.items()}, [s["n_treated"] for s in strata], [s["n_control"] for s in strata])
