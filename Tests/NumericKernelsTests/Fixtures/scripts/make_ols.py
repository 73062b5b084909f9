#!/usr/bin/env python3
"""Simulated heteroskedastic, clustered regression data and statsmodels OLS/WLS fits.

Run from the repository root:
    /work/scratch/venv/bin/python Tests/NumericKernelsTests/Fixtures/scripts/make_ols.py

Outputs (Tests/NumericKernelsTests/Fixtures/ols/):
    ols_data.csv   header "y,x1,x2,x3,cluster,w"
    ols_fit.json   OLS: coefficients, classical / HC0-HC3 / cluster-robust SEs, t, p, R^2 ...
    wls_fit.json   WLS with weights w: coefficients, classical SEs ...

CSV columns: y response; x1 continuous (with a cluster-level component), x2 continuous
in (0, 10), x3 binary 0/1; cluster = integer id 1..25 (unequal sizes, rows NOT sorted
by cluster); w = positive WLS weight.  No intercept column: the model is
y ~ 1 + x1 + x2 + x3, coefficient order [const, x1, x2, x3].
Data are written with 6 decimals and read back before fitting.
"""
import csv
import json
import os
import sys

import numpy as np
import scipy
import scipy.stats as st
import statsmodels
import statsmodels.api as sm

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "ols"))
SEED = 20240701
N = 300
G = 25


def fmt6(v):
    s = "%.6f" % v
    return "0.000000" if s == "-0.000000" else s


def lst(a):
    return [float(v) for v in np.asarray(a).ravel()]


def simulate(path):
    rng = np.random.default_rng(SEED)
    # unequal cluster sizes, each >= 2, total N
    sizes = rng.multinomial(N - 2 * G, rng.dirichlet(np.full(G, 1.0))) + 2
    cluster = np.repeat(np.arange(1, G + 1), sizes)
    cluster = cluster[rng.permutation(N)]
    a = rng.normal(0.0, 1.0, G)           # cluster effect in x1
    u = rng.normal(0.0, 0.7, G)           # cluster effect in the error
    x1 = np.round(0.6 * a[cluster - 1] + rng.normal(0.0, 1.0, N), 6)
    x2 = np.round(rng.uniform(0.0, 10.0, N), 6)
    x3 = (rng.uniform(size=N) < 0.5).astype(int)
    e = rng.normal(0.0, 1.0, N) * (0.3 + 0.6 * np.abs(x1) + 0.05 * x2)   # heteroskedastic
    y = np.round(1.0 + 0.5 * x1 - 0.2 * x2 + 0.7 * x3 + u[cluster - 1] + e, 6)
    w = np.round(rng.uniform(0.5, 3.0, N), 6)
    with open(path, "w", encoding="ascii", newline="") as fh:
        fh.write("y,x1,x2,x3,cluster,w\n")
        for i in range(N):
            fh.write(",".join([fmt6(y[i]), fmt6(x1[i]), fmt6(x2[i]), str(int(x3[i])),
                               str(int(cluster[i])), fmt6(w[i])]) + "\n")


def read(path):
    with open(path, "r", encoding="ascii", newline="") as fh:
        rd = csv.reader(fh)
        header = next(rd)
        rows = [[float(t) for t in r] for r in rd]
    assert header == ["y", "x1", "x2", "x3", "cluster", "w"]
    return np.array(rows)


