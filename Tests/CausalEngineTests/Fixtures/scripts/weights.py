"""Fixture weights_clusters: sampling (probability) weights and cluster-robust standard errors for every
estimator that defines them (linear regression, logistic GLM, propensity-score weighting, cross-fitted AIPW,
partially linear DML, 2SLS, rdrobust RD), each in four configurations: unweighted, weights, cluster,
weights + cluster.

Sampling weights w: point estimates solve the w-weighted estimating equations; variances are sandwich
(design-based), with the scores multiplied by w (so the meat holds w^2), never the frequency-weight formula.
Clusters: the meat is built from cluster sums of the (weighted) scores. The small-sample factor of each
method is stated in its `definition` and in README.md ("weights_clusters").

Authorities: numpy closed forms / M-estimation written out here (every method), checked against statsmodels
(WLS, GLM), linearmodels IV2SLS (weights=), rdrobust 2.1.1 (weights=, cluster=; the authority for RD), and in R
(scripts/weights.R -> weights_clusters/r_*.json): lm + sandwich, survey::svyglm / svymean / svyratio,
AER::ivreg + sandwich, WeightIt::glm_weightit (M-estimation with s.weights), rdrobust 4.0.0.

Run from the repository root: python Tests/CausalEngineTests/Fixtures/scripts/weights.py
(run_all.sh runs it, then weights.R, then it again to fold the R numbers into expected.json).
"""
import contextlib
import io
import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from _common import *

CASE = "weights_clusters"
SEED = 20240801
Z975 = float(stats.norm.ppf(0.975))
CONFIGS = {"unweighted": (False, False), "weights": (True, False), "cluster": (False, True),
           "weights_cluster": (True, True)}
ROWS = ["conventional", "bias_corrected", "robust"]


def expit(x):
    return 1.0 / (1.0 + np.exp(-x))


# ----------------------------------------------------------------------------------------------
# data

def simulate():
    rng = np.random.default_rng(SEED)
    n, G = 3000, 60
    p = rng.gamma(1.2, 1.0, G)
    p = p / p.sum()
    g = rng.choice(G, n, p=p)                       # unequal cluster sizes (4 .. 298)
    a_g = rng.normal(0, 0.5, G)                     # cluster effect in W1
    u_g = rng.normal(0, 0.7, G)                     # cluster effect in the outcomes
    s_g = rng.normal(0, 0.3, G)                     # cluster effect in the sampling weights
    W1 = a_g[g] + rng.normal(size=n)
    W2 = rng.binomial(1, 0.4, n)
    T = rng.binomial(1, expit(-0.3 + 0.8 * W1 - 0.6 * W2))
    Y = 1.0 + (2.0 + 0.8 * W1) * T + W1 + 0.5 * W2 + u_g[g] + rng.normal(size=n) * (1 + 0.3 * np.abs(W1))
    Yb = rng.binomial(1, expit(-0.4 + (0.9 + 0.3 * W1) * T + 0.5 * W1 - 0.5 * W2 + 0.6 * u_g[g]))
    Z = rng.normal(size=n)
    V = rng.normal(size=n)
    D = 0.5 + 0.7 * Z + 0.4 * W1 - 0.3 * W2 + V
    Y_iv = 1.0 + (1.5 + 0.3 * W1) * D + W1 + 0.5 * W2 + u_g[g] + 0.8 * V + rng.normal(size=n)
    R = rng.uniform(-1, 1, n)
    Y_rd = 0.5 + (1.0 + 0.8 * W1) * (R >= 0) + 0.8 * R + 0.3 * R**2 + 0.3 * W1 + u_g[g] + rng.normal(0, 0.5, n)
    w = np.exp(0.5 * W1 + s_g[g] + 0.3 * rng.normal(size=n))
    df = pd.DataFrame({"cluster": g + 1, "w": w, "W1": W1, "W2": W2, "T": T, "Y": Y, "Yb": Yb,
                       "Z": Z, "D": D, "Y_iv": Y_iv, "R": R, "Y_rd": Y_rd, "fold": np.arange(n) % 5})
    return df


# ----------------------------------------------------------------------------------------------
# small helpers

def cluster_sums(S, cl):
    """Rows of S summed within clusters (sorted cluster ids)."""
    u, inv = np.unique(cl, return_inverse=True)
    out = np.zeros((len(u), S.shape[1]))
    np.add.at(out, inv, S)
    return out


def ci_block(value, se, dist, df_):
    q = float(stats.t.ppf(0.975, df_)) if dist == "t" else Z975
    stat = value / se
    p = float(2 * stats.t.sf(abs(stat), df_)) if dist == "t" else float(2 * stats.norm.sf(abs(stat)))
    return {"value": float(value), "std_error": float(se), "ci": [float(value - q * se), float(value + q * se)],
            "ci_dist": "Student t" if dist == "t" else "normal", "df": df_ if dist == "t" else None,
            "quantile": q, "statistic": float(stat), "p_value": p}


def wls(X, y, w):
    XtW = (X * w[:, None]).T
    Ainv = np.linalg.inv(XtW @ X)
    b = Ainv @ (XtW @ y)
    return b, y - X @ b, Ainv


def sandwich_linear(X, e, w, Ainv, cl=None, factor="HC1"):
    """Ainv (sum or cluster-sum of w e x)(...)' Ainv with the stated factor."""
    n, k = X.shape
    S = X * (w * e)[:, None]
    if cl is None:
        meat = S.T @ S
        f = {"HC0": 1.0, "HC1": n / (n - k), "n/(n-1)": n / (n - 1)}[factor]
    else:
        Sg = cluster_sums(S, cl)
        G = Sg.shape[0]
        meat = Sg.T @ Sg
        f = {"CR0": 1.0, "CR1": G / (G - 1) * (n - 1) / (n - k), "G/(G-1)": G / (G - 1)}[factor]
    return f * Ainv @ meat @ Ainv


def logit_w(X, t, w, tol=1e-13, maxit=100):
    """Weighted logistic MLE: solves sum w x (t - expit(x'b)) = 0 by Newton-Raphson to |step| < tol."""
    b = np.zeros(X.shape[1])
    for it in range(maxit):
        e = expit(X @ b)
        g = X.T @ (w * (t - e))
        H = (X * (w * e * (1 - e))[:, None]).T @ X
        step = np.linalg.solve(H, g)
        b = b + step
        if np.max(np.abs(step)) < tol:
            break
    return b, it + 1


# ----------------------------------------------------------------------------------------------
# 1. linear regression (WLS + g-computation contrast)

def linear_regression(df, modifier=False):
    n = len(df)
    t = df["T"].values.astype(float)
    cols = ["(Intercept)", "T", "W1", "W2"] + (["T:W1"] if modifier else [])
    X = np.column_stack([np.ones(n), t, df["W1"].values, df["W2"].values.astype(float)]
                        + ([t * df["W1"].values] if modifier else []))
    y = df["Y"].values.astype(float)
    k = X.shape[1]
    targets = {"ate": np.ones(n, bool), "att": t == 1, "atc": t == 0}
    res, fits = {}, {}
    for cfg, (use_w, use_c) in CONFIGS.items():
        w = df["w"].values if use_w else np.ones(n)
        cl = df["cluster"].values if use_c else None
        b, e, Ainv = wls(X, y, w)
        V = sandwich_linear(X, e, w, Ainv, cl, "CR1" if use_c else "HC1")
        if use_c:
            alt = {"CR0": sandwich_linear(X, e, w, Ainv, cl, "CR0"),
                   "G_over_G_minus_1 (survey svyglm)": sandwich_linear(X, e, w, Ainv, cl, "G/(G-1)")}
        else:
            alt = {"HC0": sandwich_linear(X, e, w, Ainv, None, "HC0"),
                   "n_over_n_minus_1 (survey svyglm)": sandwich_linear(X, e, w, Ainv, None, "n/(n-1)")}
        G = len(np.unique(cl)) if use_c else None
        dfr = G - 1 if use_c else n - k
        fits[cfg] = {"coef": b, "V": V, "alt": alt, "w": w, "cl": cl}
        out = {}
        for lab, mask in targets.items():
            a = np.zeros(k); a[1] = 1.0
            if modifier:
                a[4] = np.sum(w[mask] * df["W1"].values[mask]) / np.sum(w[mask])
            val = a @ b
            blk = ci_block(val, np.sqrt(a @ V @ a), "t", dfr)
            blk["gradient"] = a
            blk["n_target"] = int(mask.sum())
            blk["std_error_alternatives"] = {kk: float(np.sqrt(a @ VV @ a)) for kk, VV in alt.items()}
            out[lab] = blk
        res[cfg] = {"coef": dict(zip(cols, b)), "std_error_coef": dict(zip(cols, np.sqrt(np.diag(V)))),
                    "n": n, "k": k, "n_clusters": G, "df": dfr, **out}
    return cols, res, fits, X, y


