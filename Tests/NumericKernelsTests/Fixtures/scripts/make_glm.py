#!/usr/bin/env python3
"""Simulated GLM data sets and statsmodels reference fits.

Run from the repository root:
    /work/scratch/venv/bin/python Tests/NumericKernelsTests/Fixtures/scripts/make_glm.py

Outputs (Tests/NumericKernelsTests/Fixtures/glm/):
    logit_data.csv, probit_data.csv, poisson_data.csv
    binomial_logit.json, binomial_probit.json, poisson_log.json
    separated_complete.csv, separated_quasi.csv, separation.json

CSV layout (all three regular data sets): header "y,x1,x2,x3".
    y  : response (0/1 for the binomial sets, a count for Poisson)
    x1 : continuous, N(0, 1), 6 decimals
    x2 : continuous, Uniform(-2, 2), 6 decimals
    x3 : binary 0/1 (written as an integer)
The CSV has NO intercept column; every model is y ~ 1 + x1 + x2 + x3 and the
coefficient vectors are ordered [const, x1, x2, x3].

The data are written first and then read back from the CSV text, so the fits use
exactly the decimal values in the files.
"""
import csv
import io
import json
import os
import sys
import warnings

import numpy as np
import scipy
import scipy.stats as st
import statsmodels
import statsmodels.api as sm

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "glm"))

N = 1000
TOL = 1e-14
MAXITER = 100

SETS = {
    # name: (csv, seed, family factory, link name, true beta, json name)
    "logit": ("logit_data.csv", 20240611, lambda: sm.families.Binomial(link=sm.families.links.Logit()),
              "logit", [-0.4, 0.9, -0.6, 0.8], "binomial_logit.json"),
    "probit": ("probit_data.csv", 20240612, lambda: sm.families.Binomial(link=sm.families.links.Probit()),
               "probit", [0.3, 0.5, -0.4, -0.6], "binomial_probit.json"),
    "poisson": ("poisson_data.csv", 20240613, lambda: sm.families.Poisson(link=sm.families.links.Log()),
                "log", [0.5, 0.3, -0.25, 0.4], "poisson_log.json"),
}


def fmt6(v):
    s = "%.6f" % v
    return "0.000000" if s == "-0.000000" else s


def write_csv(path, header, rows):
    with open(path, "w", encoding="ascii", newline="") as fh:
        fh.write(",".join(header) + "\n")
        for r in rows:
            fh.write(",".join(r) + "\n")


def read_csv(path):
    with open(path, "r", encoding="ascii", newline="") as fh:
        rd = csv.reader(fh)
        header = next(rd)
        data = np.array([[float(t) for t in row] for row in rd], dtype=float)
    return header, data


def simulate(name):
    fname, seed, _, link, beta, _ = SETS[name]
    rng = np.random.default_rng(seed)
    x1 = np.round(rng.normal(0.0, 1.0, N), 6)
    x2 = np.round(rng.uniform(-2.0, 2.0, N), 6)
    x3 = (rng.uniform(size=N) < 0.4).astype(int)
    eta = beta[0] + beta[1] * x1 + beta[2] * x2 + beta[3] * x3
    if link == "logit":
        y = (rng.uniform(size=N) < 1.0 / (1.0 + np.exp(-eta))).astype(int)
    elif link == "probit":
        y = (rng.uniform(size=N) < st.norm.cdf(eta)).astype(int)
    else:
        y = rng.poisson(np.exp(eta))
    rows = [[str(int(y[i])), fmt6(x1[i]), fmt6(x2[i]), str(int(x3[i]))] for i in range(N)]
    write_csv(os.path.join(OUT, fname), ["y", "x1", "x2", "x3"], rows)


def lst(a):
    return [float(v) for v in np.asarray(a).ravel()]


