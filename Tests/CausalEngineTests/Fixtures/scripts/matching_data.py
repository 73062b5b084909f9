"""Writes psm_lalonde/data.csv and dm_lalonde/data.csv: the NSW experimental sample
(shared/conformance/cases/lalonde_nsw_experimental/data.csv; values unchanged, numbers re-printed) plus a column `pscore`
= fitted probability of an unpenalised logit of treat on [1, age, educ, black, hisp, marr,
nodegree, re74, re75] (Newton-Raphson to |step| < 1e-13), written with 17 significant digits.
Matching (R and numpy) reads the score back from this column."""
import numpy as np
from _common import *
from ipw import logit_mle, expit  # noqa: E402  (ipw.py only runs its loop under __main__)

COV = ["age", "educ", "black", "hisp", "marr", "nodegree", "re74", "re75"]
src = read_csv(CASES / "lalonde_nsw_experimental" / "data.csv")
X = np.column_stack([np.ones(len(src))] + [src[c].values.astype(float) for c in COV])
beta, it = logit_mle(X, src["treat"].values.astype(float))
out = src.copy()
out["pscore"] = expit(X @ beta)
for case in ["psm_lalonde", "dm_lalonde"]:
    d = case_dir(case)
    out.to_csv(d / "data.csv", index=False, float_format="%.17g")
    back = read_csv(d / "data.csv")
    assert np.array_equal(back["pscore"].values, out["pscore"].values)
    for c in src.columns:
        assert np.array_equal(back[c].values, src[c].values), c
# Tie-free companion data for cross-checking the AI (2016) formulas against IUPS (see matching.py):
# every covariate gets N(0, 0.01^2) noise (seed 20240611), rounded to 6 decimals.
rng = np.random.default_rng(20240611)
ck = src[["treat"] + COV + ["re78"]].copy()
for c in COV:
    ck[c] = ck[c].astype(float) + rng.normal(0, 0.01, len(ck))
write_simulated_csv(ck, FIX / "psm_lalonde" / "ai2016_check_data.csv")
dump_json({"coef": beta, "design_columns": ["const"] + COV, "newton_iterations": it},
          FIX / "psm_lalonde" / "propensity_model.json")
print("pscore written; coef", beta)