def linear_statsmodels_check(X, y, fits):
    out = {}
    for cfg, f in fits.items():
        mod = sm.WLS(y, X, weights=f["w"])
        if f["cl"] is None:
            r = mod.fit(cov_type="HC1")
        else:
            r = mod.fit(cov_type="cluster", cov_kwds={"groups": f["cl"]})
        out[cfg] = {"coef_max_abs_diff": max_abs_diff(r.params, f["coef"]),
                    "cov_max_rel_diff": rel_diff(r.cov_params(), f["V"]),
                    "cov_type": "HC1" if f["cl"] is None else "cluster (use_correction=True: G/(G-1)(n-1)/(n-k))",
                    "df_used_for_t": float(getattr(r, "df_resid_inference", r.df_resid) or r.df_resid)}
    return out


# ----------------------------------------------------------------------------------------------
# 2. logistic GLM, risk difference

def glm_logit(df):
    n = len(df)
    t = df["T"].values.astype(float)
    X = np.column_stack([np.ones(n), t, df["W1"].values, df["W2"].values.astype(float)])
    cols = ["(Intercept)", "T", "W1", "W2"]
    y = df["Yb"].values.astype(float)
    k = X.shape[1]
    targets = {"ate": np.ones(n, bool), "att": t == 1, "atc": t == 0}
    res, fits = {}, {}
    for cfg, (use_w, use_c) in CONFIGS.items():
        w = df["w"].values if use_w else np.ones(n)
        cl = df["cluster"].values if use_c else None
        b, iters = logit_w(X, y, w)
        mu = expit(X @ b)
        Ainv = np.linalg.inv((X * (w * mu * (1 - mu))[:, None]).T @ X)      # inverse (weighted) Fisher information
        S = X * (w * (y - mu))[:, None]
        if use_c:
            Sg = cluster_sums(S, cl)
            G = Sg.shape[0]
            V0 = Ainv @ (Sg.T @ Sg) @ Ainv                                # CR0
            V = G / (G - 1) * V0
            alt = {"CR0": V0, "CR1_statsmodels_G_over_G_minus_1_times_n_minus_1_over_n_minus_k":
                   G / (G - 1) * (n - 1) / (n - k) * V0}
        else:
            G = None
            V0 = Ainv @ (S.T @ S) @ Ainv                                  # HC0
            V = V0
            alt = {"survey_n_over_n_minus_1": n / (n - 1) * V0}
            if not use_w:
                alt["model_based_inverse_fisher"] = Ainv
        fits[cfg] = {"coef": b, "V": V, "V0": V0, "w": w, "cl": cl, "Ainv": Ainv}
        out = {}
        X1 = X.copy(); X1[:, 1] = 1.0
        X0 = X.copy(); X0[:, 1] = 0.0
        mu1 = expit(X1 @ b); mu0 = expit(X0 @ b)
        for lab, mask in targets.items():
            ws = w[mask] / np.sum(w[mask])
            m1 = ws @ mu1[mask]; m0 = ws @ mu0[mask]
            g = (ws * mu1[mask] * (1 - mu1[mask])) @ X1[mask] - (ws * mu0[mask] * (1 - mu0[mask])) @ X0[mask]
            # main SE: the unweighted, unclustered configuration keeps glm_logit's definition (inverse Fisher
            # information); every other configuration uses the sandwich.
            Vmain = Ainv if cfg == "unweighted" else V
            blk = ci_block(m1 - m0, np.sqrt(g @ Vmain @ g), "normal", None)
            blk.update({"mean_mu1": m1, "mean_mu0": m0, "gradient": g, "n_target": int(mask.sum())})
            blk["std_error_alternatives"] = {kk: float(np.sqrt(g @ VV @ g)) for kk, VV in alt.items()}
            if cfg == "unweighted":
                blk["std_error_alternatives"]["sandwich_HC0_weighted_formula_with_w_1"] = float(np.sqrt(g @ V @ g))
            out[lab] = blk
        res[cfg] = {"coef": dict(zip(cols, b)), "std_error_coef": dict(zip(cols, np.sqrt(np.diag(
            Ainv if cfg == "unweighted" else V)))), "newton_iterations": iters, "n": n, "n_clusters": G, **out}
    return cols, res, fits, X, y


def glm_statsmodels_check(X, y, fits):
    """Which statsmodels GLM configuration reproduces the sampling-weight sandwich."""
    out = {}
    fam = sm.families.Binomial()
    warnings.filterwarnings("ignore", message="cov_type not fully supported")   # statsmodels' SpecificationWarning
    for cfg, f in fits.items():
        r = {}
        for wkind in ["var_weights", "freq_weights"]:
            mod = sm.GLM(y, X, family=fam, **{wkind: f["w"]})
            if f["cl"] is None:
                fit = mod.fit(tol=1e-14, maxiter=100, cov_type="HC0")
                target = f["V0"]
                r[f"{wkind}_HC0"] = {"coef_max_abs_diff": max_abs_diff(fit.params, f["coef"]),
                                     "cov_max_rel_diff_vs_sandwich_HC0": rel_diff(fit.cov_params(), target)}
                fitn = mod.fit(tol=1e-14, maxiter=100)
                r[f"{wkind}_nonrobust"] = {"cov_max_rel_diff_vs_sandwich_HC0": rel_diff(fitn.cov_params(), target)}
            else:
                for corr in [False, True]:
                    fit = mod.fit(tol=1e-14, maxiter=100, cov_type="cluster",
                                  cov_kwds={"groups": f["cl"], "use_correction": corr})
                    r[f"{wkind}_cluster_use_correction_{corr}"] = {
                        "coef_max_abs_diff": max_abs_diff(fit.params, f["coef"]),
                        "cov_max_rel_diff_vs_CR0": rel_diff(fit.cov_params(), f["V0"]),
                        "cov_max_rel_diff_vs_G_over_G_minus_1": rel_diff(fit.cov_params(), f["V"])}
        out[cfg] = r
    return out


# ----------------------------------------------------------------------------------------------
# 3. propensity-score weighting (Hajek), M-estimation with sampling weights

WEIGHTS = {
    "ate": (lambda e: 1 / e, lambda e: -1 / e**2, lambda e: 1 / (1 - e), lambda e: 1 / (1 - e) ** 2),
    "att": (lambda e: np.ones_like(e), lambda e: np.zeros_like(e), lambda e: e / (1 - e), lambda e: 1 / (1 - e) ** 2),
}