def inference(res, df_t):
    """SEs, statistics and two-sided p-values under normal and t references."""
    se = np.asarray(res.bse)
    stat = np.asarray(res.params) / se
    return {
        "standard_errors": lst(se),
        "t_values": lst(stat),
        "p_values_normal": lst(2 * st.norm.sf(np.abs(stat))),
        "p_values_t": lst(2 * st.t.sf(np.abs(stat), df_t)),
        "t_df": df_t,
        "statsmodels_pvalues": lst(res.pvalues),
        "statsmodels_use_t": bool(res.use_t),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    csv_path = os.path.join(OUT, "ols_data.csv")
    simulate(csv_path)
    D = read(csv_path)
    y = D[:, 0]
    X = np.column_stack([np.ones(N), D[:, 1:4]])
    groups = D[:, 4].astype(int)
    w = D[:, 5]
    K = X.shape[1]
    n_clusters = int(len(np.unique(groups)))
    sizes = np.bincount(groups)[1:]

    base = sm.OLS(y, X).fit()
    out = {
        "data": "ols_data.csv",
        "formula": "y ~ 1 + x1 + x2 + x3",
        "columns": ["const", "x1", "x2", "x3"],
        "n": N,
        "k": K,
        "n_clusters": n_clusters,
        "cluster_sizes": {str(g + 1): int(s) for g, s in enumerate(sizes)},
        "simulation": {
            "rng": "numpy.random.default_rng(%d)" % SEED,
            "draw_order": ("sizes = multinomial(%d, dirichlet(ones(%d))) + 2; cluster ids repeated by size "
                           "then permuted; a ~ N(0,1)[G]; u ~ N(0,0.7^2)[G]; x1 = 0.6 a[g] + N(0,1); "
                           "x2 ~ U(0,10); x3 = U < 0.5; e = N(0,1) * (0.3 + 0.6|x1| + 0.05 x2); "
                           "y = 1 + 0.5 x1 - 0.2 x2 + 0.7 x3 + u[g] + e; w ~ U(0.5, 3); "
                           "continuous values rounded to 6 decimals" % (N - 2 * G, G)),
        },
        "coefficients": lst(base.params),
        "r_squared": float(base.rsquared),
        "adj_r_squared": float(base.rsquared_adj),
        "df_resid": float(base.df_resid),
        "df_model": float(base.df_model),
        "ssr": float(base.ssr),
        "sigma2": float(base.scale),
        "f_statistic": float(base.fvalue),
        "f_pvalue": float(base.f_pvalue),
        "log_likelihood": float(base.llf),
        "covariances": {},
        "statsmodels_version": statsmodels.__version__,
        "numpy_version": np.__version__,
        "scipy_version": scipy.__version__,
    }
    cov = out["covariances"]
    c = inference(base, float(base.df_resid))
    c["formula"] = "sigma2 * inv(X'X), sigma2 = SSR / (n - k)"
    c["statsmodels_call"] = "sm.OLS(y, X).fit()"
    cov["classical"] = c
    hc_formula = {
        "HC0": "inv(X'X) X' diag(e_i^2) X inv(X'X)",
        "HC1": "n/(n-k) * HC0",
        "HC2": "inv(X'X) X' diag(e_i^2/(1-h_ii)) X inv(X'X), h_ii = leverage",
        "HC3": "inv(X'X) X' diag(e_i^2/(1-h_ii)^2) X inv(X'X)",
    }
    for hc in ["HC0", "HC1", "HC2", "HC3"]:
        r = sm.OLS(y, X).fit(cov_type=hc)
        c = inference(r, float(base.df_resid))
        c["formula"] = hc_formula[hc]
        c["statsmodels_call"] = "sm.OLS(y, X).fit(cov_type='%s')" % hc
        cov[hc] = c
    r = sm.OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": groups})
    c = inference(r, float(n_clusters - 1))
    c["formula"] = ("G/(G-1) * (N-1)/(N-K) * inv(X'X) (sum_g X_g' e_g e_g' X_g) inv(X'X), "
                    "G = %d, N = %d, K = %d" % (n_clusters, N, K))
    c["small_sample_factor"] = n_clusters / (n_clusters - 1) * (N - 1) / (N - K)
    c["statsmodels_call"] = ("sm.OLS(y, X).fit(cov_type='cluster', cov_kwds={'groups': cluster}) "
                             "(defaults use_correction=True, df_correction=True)")
    c["t_df_note"] = "p_values_t uses G - 1 degrees of freedom (what statsmodels uses with use_t=True)"
    cov["cluster"] = c
    out["p_values_note"] = (
        "Two-sided p-values. 'p_values_t' uses Student t with t_df degrees of freedom (df_resid for "
        "classical and HC*, G-1 for cluster); 'p_values_normal' uses N(0,1). statsmodels' own default "
        "is t for the classical fit and normal for cov_type HC*/cluster (use_t=False); its values are "
        "copied in 'statsmodels_pvalues'.")
    with open(os.path.join(OUT, "ols_fit.json"), "w", encoding="ascii") as fh:
        json.dump(out, fh, indent=2)
        fh.write("\n")

    wr = sm.WLS(y, X, weights=w).fit()
    wout = {
        "data": "ols_data.csv",
        "formula": "y ~ 1 + x1 + x2 + x3, weights = w",
        "columns": ["const", "x1", "x2", "x3"],
        "weights_column": "w",
        "weights_meaning": ("minimises sum_i w_i (y_i - x_i'b)^2 (w proportional to 1/variance); "
                            "b = inv(X'WX) X'Wy"),
        "n": N,
        "coefficients": lst(wr.params),
        "standard_errors": lst(wr.bse),
        "standard_errors_formula": "sigma2_w * inv(X'WX), sigma2_w = sum_i w_i e_i^2 / (n - k)",
        "t_values": lst(wr.tvalues),
        "p_values": lst(wr.pvalues),
        "p_values_kind": "two-sided, Student t with df_resid degrees of freedom",
        "sigma2": float(wr.scale),
        "ssr_weighted": float(wr.ssr),
        "df_resid": float(wr.df_resid),
        "r_squared": float(wr.rsquared),
        "r_squared_note": "statsmodels WLS R^2: 1 - sum w e^2 / sum w (y - weighted mean y)^2",
        "statsmodels_call": "sm.WLS(y, X, weights=w).fit()",
        "statsmodels_version": statsmodels.__version__,
    }
    with open(os.path.join(OUT, "wls_fit.json"), "w", encoding="ascii") as fh:
        json.dump(wout, fh, indent=2)
        fh.write("\n")
    print("wrote ols_data.csv, ols_fit.json, wls_fit.json; clusters", n_clusters,
          "sizes min/max", sizes.min(), sizes.max())


if __name__ == "__main__":
    sys.exit(main())