def fit_one(name):
    fname, seed, fam, link, beta, jname = SETS[name]
    header, data = read_csv(os.path.join(OUT, fname))
    assert header == ["y", "x1", "x2", "x3"]
    y = data[:, 0]
    X = np.column_stack([np.ones(len(y)), data[:, 1:]])
    model = sm.GLM(y, X, family=fam())
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        res = model.fit(method="IRLS", tol=TOL, maxiter=MAXITER, tol_criterion="params")
    res_dev = model.fit(method="IRLS", tol=TOL, maxiter=MAXITER)  # statsmodels' default criterion
    warn_msgs = ["%s: %s" % (x.category.__name__, x.message) for x in w]
    out = {
        "data": fname,
        "formula": "y ~ 1 + x1 + x2 + x3",
        "family": type(model.family).__name__,
        "link": link,
        "columns": ["const", "x1", "x2", "x3"],
        "n": int(len(y)),
        "simulation": {
            "rng": "numpy.random.default_rng(%d)" % seed,
            "true_coefficients": beta,
            "x1": "normal(0, 1), rounded to 6 decimals",
            "x2": "uniform(-2, 2), rounded to 6 decimals",
            "x3": "uniform() < 0.4 as 0/1",
            "y": {"logit": "uniform() < 1/(1+exp(-eta))",
                  "probit": "uniform() < Phi(eta)",
                  "log": "poisson(exp(eta))"}[link],
            "draw_order": "x1 (N normals), x2 (N uniforms), x3 (N uniforms), y (N draws)",
        },
        "coefficients": lst(res.params),
        "standard_errors": lst(res.bse),
        "standard_errors_kind": (
            "non-robust, statsmodels GLM IRLS default: sqrt(diag(scale * inv(X' W X))) with the IRLS "
            "weights W = 1 / (V(mu) * g'(mu)^2), i.e. the EXPECTED (Fisher) information; scale = 1"),
        "z_values": lst(res.tvalues),
        "p_values": lst(res.pvalues),
        "p_values_kind": "two-sided, standard normal reference (statsmodels GLM default use_t=False)",
        "log_likelihood": float(res.llf),
        "deviance": float(res.deviance),
        "null_deviance": float(res.null_deviance),
        "pearson_chi2": float(res.pearson_chi2),
        "aic": float(res.aic),
        "scale": float(res.scale),
        "df_resid": float(res.df_resid),
        "iterations": int(res.fit_history["iteration"]),
        "converged": bool(res.converged),
        "fit_call": ("sm.GLM(y, X, family=...).fit(method='IRLS', tol=%g, maxiter=%d, "
                     "tol_criterion='params')" % (TOL, MAXITER)),
        "convergence_criterion": (
            "stop when max |beta_k - beta_{k-1}| <= 1e-14 (tol_criterion='params', absolute). "
            "statsmodels' default criterion (|deviance change| <= tol) stops while the parameters are "
            "still ~1e-9 (relative) from the fixed point because the deviance is flat at the optimum; "
            "that fit's values are kept under 'default_deviance_criterion_fit' for reference only."),
        "default_deviance_criterion_fit": {
            "coefficients": lst(res_dev.params),
            "standard_errors": lst(res_dev.bse),
            "iterations": int(res_dev.fit_history["iteration"]),
            "converged": bool(res_dev.converged),
        },
        "fit_warnings": warn_msgs,
        "statsmodels_version": statsmodels.__version__,
        "numpy_version": np.__version__,
        "scipy_version": scipy.__version__,
    }
    if name == "poisson":
        out["log_likelihood_note"] = "full Poisson log-likelihood including -sum(log(y!))"
    else:
        out["log_likelihood_note"] = "Bernoulli log-likelihood sum(y log mu + (1-y) log(1-mu))"
    assert res.converged, name
    # observed-information SEs (differ from the expected-information ones only for non-canonical links)
    H = model.hessian(res.params, observed=True)
    out["standard_errors_observed_information"] = lst(np.sqrt(np.diag(np.linalg.inv(-H))))
    if name == "probit":
        out["observed_vs_expected_note"] = (
            "probit is not the canonical link, so observed and expected information differ; "
            "'standard_errors' are expected-information SEs (what statsmodels reports), "
            "'standard_errors_observed_information' = sqrt(diag(inv(-Hessian))) at the estimate.")
    if name == "logit":
        r0 = model.fit(method="IRLS", tol=TOL, maxiter=MAXITER, tol_criterion="params", cov_type="HC0")
        assert np.array_equal(r0.params, res.params)
        out["robust_standard_errors_HC0"] = lst(r0.bse)
        out["robust_note"] = (
            "HC0 (statsmodels cov_type='HC0') = sqrt(diag(inv(I) (sum_i s_i s_i') inv(I))) with "
            "s_i = (y_i - mu_i) x_i and I = X' diag(mu(1-mu)) X; no small-sample factor. Note: in "
            "statsmodels %s GLM cov_type='HC1'/'HC2'/'HC3' return exactly the HC0 matrix (no n/(n-k) "
            "factor), so they are not recorded." % statsmodels.__version__)
    with open(os.path.join(OUT, jname), "w", encoding="ascii") as fh:
        json.dump(out, fh, indent=2)
        fh.write("\n")
    print("wrote", jname, "converged", res.converged, "iterations", out["iterations"])