def hajek_psi(theta, X, t, y, w, kind):
    """Stacked estimating functions (n x (p+2)), each row multiplied by the sampling weight w_i."""
    p = X.shape[1]
    b, mu1, mu0 = theta[:p], theta[p], theta[p + 1]
    e = expit(X @ b)
    w1f, _, w0f, _ = WEIGHTS[kind]
    return w[:, None] * np.column_stack([X * (t - e)[:, None], t * w1f(e) * (y - mu1),
                                         (1 - t) * w0f(e) * (y - mu0)])


def hajek_w(X, t, y, w, cl, kind, G_factor):
    n, p = X.shape
    b, iters = logit_w(X, t, w)
    e = expit(X @ b)
    w1f, dw1f, w0f, dw0f = WEIGHTS[kind]
    om1, om0 = w * w1f(e), w * w0f(e)                     # unit weights = sampling weight x IPW weight
    mu1 = np.sum(t * om1 * y) / np.sum(t * om1)
    mu0 = np.sum((1 - t) * om0 * y) / np.sum((1 - t) * om0)
    theta = np.concatenate([b, [mu1, mu0]])
    psi = hajek_psi(theta, X, t, y, w, kind)
    de = e * (1 - e)
    k = p + 2
    D = np.zeros((k, k))                                   # sum of d psi_i / d theta (analytic)
    D[:p, :p] = -(X * (w * de)[:, None]).T @ X
    D[p, :p] = (w * t * (y - mu1) * dw1f(e) * de) @ X
    D[p, p] = -np.sum(t * om1)
    D[p + 1, :p] = (w * (1 - t) * (y - mu0) * dw0f(e) * de) @ X
    D[p + 1, p + 1] = -np.sum((1 - t) * om0)

    def V_of(Dm, ps):
        A = -Dm / n
        if cl is None:
            B = ps.T @ ps / n
            f = 1.0
        else:
            Sg = cluster_sums(ps, cl)
            B = Sg.T @ Sg / n
            G = Sg.shape[0]
            f = G / (G - 1) if G_factor else 1.0
        Ai = np.linalg.inv(A)
        return f * Ai @ B @ Ai.T / n

    V = V_of(D, psi)
    c = np.zeros(k); c[p] = 1; c[p + 1] = -1
    se = float(np.sqrt(c @ V @ c))
    Vk = V_of(D[p:, p:], psi[:, p:])
    se_known = float(np.sqrt(np.array([1.0, -1.0]) @ Vk @ np.array([1.0, -1.0])))
    # numerical Jacobian (central differences) of sum psi, as a check of D
    Dn = np.zeros((k, k))
    for j in range(k):
        h = 1e-6 * max(abs(theta[j]), 1e-2)
        tp, tm = theta.copy(), theta.copy(); tp[j] += h; tm[j] -= h
        Dn[:, j] = (hajek_psi(tp, X, t, y, w, kind).sum(0) - hajek_psi(tm, X, t, y, w, kind).sum(0)) / (2 * h)
    se_num = float(np.sqrt(c @ V_of(Dn, psi) @ c))
    t1 = t == 1
    ess1 = np.sum(om1[t1]) ** 2 / np.sum(om1[t1] ** 2)
    ess0 = np.sum(om0[~t1]) ** 2 / np.sum(om0[~t1] ** 2)
    return {"estimate": mu1 - mu0, "mu1": mu1, "mu0": mu0, "se": se, "se_known": se_known,
            "se_numerical_jacobian": se_num, "ps_coef": b, "ps_iterations": iters,
            "ess_treated": ess1, "ess_control": ess0, "e_min": float(e.min()), "e_max": float(e.max())}


def propensity_score_weighting(df):
    n = len(df)
    X = np.column_stack([np.ones(n), df["W1"].values, df["W2"].values.astype(float)])
    t = df["T"].values.astype(float); y = df["Y"].values.astype(float)
    res, checks = {}, {}
    for cfg, (use_w, use_c) in CONFIGS.items():
        w = df["w"].values if use_w else np.ones(n)
        cl = df["cluster"].values if use_c else None
        out = {}
        for kind in ["ate", "att"]:
            r = hajek_w(X, t, y, w, cl, kind, G_factor=True)
            blk = ci_block(r["estimate"], r["se"], "normal", None)
            blk.update({"mu1": r["mu1"], "mu0": r["mu0"],
                        "std_error_propensity_treated_as_known": r["se_known"],
                        "ess_treated": r["ess_treated"], "ess_control": r["ess_control"]})
            alt = {}
            if use_c:
                alt["no_G_over_G_minus_1"] = hajek_w(X, t, y, w, cl, kind, G_factor=False)["se"]
            else:
                alt["n_over_n_minus_1"] = r["se"] * np.sqrt(n / (n - 1))
            blk["std_error_alternatives"] = alt
            out[kind] = blk
            checks.setdefault(cfg, {})[kind + "_se_numerical_jacobian_rel_diff"] = abs(r["se_numerical_jacobian"] / r["se"] - 1)
        res[cfg] = {"propensity_coef": dict(zip(["(Intercept)", "W1", "W2"], r["ps_coef"])),
                    "propensity_min": r["e_min"], "propensity_max": r["e_max"], **out}
    return res, checks, X, t, y


# ----------------------------------------------------------------------------------------------
# 4./5. cross-fitted AIPW and partially linear DML with given folds (fold = row index mod 5)

def crossfit_w(df, w):
    n = len(df)
    X = np.column_stack([np.ones(n), df["W1"].values, df["W2"].values.astype(float)])
    t = df["T"].values.astype(float); y = df["Y"].values.astype(float); f = df["fold"].values
    mu1 = np.zeros(n); mu0 = np.zeros(n); e = np.zeros(n); l = np.zeros(n); m = np.zeros(n)
    for k in range(5):
        te, tr = f == k, f != k
        for arm, dest in [(1, mu1), (0, mu0)]:
            s = tr & (t == arm)
            dest[te] = X[te] @ wls(X[s], y[s], w[s])[0]
        b, _ = logit_w(X[tr], t[tr], w[tr]); e[te] = expit(X[te] @ b)
        l[te] = X[te] @ wls(X[tr], y[tr], w[tr])[0]
        m[te] = X[te] @ wls(X[tr], t[tr], w[tr])[0]
    return t, y, mu1, mu0, e, l, m


def aipw_w(t, y, mu1, mu0, e, w, cl):
    n = len(y)
    phi = mu1 - mu0 + t * (y - mu1) / e - (1 - t) * (y - mu0) / (1 - e)
    ate = np.sum(w * phi) / np.sum(w)
    r = w * (phi - ate)
    num = t * (y - mu0) - (1 - t) * e / (1 - e) * (y - mu0)
    att = np.sum(w * num) / np.sum(w * t)
    rt = w * (num - t * att)
    if cl is None:
        ss, sst = np.sum(r**2), np.sum(rt**2)
        f = n / (n - 1)
    else:
        ss = np.sum(cluster_sums(r[:, None], cl) ** 2)
        sst = np.sum(cluster_sums(rt[:, None], cl) ** 2)
        G = len(np.unique(cl)); f = G / (G - 1)
    sw, swt = np.sum(w), np.sum(w * t)
    if cl is None:
        return {"ate": (ate, np.sqrt(f * ss) / sw, {"no_n_over_n_minus_1 (sd ddof 0 at w = 1)": np.sqrt(ss) / sw}),
                "att": (att, np.sqrt(sst) / swt, {"n_over_n_minus_1 (survey svyratio)": np.sqrt(f * sst) / swt})}
    return {"ate": (ate, np.sqrt(f * ss) / sw, {"no_G_over_G_minus_1": np.sqrt(ss) / sw}),
            "att": (att, np.sqrt(f * sst) / swt, {"no_G_over_G_minus_1": np.sqrt(sst) / swt})}


