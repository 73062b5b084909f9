#!/usr/bin/env python3
"""statsmodels logistic fits of glm/logit_data.csv with frequency weights:
a bootstrap resample's counts and an 80% subset's 0/1 counts (the refits of
the bootstrap and data_subset checks), and a permuted response (a placebo).

Run from the repository root, with statsmodels installed outside the repo:
    python Tests/NumericKernelsTests/Fixtures/scripts/make_glm_counts.py

Output: Tests/NumericKernelsTests/Fixtures/glm/binomial_logit_counts.json
    cases[]: name, counts (one per row, or null), permutation (row order of
    the response, or null), coefficients [const, x1, x2, x3].
Model: y ~ 1 + x1 + x2 + x3, sm.GLM(..., family=Binomial(), freq_weights=counts),
IRLS to a change in the coefficients of 1e-14 (tol_criterion="params", as make_glm.py).
"""
import json
import os

import numpy as np
import statsmodels
import statsmodels.api as sm

HERE = os.path.dirname(os.path.abspath(__file__))
GLM_DIR = os.path.normpath(os.path.join(HERE, "..", "glm"))

data = np.genfromtxt(os.path.join(GLM_DIR, "logit_data.csv"), delimiter=",", names=True)
y = data["y"].astype(float)
x = sm.add_constant(np.column_stack([data["x1"], data["x2"], data["x3"]]))
n = len(y)
rng = np.random.default_rng(20261207)

cases = []
boot = np.bincount(rng.integers(0, n, size=n), minlength=n).astype(float)
subset = (rng.random(n) < 0.8).astype(float)
perm = rng.permutation(n)
for name, counts, order in [("bootstrap", boot, None), ("subset", subset, None), ("placebo", None, perm)]:
    response = y if order is None else y[order]
    model = sm.GLM(response, x, family=sm.families.Binomial(), freq_weights=counts)
    fit = model.fit(method="IRLS", tol=1e-14, maxiter=100, tol_criterion="params")
    cases.append({
        "name": name,
        "counts": None if counts is None else counts.astype(int).tolist(),
        "permutation": None if order is None else order.tolist(),
        "coefficients": fit.params.tolist(),
    })

out = {
    "data": "glm/logit_data.csv",
    "model": "y ~ 1 + x1 + x2 + x3, logit, frequency weights",
    "statsmodels_version": statsmodels.__version__,
    "numpy_version": np.__version__,
    "cases": cases,
}
with open(os.path.join(GLM_DIR, "binomial_logit_counts.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