# ----------------------------------------------------------------------------
# separation
# ----------------------------------------------------------------------------

SEP_SEED_COMPLETE = 20240621
SEP_SEED_QUASI = 20240622
SEP_N = 60


def make_separation():
    rng = np.random.default_rng(SEP_SEED_COMPLETE)
    x1 = np.round(rng.normal(0.0, 1.0, SEP_N), 6)
    x2 = np.round(rng.normal(0.0, 1.0, SEP_N), 6)
    y = (x1 > 0).astype(int)
    rows = [[str(int(y[i])), fmt6(x1[i]), fmt6(x2[i])] for i in range(SEP_N)]
    write_csv(os.path.join(OUT, "separated_complete.csv"), ["y", "x1", "x2"], rows)

    rng = np.random.default_rng(SEP_SEED_QUASI)
    x1 = rng.integers(-3, 4, SEP_N)            # integers -3..3
    x2 = np.round(rng.normal(0.0, 1.0, SEP_N), 6)
    y = (x1 > 0).astype(int)
    zero = np.flatnonzero(x1 == 0)
    y[zero] = (np.arange(len(zero)) % 2)        # ties at the boundary: both 0 and 1 at x1 == 0
    rows = [[str(int(y[i])), str(int(x1[i])), fmt6(x2[i])] for i in range(SEP_N)]
    write_csv(os.path.join(OUT, "separated_quasi.csv"), ["y", "x1", "x2"], rows)


def run_capture(fn):
    rec = {}
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            r = fn()
            rec["raised"] = None
            rec["coefficients"] = lst(r.params)
            with np.errstate(all="ignore"):
                rec["standard_errors"] = [None if not np.isfinite(v) else float(v) for v in np.asarray(r.bse)]
            conv = getattr(r, "converged", None)
            if conv is None:
                conv = r.mle_retvals.get("converged") if hasattr(r, "mle_retvals") else None
            rec["converged"] = bool(conv) if conv is not None else None
            if hasattr(r, "fit_history"):
                rec["iterations"] = int(r.fit_history["iteration"])
            elif hasattr(r, "mle_retvals"):
                rec["iterations"] = int(r.mle_retvals.get("iterations", -1))
            rec["log_likelihood"] = float(r.llf)
        except Exception as e:  # noqa: BLE001 - we record whatever statsmodels does
            rec["raised"] = "%s: %s" % (type(e).__name__, e)
    rec["warnings"] = sorted(set("%s: %s" % (x.category.__name__, x.message) for x in w))
    return rec