def plr_w(t, y, l, m, w, cl):
    n = len(y)
    ut, vt = y - l, t - m
    th = np.sum(w * vt * ut) / np.sum(w * vt * vt)
    s = w * (ut - th * vt) * vt
    J = np.sum(w * vt * vt)
    if cl is None:
        ss = np.sum(s**2)
        return th, np.sqrt(ss) / J, {"n_over_n_minus_1": np.sqrt(n / (n - 1) * ss) / J}
    ss = np.sum(cluster_sums(s[:, None], cl) ** 2)
    G = len(np.unique(cl))
    return th, np.sqrt(G / (G - 1) * ss) / J, {"no_G_over_G_minus_1": np.sqrt(ss) / J}


def aipw_and_dml(df):
    n = len(df)
    res_a, res_d, nuis, checks = {}, {}, {}, {}
    for cfg, (use_w, use_c) in CONFIGS.items():
        w = df["w"].values if use_w else np.ones(n)
        cl = df["cluster"].values if use_c else None
        key = "weighted" if use_w else "unweighted"
        if key not in nuis:
            nuis[key] = crossfit_w(df, w)
        t, y, mu1, mu0, e, l, m = nuis[key]
        a = aipw_w(t, y, mu1, mu0, e, w, cl)
        out = {}
        for lab in ["ate", "att"]:
            val, se, alt = a[lab]
            blk = ci_block(val, se, "normal", None)
            blk["std_error_alternatives"] = {k: float(v) for k, v in alt.items()}
            out[lab] = blk
        res_a[cfg] = out
        th, se, alt = plr_w(t, y, l, m, w, cl)
        blk = ci_block(th, se, "normal", None)
        blk["std_error_alternatives"] = {k: float(v) for k, v in alt.items()}
        res_d[cfg] = {"effect": blk}
        # statsmodels check of PLR: WLS of ut on vt without intercept, HC0 / cluster (k = 1 -> G/(G-1))
        mod = sm.WLS(y - l, (t - m)[:, None], weights=w)
        r = mod.fit(cov_type="HC0") if cl is None else mod.fit(cov_type="cluster", cov_kwds={"groups": cl})
        checks.setdefault("plr_statsmodels_wls_no_intercept", {})[cfg] = {
            "coef_abs_diff": abs(float(r.params[0]) - th), "se_rel_diff": abs(float(r.bse[0]) / se - 1)}
    # reduction to the unweighted definitions of scripts/dml.py (aipw_folds, dml_folds)
    import dml as dmlmod
    from ipw import logit_mle
    t, y, mu1, mu0, e, l, m = nuis["unweighted"]
    ref = dmlmod.aipw_numpy(t, y, mu1, mu0, e)
    pl = dmlmod.plr_numpy(t, y, l, m)
    # nuisances: unweighted crossfit as dml.py does it (lstsq OLS, logit_mle)
    X = np.column_stack([np.ones(n), df["W1"].values, df["W2"].values.astype(float)])
    f = df["fold"].values
    e_ref = np.zeros(n); mu1_ref = np.zeros(n)
    for k in range(5):
        te, tr = f == k, f != k
        b, _ = logit_mle(X[tr], t[tr]); e_ref[te] = expit(X[te] @ b)
        mu1_ref[te] = dmlmod.ols_fit_predict(X[tr & (t == 1)], y[tr & (t == 1)], X[te])
    checks["reduction_w1_vs_dml_py"] = {
        "aipw_ate_value_abs_diff": abs(ref["ate"]["estimate"] - res_a["unweighted"]["ate"]["value"]),
        "aipw_ate_se_rel_diff_vs_se_ddof1": abs(ref["ate"]["se_ddof1"] / res_a["unweighted"]["ate"]["std_error"] - 1),
        "aipw_att_value_abs_diff": abs(ref["att"]["estimate"] - res_a["unweighted"]["att"]["value"]),
        "aipw_att_se_rel_diff_vs_se_influence": abs(ref["att"]["se_influence"] / res_a["unweighted"]["att"]["std_error"] - 1),
        "plr_value_abs_diff": abs(pl["estimate"] - res_d["unweighted"]["effect"]["value"]),
        "plr_se_rel_diff": abs(pl["se"] / res_d["unweighted"]["effect"]["std_error"] - 1),
        "nuisance_e_max_abs_diff_vs_logit_mle": max_abs_diff(e_ref, e),
        "nuisance_mu1_max_abs_diff_vs_lstsq": max_abs_diff(mu1_ref, mu1)}
    first10 = {k: {"mu1": v[2][:10], "mu0": v[3][:10], "e": v[4][:10], "l": v[5][:10], "m": v[6][:10]}
               for k, v in nuis.items()}
    return res_a, res_d, checks, first10, nuis


# ----------------------------------------------------------------------------------------------
# 6. instrumental variables (weighted 2SLS)

def iv_2sls(df):
    n = len(df)
    X = np.column_stack([np.ones(n), df["W1"].values, df["W2"].values.astype(float), df["D"].values])
    Zm = np.column_stack([np.ones(n), df["W1"].values, df["W2"].values.astype(float), df["Z"].values])
    y = df["Y_iv"].values.astype(float)
    cols = ["(Intercept)", "W1", "W2", "D"]
    k = X.shape[1]
    res, fits = {}, {}
    for cfg, (use_w, use_c) in CONFIGS.items():
        w = df["w"].values if use_w else np.ones(n)
        cl = df["cluster"].values if use_c else None
        ZtW = (Zm * w[:, None]).T
        Xh = Zm @ np.linalg.solve(ZtW @ Zm, ZtW @ X)
        Ainv = np.linalg.inv((Xh * w[:, None]).T @ Xh)
        b = Ainv @ ((Xh * w[:, None]).T @ y)
        u = y - X @ b
        V = sandwich_linear(Xh, u, w, Ainv, cl, "CR1" if use_c else "HC1")
        if use_c:
            alt = {"CR0": sandwich_linear(Xh, u, w, Ainv, cl, "CR0"),
                   "G_over_G_minus_1": sandwich_linear(Xh, u, w, Ainv, cl, "G/(G-1)"),
                   "linearmodels_clustered_debiased_False (G/(G-1)(n-1)/n)":
                       sandwich_linear(Xh, u, w, Ainv, cl, "CR0") * (G_ := len(np.unique(cl))) / (G_ - 1) * (n - 1) / n}
        else:
            alt = {"HC0 (linearmodels robust debiased=False)": sandwich_linear(Xh, u, w, Ainv, None, "HC0")}
        G = len(np.unique(cl)) if use_c else None
        dfr = G - 1 if use_c else n - k
        blk = ci_block(b[-1], np.sqrt(V[-1, -1]), "t", dfr)
        blk["std_error_alternatives"] = {kk: float(np.sqrt(VV[-1, -1])) for kk, VV in alt.items()}
        blk["ci_t_df_n_minus_k_as_linearmodels"] = [float(b[-1] - stats.t.ppf(0.975, n - k) * np.sqrt(V[-1, -1])),
                                                   float(b[-1] + stats.t.ppf(0.975, n - k) * np.sqrt(V[-1, -1]))]
        # first stage: weighted OLS of D on Z-design, robust (HC1/CR1) t for the instrument
        bf, ef, Af = wls(Zm, X[:, -1], w)
        Vf = sandwich_linear(Zm, ef, w, Af, cl, "CR1" if use_c else "HC1")
        res[cfg] = {"coef": dict(zip(cols, b)), "std_error_coef": dict(zip(cols, np.sqrt(np.diag(V)))),
                    "n": n, "k": k, "n_clusters": G, "df": dfr, "effect": blk,
                    "first_stage": {"coef_Z": bf[-1], "std_error_Z": float(np.sqrt(Vf[-1, -1])),
                                    "F_robust": float(bf[-1] ** 2 / Vf[-1, -1])}}
        fits[cfg] = {"coef": b, "V": V, "w": w, "cl": cl}
    # linearmodels
    from linearmodels.iv import IV2SLS
    lm = {}
    exog = pd.DataFrame({"const": 1.0, "W1": df["W1"], "W2": df["W2"].astype(float)})
    for cfg, fz in fits.items():
        mod = IV2SLS(df["Y_iv"], exog, df[["D"]], df[["Z"]], weights=fz["w"])
        r = {}
        if fz["cl"] is None:
            for deb in [True, False]:
                fit = mod.fit(cov_type="robust", debiased=deb)
                r[f"robust_debiased_{deb}"] = {"coef": float(fit.params["D"]), "se": float(fit.std_errors["D"])}
        else:
            for deb in [True, False]:
                fit = mod.fit(cov_type="clustered", clusters=pd.Series(fz["cl"], index=df.index), debiased=deb)
                r[f"clustered_debiased_{deb}"] = {"coef": float(fit.params["D"]), "se": float(fit.std_errors["D"])}
        key = [kk for kk in r if kk.endswith("True")][0]
        r["coef_abs_diff"] = abs(r[key]["coef"] - fz["coef"][-1])
        r["se_rel_diff_debiased_True_vs_reference"] = abs(r[key]["se"] / np.sqrt(fz["V"][-1, -1]) - 1)
        lm[cfg] = r
    return cols, res, lm


# ----------------------------------------------------------------------------------------------
# 7. regression discontinuity (rdrobust weights= / cluster=)

RD_FITS = {"h0.3": {"h": 0.3}, "mserd": {"bwselect": "mserd"}}


def rd_fits(df, r_conventions=False, stdvars=None):
    from rdrobust import rdrobust
    out, numpy_check = {}, {}
    y = df["Y_rd"].values.astype(float); x = df["R"].values.astype(float)
    if r_conventions:      # diagnostic: rdrobust (Python) with R's three numerical conventions (see rdr_* in README)
        from rdrobust_refs import r_conventions as ctx
    else:
        ctx = contextlib.nullcontext
    for fk, opts in RD_FITS.items():
        out[fk] = {}
        for cfg, (use_w, use_c) in CONFIGS.items():
            kw = dict(c=0.0, p=1, kernel="triangular", vce="nn", **opts)
            if stdvars is not None:
                kw["stdvars"] = stdvars
            if use_w:
                kw["weights"] = df["w"].values.astype(float)
            if use_c:
                kw["cluster"] = df["cluster"].values
            with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings(), ctx():
                warnings.simplefilter("ignore")
                r = rdrobust(y, x, **kw)
            coef = r.coef.values.ravel(); se = r.se.values.ravel()
            bws = r.bws.values
            blk = {}
            for i, row in enumerate(ROWS):
                blk[row] = ci_block(coef[i], se[i], "normal", None)
            blk["h"] = {"left": float(bws[0, 0]), "right": float(bws[0, 1])}
            blk["b"] = {"left": float(bws[1, 0]), "right": float(bws[1, 1])}
            blk["N_h"] = {"left": int(r.N_h[0]), "right": int(r.N_h[1])}
            blk["N_b"] = {"left": int(r.N_b[0]), "right": int(r.N_b[1])}
            blk["vce"] = r.vce
            blk["n_clusters"] = None if r.n_clust is None else int(r.n_clust)
            blk["options"] = {k: v for k, v in kw.items() if k not in ("weights", "cluster")}
            blk["options"].update({"weights": "w" if use_w else None, "cluster": "cluster" if use_c else None})
            out[fk][cfg] = blk
    if r_conventions:
        return out
    # numpy check of how rdrobust uses the weights: conventional row at fixed h with vce hc0 / hc1 / cr1
    for cfg, (use_w, use_c) in CONFIGS.items():
        w = df["w"].values if use_w else np.ones(len(df))
        h = 0.3
        kern = np.clip(1 - np.abs(x) / h, 0, None) / h
        tot_var = {"HC0": 0.0, "HC1": 0.0, "CR1": 0.0}
        est = 0.0
        for side, mask in [(-1, x < 0), (1, x >= 0)]:
            m = mask & (kern > 0)
            Rm = np.column_stack([np.ones(m.sum()), x[m]])
            ww = kern[m] * w[m]
            b, e, Ainv = wls(Rm, y[m], ww)
            est += side * b[0]
            nk, kk = Rm.shape
            S = Rm * (ww * e)[:, None]
            V0 = Ainv @ (S.T @ S) @ Ainv
            tot_var["HC0"] += V0[0, 0]
            tot_var["HC1"] += V0[0, 0] * nk / (nk - kk)
            Sg = cluster_sums(S, df["cluster"].values[m])
            Gs = Sg.shape[0]
            tot_var["CR1"] += (Ainv @ (Sg.T @ Sg) @ Ainv)[0, 0] * Gs / (Gs - 1) * (nk - 1) / (nk - kk)
        chk = {}
        for vce in ["hc0", "hc1"] + (["cr1"] if use_c else []):
            kw = dict(c=0.0, p=1, kernel="triangular", h=h, vce=vce)
            if use_w:
                kw["weights"] = w
            if vce == "cr1":
                kw["cluster"] = df["cluster"].values
            with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                r = rdrobust(y, x, **kw)
            mine = np.sqrt(tot_var[vce.upper()])
            chk[vce] = {"estimate_abs_diff": abs(float(r.coef.values.ravel()[0]) - est),
                        "conventional_se_rel_diff": abs(float(r.se.values.ravel()[0]) / mine - 1),
                        "numpy_conventional_se": float(mine)}
        numpy_check[cfg] = chk
    return out, numpy_check


# ----------------------------------------------------------------------------------------------