def fit_separation():
    out = {
        "description": "Logistic-regression data sets without a finite maximum-likelihood estimate.",
        "statsmodels_version": statsmodels.__version__,
        "sets": {},
    }
    specs = {
        "separated_complete.csv": {
            "seed": SEP_SEED_COMPLETE,
            "columns": ["y", "x1", "x2"],
            "separating_column": "x1",
            "kind": "complete separation: y = 1 exactly when x1 > 0 (no x1 == 0 in the data)",
            "simulation": "rng = numpy.random.default_rng(%d); x1 = round(normal(0,1,%d),6); "
                          "x2 = round(normal(0,1,%d),6); y = (x1 > 0)" % (SEP_SEED_COMPLETE, SEP_N, SEP_N),
        },
        "separated_quasi.csv": {
            "seed": SEP_SEED_QUASI,
            "columns": ["y", "x1", "x2"],
            "separating_column": "x1",
            "kind": "quasi-complete separation: y = 0 for x1 < 0, y = 1 for x1 > 0, and both y = 0 and "
                    "y = 1 occur at the boundary x1 == 0",
            "simulation": "rng = numpy.random.default_rng(%d); x1 = integers(-3, 4, %d); "
                          "x2 = round(normal(0,1,%d),6); y = (x1 > 0), then the rows with x1 == 0 get "
                          "y = 0,1,0,1,... in file order" % (SEP_SEED_QUASI, SEP_N, SEP_N),
        },
    }
    for fname, meta in specs.items():
        header, data = read_csv(os.path.join(OUT, fname))
        y = data[:, 0]
        X = np.column_stack([np.ones(len(y)), data[:, 1:]])
        entry = dict(meta)
        entry["n"] = int(len(y))
        entry["model"] = "y ~ 1 + x1 + x2, coefficient order [const, x1, x2]"
        if "quasi" in fname:
            x1 = data[:, 1]
            entry["boundary_rows"] = {"x1 == 0, y == 0": int(np.sum((x1 == 0) & (y == 0))),
                                      "x1 == 0, y == 1": int(np.sum((x1 == 0) & (y == 1)))}
            # As the x1 coefficient -> +inf the rows with x1 != 0 are fitted perfectly and the
            # remaining coefficients converge to the logit MLE on the boundary rows alone.
            sub = x1 == 0
            rb = sm.GLM(y[sub], np.column_stack([np.ones(sub.sum()), data[sub, 2]]),
                        family=sm.families.Binomial()).fit(method="IRLS", tol=TOL, maxiter=MAXITER)
            entry["limit_of_other_coefficients"] = {
                "description": "logit MLE of y ~ 1 + x2 on the rows with x1 == 0 only; the const and x2 "
                               "coefficients of the full fit approach these values while the x1 "
                               "coefficient diverges",
                "coefficients_const_x2": lst(rb.params),
                "converged": bool(rb.converged),
            }
        entry["statsmodels_GLM_binomial_logit"] = run_capture(
            lambda: sm.GLM(y, X, family=sm.families.Binomial()).fit(method="IRLS", tol=TOL, maxiter=MAXITER))
        entry["statsmodels_Logit_newton"] = run_capture(
            lambda: sm.Logit(y, X).fit(method="newton", maxiter=MAXITER, disp=False))
        entry["statsmodels_behaviour_summary"] = (
            "statsmodels %s raises no exception (PerfectSeparationError is no longer raised); see the "
            "'warnings', 'converged' and 'iterations' fields of each call above." % statsmodels.__version__)
        entry["expected_engine_behaviour"] = (
            "The MLE does not exist (the x1 coefficient diverges to +infinity); the coefficients "
            "statsmodels prints are wherever its iteration stopped and are not reference values. "
            "An engine should detect and report separation rather than return these numbers.")
        out["sets"][fname] = entry
    with open(os.path.join(OUT, "separation.json"), "w", encoding="ascii") as fh:
        json.dump(out, fh, indent=2)
        fh.write("\n")
    print("wrote separation.json")


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in SETS:
        simulate(name)
        fit_one(name)
    make_separation()
    fit_separation()


if __name__ == "__main__":
    sys.exit(main())