DEFS = {
    "linear_regression": (
        "WLS of Y on [1, T, W1, W2] with weights w (w = 1 when unweighted): b = (X'WX)^-1 X'Wy, e = y - Xb. Effect for "
        "target S (ate: all rows, att: T = 1, atc: T = 0) = weighted mean over S of x_i(T=1)'b - x_i(T=0)'b = b_T "
        "(ate = att = atc without modifiers). V (no cluster) = n/(n-k) (X'WX)^-1 [sum w_i^2 e_i^2 x_i x_i'] (X'WX)^-1 "
        "(HC1 with pweights = Stata regress [pw], vce(robust)); t with df n - k. V (cluster) = G/(G-1) (n-1)/(n-k) "
        "(X'WX)^-1 [sum_g s_g s_g'] (X'WX)^-1, s_g = sum_{i in g} w_i e_i x_i (CR1 = Stata vce(cluster)); t with df G - 1. "
        "n = rows, k = columns, G = clusters. SE = sqrt(a'Va), a = gradient."),
    "linear_regression_modifier": (
        "As linear_regression with the modifier W1 (already an adjustment covariate, so no extra main effect): design "
        "[1, T, W1, W2, T:W1]. Effect for S = b_T + b_{T:W1} * mean_w,S(W1), with mean_w,S(W1) = sum_S w W1 / sum_S w "
        "(treated as fixed, as in ols_modifiers). a = (0, 1, 0, 0, mean_w,S(W1)). Same V and df."),
    "generalized_linear_model": (
        "Weighted logistic MLE of Yb on [1, T, W1, W2]: sum w_i x_i (y_i - mu_i) = 0 (Newton to |step| < 1e-13). "
        "Risk difference for S = sum_S w mu(1, W)/sum_S w - sum_S w mu(0, W)/sum_S w; gradient g = sum_S w [mu1(1-mu1) x1 - "
        "mu0(1-mu0) x0]/sum_S w; SE = sqrt(g'Vg). A = sum w mu(1-mu) x x'. V (weights, no cluster) = A^-1 B A^-1 with "
        "B = sum w^2 (y-mu)^2 x x' (HC0; survey::svyglm and Stata logit [pw] multiply by n/(n-1): std_error_alternatives). "
        "V (cluster) = G/(G-1) A^-1 [sum_g s_g s_g'] A^-1, s_g = sum_{i in g} w (y-mu) x. The unweighted, unclustered "
        "configuration keeps glm_logit's definition V = A^-1 (inverse Fisher information); its sandwich value is in "
        "std_error_alternatives.sandwich_HC0_weighted_formula_with_w_1. CI normal."),
    "propensity_score_weighting": (
        "Propensity e = weighted logistic MLE of T on [1, W1, W2] with the sampling weights. Unit weights = w x IPW weight: "
        "ate: treated w/e, controls w/(1-e); att: treated w, controls w e/(1-e); Hajek (normalised within arm): "
        "mu1 = sum T om1 Y / sum T om1, mu0 likewise; effect mu1 - mu0. SE: M-estimation with theta = (beta, mu1, mu0) and "
        "psi_i = w_i [x_i (T_i - e_i), T_i w1(e_i)(Y_i - mu1), (1-T_i) w0(e_i)(Y_i - mu0)]; V = A^-1 B A^-T / n, "
        "A = -(1/n) sum d psi_i/d theta (analytic), B = (1/n) sum psi_i psi_i' (no factor, as ipw.py). Cluster: "
        "B = (1/n) sum_g (sum_{i in g} psi_i)(...)' times G/(G-1) (as WeightIt / sandwich::vcovCL). CI normal."),
    "doubly_robust": (
        "Cross-fitted AIPW with fold = row index mod 5. On the rows of the other four folds: mu1, mu0 = WLS of Y on "
        "[1, W1, W2] within each arm, e = weighted logistic MLE of T on [1, W1, W2] (all with the sampling weights); "
        "predicted on the held-out fold. phi = mu1 - mu0 + T(Y-mu1)/e - (1-T)(Y-mu0)/(1-e). ATE = sum w phi / sum w. "
        "SE(ATE) = sqrt(n/(n-1) sum w^2 (phi - ATE)^2) / sum w, which with w = 1 is sd(phi, ddof 1)/sqrt(n) "
        "(aipw_folds' se_ddof1) and equals survey::svymean's SE; cluster: sqrt(G/(G-1) sum_g (sum_{i in g} w (phi - ATE))^2) "
        "/ sum w. ATT = sum w [T(Y-mu0) - (1-T) e/(1-e)(Y-mu0)] / sum w T, psi = [...] - T ATT, SE = sqrt(sum w^2 psi^2) / "
        "sum w T (no factor, = aipw_folds at w = 1); cluster sqrt(G/(G-1) sum_g (sum w psi)^2) / sum w T. CI normal."),
    "double_ml": (
        "Partially linear DML with fold = row index mod 5: l = WLS of Y on [1, W1, W2], m = WLS of T on [1, W1, W2], "
        "fitted on the other folds with the sampling weights. ut = Y - l, vt = T - m; theta = sum w vt ut / sum w vt^2; "
        "psi = (ut - theta vt) vt; SE = sqrt(sum w^2 psi^2) / sum w vt^2 (= dml_folds' sqrt(mean psi^2 / J^2 / n) at w = 1; "
        "= HC0 of the weighted no-intercept regression of ut on vt); cluster: sqrt(G/(G-1) sum_g (sum_{i in g} w psi)^2) / "
        "sum w vt^2. CI normal."),
    "instrumental_variable": (
        "Weighted 2SLS of Y_iv on X = [1, W1, W2, D] with instruments Z = [1, W1, W2, Z]: Xh = Z (Z'WZ)^-1 Z'WX, "
        "b = (Xh'WXh)^-1 Xh'Wy, u = y - Xb (structural residuals). V = n/(n-k) (Xh'WXh)^-1 [sum w^2 u^2 xh xh'] "
        "(Xh'WXh)^-1 (HC1; linearmodels robust debiased=True); t with df n - k. Cluster: G/(G-1)(n-1)/(n-k) with cluster "
        "sums of w u xh (CR1; linearmodels clustered debiased=True); t with df G - 1 (linearmodels itself uses t(n - k) "
        "when debiased: ci_t_df_n_minus_k_as_linearmodels). `first_stage`: WLS of D on Z with the same covariance type."),
    "regression_discontinuity": (
        "rdrobust 2.1.1 (Python) sharp RD of Y_rd on R at c = 0, p = 1, triangular kernel, default vce nn; weights= multiplies "
        "the kernel weights (K(u)/h * w) in every fit, the bandwidth selector and the sandwich (so the meat holds "
        "(K w)^2 res^2); cluster= switches vce to cr1 (G/(G-1)(n-1)/(n-k) per side with cluster sums). Rows as in rdr_*: "
        "conventional, bias_corrected, robust. Fits: fixed h = 0.3 (b = h) and mserd. CI normal."),
}


def pkg_versions_meta(names):
    import importlib.metadata as md
    out = {}
    for nm in names:
        try:
            out[nm] = md.version(nm)
        except md.PackageNotFoundError:
            out[nm] = "not installed"
    return out


def main():
    d = case_dir(CASE)
    write_simulated_csv(simulate(), d / "data.csv")
    df = read_csv(d / "data.csv")
    n = len(df)
    sizes = df["cluster"].value_counts().sort_index()

    cols_lr, lr, lr_fits, Xl, yl = linear_regression(df)
    cols_lm, lrm, lrm_fits, Xm, ym = linear_regression(df, modifier=True)
    cols_g, gl, gl_fits, Xg, yg = glm_logit(df)
    psw, psw_checks, Xp, tp, yp = propensity_score_weighting(df)
    aipw, dmlr, cf_checks, first10, nuis = aipw_and_dml(df)
    cols_iv, iv, iv_lm = iv_2sls(df)
    rd, rd_numpy = rd_fits(df)

    crosschecks = {
        "statsmodels_wls_linear_regression": linear_statsmodels_check(Xl, yl, lr_fits),
        "statsmodels_wls_linear_regression_modifier": linear_statsmodels_check(Xm, ym, lrm_fits),
        "statsmodels_glm_configurations": glm_statsmodels_check(Xg, yg, gl_fits),
        "statsmodels_glm_note": (
            "GLM(var_weights=w).fit(cov_type='HC0') reproduces the sampling-weight sandwich A^-1 [sum w^2 (y-mu)^2 xx'] A^-1; "
            "GLM(freq_weights=w) with HC0 does not: its meat is sum w (y-mu)^2 xx' (frequency weights: w copies of each row). "
            "Non-robust covariances are the inverse (weighted) information. cov_type='cluster' gives CR0 with "
            "use_correction=False for both weight kinds, and G/(G-1)(n-1)/(n-k) x CR0 with the default use_correction=True "
            "(0.1% above survey's G/(G-1) here)."),
        "propensity_score_weighting_numerical_jacobian": psw_checks,
        "crossfit": cf_checks,
        "linearmodels_iv2sls_weights": iv_lm,
        "rdrobust_numpy_weighted_local_linear_h0.3": rd_numpy,
    }
    # reduction of the weighted IPW code (w = 1) to ipw.py
    import ipw as ipwmod
    from ipw import logit_mle
    bb, _ = logit_mle(Xp, tp)
    ee = expit(Xp @ bb)
    red = {}
    for kind in ["ate", "att"]:
        r0 = ipwmod.hajek(Xp, tp, yp, ee, kind)
        red[kind] = {"value_abs_diff": abs(r0["estimate"] - psw["unweighted"][kind]["value"]),
                     "se_rel_diff": abs(r0["se"] / psw["unweighted"][kind]["std_error"] - 1)}
    crosschecks["propensity_score_weighting_reduction_w1_vs_ipw_py"] = red

    # point estimates do not change when w is rescaled; SEs neither (all formulas are scale-free in w)
    scale_chk = {}
    df2 = df.copy(); df2["w"] = df2["w"] * 7.5
    scale_chk["linear_regression_weights_cluster_ate"] = abs(
        linear_regression(df2)[1]["weights_cluster"]["ate"]["std_error"] / lr["weights_cluster"]["ate"]["std_error"] - 1)
    scale_chk["glm_weights_ate"] = abs(glm_logit(df2)[1]["weights"]["ate"]["std_error"] / gl["weights"]["ate"]["std_error"] - 1)
    crosschecks["rescaling_w_by_7.5_se_rel_change"] = scale_chk

    # ---- R (pass 2) ----
    rchecks = {}
    rs = note_r(d / "r_sandwich.json")
    if rs is not None:
        mx = {}
        for meth, ref in [("lm", lr), ("lm_modifier", lrm)]:
            for cfg in CONFIGS:
                for lab in ["ate", "att", "atc"]:
                    rr = rs[meth][cfg][lab]
                    mx[f"{meth}.{cfg}.{lab}"] = {"value_abs": abs(rr["estimate"] - ref[cfg][lab]["value"]),
                                                 "se_rel": abs(rr["se"] / ref[cfg][lab]["std_error"] - 1)}
        for cfg in CONFIGS:
            rr = rs["ivreg"][cfg]
            mx[f"ivreg.{cfg}"] = {"value_abs": abs(rr["estimate"] - iv[cfg]["effect"]["value"]),
                                  "se_rel": abs(rr["se"] / iv[cfg]["effect"]["std_error"] - 1)}
        rchecks["R_lm_ivreg_sandwich"] = {
            "max_value_abs_diff": max(v["value_abs"] for v in mx.values()),
            "max_se_rel_diff": max(v["se_rel"] for v in mx.values()), "per_fit": mx}
    rv = note_r(d / "r_survey.json")
    if rv is not None:
        sv = {}
        for cfg in ["weights", "weights_cluster", "cluster"]:
            n_or_G = n if cfg == "weights" else 60
            # svyglm gaussian (linear regression): survey factor vs HC1 / CR1
            rr = rv["svyglm_gaussian"][cfg]
            base = lr[cfg]["ate"]
            fac_survey = (n / (n - 1)) if cfg == "weights" else (60 / 59)
            fac_ref = (n / (n - 4)) if cfg == "weights" else (60 / 59) * (n - 1) / (n - 4)
            sv[f"svyglm_gaussian.{cfg}"] = {
                "value_abs_diff": abs(rr["estimate"] - base["value"]), "svyglm_se": rr["se"],
                "reference_se": base["std_error"],
                "svyglm_se_rescaled_to_reference_factor_rel_diff": abs(rr["se"] * np.sqrt(fac_ref / fac_survey) / base["std_error"] - 1),
                "svyglm_df": rr["df"]}
            for lab in ["ate", "att", "atc"]:
                rr = rv["svyglm_quasibinomial"][cfg][lab]
                ref = gl[cfg][lab]
                se_s = ref["std_error_alternatives"]["survey_n_over_n_minus_1"] if cfg == "weights" else ref["std_error"]
                sv[f"svyglm_quasibinomial.{cfg}.{lab}"] = {"value_abs_diff": abs(rr["estimate"] - ref["value"]),
                                                           "se_rel_diff_vs_survey_factor_value": abs(rr["se"] / se_s - 1)}
            rr = rv["svymean_aipw"][cfg]
            sv[f"svymean_aipw_ate.{cfg}"] = {"value_abs_diff": abs(rr["estimate"] - aipw[cfg]["ate"]["value"]),
                                             "se_rel_diff": abs(rr["se"] / aipw[cfg]["ate"]["std_error"] - 1)}
            rr = rv["svyratio_aipw_att"][cfg]
            ref = aipw[cfg]["att"]
            se_s = ref["std_error_alternatives"]["n_over_n_minus_1 (survey svyratio)"] if cfg == "weights" else ref["std_error"]
            sv[f"svyratio_aipw_att.{cfg}"] = {"value_abs_diff": abs(rr["estimate"] - ref["value"]),
                                              "se_rel_diff_vs_survey_factor_value": abs(rr["se"] / se_s - 1)}
            rr = rv["plr_lm_sandwich"][cfg]
            sv[f"plr_lm_vcovCL_HC0.{cfg}"] = {"value_abs_diff": abs(rr["estimate"] - dmlr[cfg]["effect"]["value"]),
                                              "se_rel_diff": abs(rr["se"] / dmlr[cfg]["effect"]["std_error"] - 1)}
        rr = rv["plr_lm_sandwich"]["unweighted"]
        sv["plr_lm_vcovHC_HC0.unweighted"] = {"value_abs_diff": abs(rr["estimate"] - dmlr["unweighted"]["effect"]["value"]),
                                              "se_rel_diff": abs(rr["se"] / dmlr["unweighted"]["effect"]["std_error"] - 1)}
        sv["nuisance_first10_max_abs_diff_R_vs_numpy"] = {
            f"{k}.{nm}": max_abs_diff(rv["nuisance_first10"][k][nm], first10[k][nm])
            for k in ["unweighted", "weighted"] for nm in ["mu1", "mu0", "e", "l", "m"]}
        rchecks["R_survey"] = sv
        rchecks["R_survey_note"] = (
            "survey 4.1-1: svyglm's sandwich is n/(n-1) A^-1 B A^-1 without clusters (svydesign(ids = ~1)) and "
            "G/(G-1) A^-1 B_G A^-1 with ids = ~cluster; it has no (n-1)/(n-k) term. So for linear regression svyglm's SE = "
            "the reference (HC1 / CR1) x sqrt(survey factor / reference factor) (checked: "
            "svyglm_se_rescaled_to_reference_factor_rel_diff); summary.svyglm uses t with df = degf + 1 - k "
            "(n - k without clusters, G - k = 56 with them). For the GLM, svyglm's SE = the n/(n-1) alternative (weights) "
            "and the main SE (cluster). svymean gives the AIPW ATE SE exactly (n/(n-1), G/(G-1)); svyratio gives the ATT "
            "with n/(n-1) (its linearisation), i.e. the alternative without clusters and the main SE with them.")
    rw = note_r(d / "r_weightit.json")
    if rw is not None and "error" in rw:
        rchecks["R_WeightIt_glm_weightit"] = {"error": rw["error"]}
    elif rw is not None:
        wt = {}
        for cfg in CONFIGS:
            for lab in ["ate", "att"]:
                rr = rw[cfg][lab]
                wt[f"{cfg}.{lab}"] = {"value_abs_diff": abs(rr["estimate"] - psw[cfg][lab]["value"]),
                                      "se_rel_diff": abs(rr["se"] / psw[cfg][lab]["std_error"] - 1)}
        rchecks["R_WeightIt_glm_weightit"] = {
            "max_value_abs_diff": max(v["value_abs_diff"] for v in wt.values()),
            "max_se_rel_diff": max(v["se_rel_diff"] for v in wt.values()), "per_fit": wt,
            "note": "WeightIt 1.3.2: weightit(T ~ W1 + W2, method = 'glm', estimand, s.weights = 'w') + glm_weightit(Y ~ T, "
                    "vcov = 'asympt' [, cluster = ~cluster]); the coefficient of T is the Hajek difference. Its M-estimation "
                    "stacks the outcome score with the weighted propensity score, uses a numerical Jacobian, no factor "
                    "without clusters and G/(G-1) with them (cadjust as vcovCL)."}
    rr_ = note_r(d / "r_rdrobust.json")
    if rr_ is not None:
        rd_rc = rd_fits(df, r_conventions=True)
        rd_rc0 = rd_fits(df, r_conventions=True, stdvars=False)
        rdx, rdx_rc, rdx_rc0 = {}, {}, {}
        for fk in RD_FITS:
            for cfg in CONFIGS:
                for src, dest, rsrc in [(rd, rdx, rr_), (rd_rc, rdx_rc, rr_), (rd_rc0, rdx_rc0, rr_["stdvars_false"])]:
                    a = rsrc[fk][cfg]
                    v_r = list(a["coef"]) + list(a["se"]) + [a["h"][0], a["b"][0]]
                    mine = src[fk][cfg]
                    v_py = [mine[r]["value"] for r in ROWS] + [mine[r]["std_error"] for r in ROWS] + \
                           [mine["h"]["left"], mine["b"]["left"]]
                    dest[f"{fk}.{cfg}"] = rel_diff(v_r, v_py)
        rchecks["R_rdrobust_4.0.0_max_rel_diff"] = rdx
        rchecks["R_rdrobust_4.0.0_max_rel_diff_python_with_R_conventions"] = rdx_rc
        rchecks["R_rdrobust_4.0.0_max_rel_diff_both_stdvars_false_python_with_R_conventions"] = rdx_rc0
        rchecks["R_rdrobust_note"] = (
            "Values, SEs, h and b of the three rows. The nn fits differ by about 1e-6 because Python treats nearest-"
            "neighbour distances within sqrt(eps) as ties and R compares exactly (6-decimal running values give many "
            "equal spacings); with R's conventions patched into the Python code (diagnostic) they agree to the figures in "
            "..._python_with_R_conventions. The remaining ~1e-6 on mserd nn comes from stdvars = TRUE: x/sd(x) is computed "
            "with a last-bit difference in the two ports, which changes which neighbour distances tie; with stdvars = FALSE "
            "in both (and R's conventions) every fit agrees to ~1e-11 (..._both_stdvars_false_...). cr1 fits do not use "
            "neighbours and agree directly.")
    crosschecks.update(rchecks)
    r_versions = {}
    for nm, obj in [("r_sandwich.json", rs), ("r_survey.json", rv), ("r_weightit.json", rw), ("r_rdrobust.json", rr_)]:
        if obj is not None and "versions" in obj:
            r_versions.update(obj["versions"])

    results = {
        "linear_regression": {"definition": DEFS["linear_regression"], "outcome": "Y", "treatment": "T",
                              "adjustment": ["W1", "W2"], "design_columns": cols_lr, "results": lr},
        "linear_regression_modifier": {"definition": DEFS["linear_regression_modifier"], "outcome": "Y",
                                       "treatment": "T", "adjustment": ["W1", "W2"], "effect_modifiers": ["W1"],
                                       "design_columns": cols_lm, "results": lrm},
        "generalized_linear_model": {"definition": DEFS["generalized_linear_model"], "family": "binomial",
                                     "link": "logit", "outcome": "Yb", "treatment": "T", "adjustment": ["W1", "W2"],
                                     "effect_scale": "risk difference", "design_columns": cols_g, "results": gl},
        "propensity_score_weighting": {"definition": DEFS["propensity_score_weighting"], "outcome": "Y",
                                       "treatment": "T", "propensity_covariates": ["W1", "W2"], "results": psw},
        "doubly_robust": {"definition": DEFS["doubly_robust"], "outcome": "Y", "treatment": "T",
                          "confounders": ["W1", "W2"], "folds": "fold = row index mod 5 (column fold)",
                          "nuisance_first10": first10, "results": aipw},
        "double_ml": {"definition": DEFS["double_ml"], "outcome": "Y", "treatment": "T", "confounders": ["W1", "W2"],
                      "folds": "fold = row index mod 5 (column fold)", "results": dmlr},
        "instrumental_variable": {"definition": DEFS["instrumental_variable"], "outcome": "Y_iv", "treatment": "D",
                                  "instrument": "Z", "controls": ["W1", "W2"], "design_columns": cols_iv, "results": iv},
        "regression_discontinuity": {"definition": DEFS["regression_discontinuity"], "outcome": "Y_rd",
                                     "running_variable": "R", "cutoff": 0.0, "fits": rd},
    }
    out = {
        "case": CASE,
        "data": {
            "file": "data.csv", "seed": SEED, "n": n, "n_clusters": int(sizes.size),
            "cluster_sizes_min_median_max": [int(sizes.min()), float(sizes.median()), int(sizes.max())],
            "w_min_mean_max": [float(df["w"].min()), float(df["w"].mean()), float(df["w"].max())],
            "corr_w_W1": float(np.corrcoef(df["w"], df["W1"])[0, 1]),
            "description": "scripts/weights.py simulate(): cluster g (1..60, unequal sizes); W1 = a_g + N(0,1); W2 ~ Bern(.4); "
                           "T ~ Bern(expit(-0.3 + 0.8W1 - 0.6W2)); Y = 1 + (2 + 0.8W1)T + W1 + 0.5W2 + u_g + N(0,1)(1 + 0.3|W1|); "
                           "Yb ~ Bern(expit(-0.4 + (0.9 + 0.3W1)T + 0.5W1 - 0.5W2 + 0.6u_g)); Z ~ N(0,1); "
                           "D = 0.5 + 0.7Z + 0.4W1 - 0.3W2 + V; Y_iv = 1 + (1.5 + 0.3W1)D + W1 + 0.5W2 + u_g + 0.8V + N(0,1); "
                           "R ~ U(-1,1); Y_rd = 0.5 + (1 + 0.8W1)1[R >= 0] + 0.8R + 0.3R^2 + 0.3W1 + u_g + N(0, 0.5^2); "
                           "w = exp(0.5W1 + s_g + 0.3N(0,1)) (sampling weight, correlated with W1 and the cluster); "
                           "fold = row index mod 5. Effects are heterogeneous in W1, so weighting changes every estimand."},
        "configurations": {k: {"weights": "w" if a else None, "cluster": "cluster" if b else None}
                           for k, (a, b) in CONFIGS.items()},
        "layout": "methods.<method>.results.<configuration>.<ate|att|atc|effect> = {value, std_error, ci, ci_dist, df, "
                  "quantile, statistic, p_value, std_error_alternatives}; regression_discontinuity: "
                  "methods.regression_discontinuity.fits.<h0.3|mserd>.<configuration>.<conventional|bias_corrected|robust>",
        "methods": results,
        "refused": {"propensity_score_matching": "sampling weights not defined (no standard design-based variance)",
                    "distance_matching": "sampling weights not defined (no standard design-based variance)"},
        "crosschecks": crosschecks,
        "authority": "numpy closed forms / M-estimation in this script (statsmodels, linearmodels checks); "
                     "regression_discontinuity: rdrobust 2.1.1 (Python). R cross-checks in r_sandwich.json, r_survey.json, "
                     "r_weightit.json, r_rdrobust.json",
        "versions": {**versions("statsmodels", "linearmodels"), **pkg_versions_meta(["rdrobust", "rddensity", "lpdensity"]),
                     "R": r_versions},
    }
    dump_json(out, d / "expected.json")
    print(CASE, "LR", lr["weights"]["ate"]["value"], lr["weights_cluster"]["ate"]["std_error"],
          "GLM", gl["weights"]["ate"]["value"], "IPW", psw["weights"]["ate"]["value"],
          "AIPW", aipw["weights"]["ate"]["value"], "DML", dmlr["weights"]["effect"]["value"],
          "IV", iv["weights"]["effect"]["value"], "RD", rd["h0.3"]["weights"]["conventional"]["value"])


if __name__ == "__main__":
    main()
