#!/usr/bin/env python3
"""Independent re-computation of the committed fixture values.

Run from the repository root (after the make_*.py scripts):
    /work/scratch/venv/bin/python Tests/NumericKernelsTests/Fixtures/scripts/check_fixtures.py

Reads only the committed fixture files (JSON / CSV / .dat) and prints a Markdown
report; exits non-zero if any check exceeds its tolerance.
  * NIST: exact least squares in 120-digit mpmath arithmetic from the decimal
    data text, compared with the certified values; numpy.linalg.lstsq (float64)
    on Longley; consistency of the JSON with the .dat text.
  * distributions: closed forms (Cauchy, t2, chi2(2), F(1,1), P(1,x), P(1/2,x),
    I_x(1,1), I_x(1/2,1/2), ...) and mpmath's own betainc / ncdf / erfinv.
  * GLM: hand-written Newton / Fisher scoring in numpy on the CSV data.
  * OLS: closed-form sandwich formulas in numpy on the CSV data.
"""
import csv
import json
import math
import os
import sys

import mpmath
import numpy as np
import scipy.stats as st
from mpmath import mp, mpf

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.normpath(os.path.join(HERE, ".."))
FAIL = []


def rel(a, b):
    a, b = float(a), float(b)
    if b == 0.0:
        return abs(a)
    return abs(a - b) / abs(b)


def maxrel(a, b):
    return max(rel(x, y) for x, y in zip(a, b))


def expect(cond, msg):
    if not cond:
        FAIL.append(msg)


# ----------------------------------------------------------------------------
def check_nist():
    print("## NIST StRD\n")
    print("| data set | max rel. diff coef (mp 120 digits vs certified) | SE | resid SD | R^2 |"
          " numpy lstsq max rel. err coef |")
    print("|---|---|---|---|---|---|")
    names = ["Norris", "Pontius", "NoInt1", "NoInt2", "Filip", "Longley",
             "Wampler1", "Wampler2", "Wampler3", "Wampler4", "Wampler5"]
    mp.dps = 120
    for n in names:
        d = json.load(open(os.path.join(FIX, "nist", n + ".json")))
        dat = open(os.path.join(FIX, "nist", n + ".dat")).read()
        # JSON vs .dat text
        for s in d["certified_text"]["coefficients"] + d["certified_text"]["standard_errors"]:
            expect(s in dat, "%s: certified text %s not in .dat" % (n, s))
        for col_t, col in zip(d["x_text"], d["x"]):
            expect(all(float(t) == v for t, v in zip(col_t, col)), n + " x text/float mismatch")
        expect(all(float(t) == v for t, v in zip(d["y_text"], d["y"])), n + " y text/float mismatch")
        for key in ("coefficients", "standard_errors"):
            expect(all(float(t) == v for t, v in zip(d["certified_text"][key], d["certified"][key])),
                   n + " certified text/float mismatch")
        # exact design from the decimal text
        nobs = d["n_observations"]
        y = [mpf(t) for t in d["y_text"]]
        cols = []
        if d["intercept"]:
            cols.append([mpf(1)] * nobs)
        if d["polynomial_degree"] is not None:
            x = [mpf(t) for t in d["x_text"][0]]
            for k in range(1, d["polynomial_degree"] + 1):
                cols.append([xi ** k for xi in x])
        else:
            for col in d["x_text"]:
                cols.append([mpf(t) for t in col])
        p = len(cols)
        X = mpmath.matrix(nobs, p)
        for j in range(p):
            for i in range(nobs):
                X[i, j] = cols[j][i]
        Y = mpmath.matrix(y)
        XtX = X.T * X
        XtY = X.T * Y
        b = mpmath.lu_solve(XtX, XtY)
        r = Y - X * b
        rss = sum(ri ** 2 for ri in r)
        dfr = nobs - p
        s2 = rss / dfr
        inv = XtX ** -1
        se = [mpmath.sqrt(s2 * inv[j, j]) for j in range(p)]
        if d["intercept"]:
            ybar = sum(y) / nobs
            tss = sum((yi - ybar) ** 2 for yi in y)
        else:
            tss = sum(yi ** 2 for yi in y)
        r2 = 1 - rss / tss
        cert = d["certified"]

        def mrel(calc, certv):
            out = 0.0
            for c, v in zip(calc, certv):
                if v == 0.0:
                    # certified 0 (exact fits): the exact value must be tiny
                    out = max(out, float(abs(c)) if abs(c) > mpf(10) ** -12 else 0.0)
                else:
                    out = max(out, float(abs((c - mpf(v)) / mpf(v))))
            return out

        rc = mrel(b, cert["coefficients"])
        rs = mrel(se, cert["standard_errors"])
        rsd = mrel([mpmath.sqrt(s2)], [cert["residual_standard_deviation"]])
        rr2 = mrel([r2], [cert["r_squared"]])
        # NIST rounds to 15 significant digits -> relative error <= ~5e-15 (1e-14 allowed)
        for lab, v in (("coef", rc), ("se", rs), ("rsd", rsd), ("r2", rr2)):
            expect(v <= 1e-14, "%s %s certified vs exact rel diff %.3g" % (n, lab, v))
        # float64 lstsq
        Xf = np.array([[float(X[i, j]) for j in range(p)] for i in range(nobs)])
        bf = np.linalg.lstsq(Xf, np.array(d["y"]), rcond=None)[0]
        lr = maxrel(bf, cert["coefficients"])
        print("| %s | %.2e | %.2e | %.2e | %.2e | %.2e |" % (n, rc, rs, rsd, rr2, lr))
        if n == "Longley":
            expect(lr < 1e-7, "Longley lstsq rel err %.3g" % lr)
    print("\n(0 for Wampler1/2 SEs means the exact value is < 1e-12 where NIST certifies 0.)\n")


# ----------------------------------------------------------------------------
def check_distributions():
    print("## Distributions (closed forms / other mpmath routines vs committed values)\n")
    d = json.load(open(os.path.join(FIX, "distributions.json")))
    rows = d["rows"]
    mp.dps = 60
    checks = {}

    def nearest(v):
        return float(mpmath.nstr(v, 40, min_fixed=1, max_fixed=0))

    def add(label, row, exact):
        got = row["value"]
        ref = nearest(exact)
        e = checks.setdefault(label, [0, 0, 0.0])
        e[0] += 1
        if got == ref:
            e[1] += 1
        e[2] = max(e[2], rel(got, ref))
        # value_text must agree with the exact value to ~29 digits
        if exact != 0:
            tr = abs((mpf(row["value_text"]) - exact) / exact)
            expect(tr < mpf(10) ** -28, "%s %s value_text off by %s" % (label, row["args"], tr))

    for r in rows:
        f, a = r["function"], r["args"]
        A = {k: mpf(v) for k, v in a.items()}
        if f == "normal_cdf":
            add("normal_cdf vs mpmath.ncdf", r, mpmath.ncdf(A["x"]))
        elif f == "normal_sf":
            add("normal_sf vs mpmath.ncdf(-x)", r, mpmath.ncdf(-A["x"]))
        elif f == "normal_quantile":
            with mp.workdps(700):
                p = A["p"]
                q = -mpmath.sqrt(2) * mpmath.erfinv(1 - 2 * p)
            add("normal_quantile vs -sqrt2*erfinv(1-2p) (700 digits)", r, q)
        elif f in ("t_cdf", "t_sf", "t_quantile") and a["df"] in (1.0, 2.0):
            v = A["df"]
            if f == "t_quantile":
                p = A["p"]
                if a["df"] == 1.0:
                    ex = mpmath.tan(mpmath.pi * (p - mpf(1) / 2))
                else:
                    ex = (2 * p - 1) / mpmath.sqrt(2 * p * (1 - p))
                add("t_quantile df=1,2 closed form", r, ex)
            else:
                x = A["x"] if f == "t_cdf" else -A["x"]
                if a["df"] == 1.0:
                    ex = mpf(1) / 2 + mpmath.atan(x) / mpmath.pi if x <= 0 else \
                        1 - (mpf(1) / 2 + mpmath.atan(-x) / mpmath.pi)
                    if x < 0:
                        ex = mpmath.atan(1 / (-x)) / mpmath.pi  # = 1/2 + atan(x)/pi, no cancellation
                else:
                    ex = mpf(1) / 2 + x / (2 * mpmath.sqrt(2 + x * x))
                    if x < 0:
                        ex = 1 / (mpmath.sqrt(2 + x * x) * (mpmath.sqrt(2 + x * x) - x))
                        # 1/2 - |x|/(2 sqrt(2+x^2)) = 1/(sqrt(2+x^2) (sqrt(2+x^2)+|x|))
                add("%s df=1,2 closed form" % f, r, ex)
        elif f in ("t_cdf",) and a["df"] <= 30:
            v, x = A["df"], A["x"]
            h = mpmath.betainc(v / 2, mpf(1) / 2, 0, v / (v + x * x), regularized=True) / 2
            add("t_cdf df<=30 vs mpmath.betainc", r, h if x <= 0 else 1 - h)
        elif f in ("chi2_cdf", "chi2_sf", "chi2_quantile") and a["df"] == 2.0:
            if f == "chi2_cdf":
                ex = -mpmath.expm1(-A["x"] / 2)
            elif f == "chi2_sf":
                ex = mpmath.exp(-A["x"] / 2)
            else:
                ex = -2 * mpmath.log1p(-A["p"])
            add("%s df=2 closed form" % f, r, ex)
        elif f in ("f_cdf", "f_sf", "f_quantile") and a["d1"] == 1.0 and a["d2"] == 1.0:
            if f == "f_cdf":
                ex = 2 * mpmath.atan(mpmath.sqrt(A["x"])) / mpmath.pi
            elif f == "f_sf":
                ex = 2 * mpmath.atan(1 / mpmath.sqrt(A["x"])) / mpmath.pi
            else:
                ex = mpmath.tan(mpmath.pi * A["p"] / 2) ** 2
            add("%s (1,1) closed form" % f, r, ex)
        elif f == "f_cdf" and a["d2"] <= 100:
            d1, d2, x = A["d1"], A["d2"], A["x"]
            add("f_cdf d2<=100 vs mpmath.betainc", r,
                mpmath.betainc(d1 / 2, d2 / 2, 0, d1 * x / (d1 * x + d2), regularized=True))
        elif f == "beta_inc_reg":
            aa, bb, x = A["a"], A["b"], A["x"]
            if a["a"] == 1.0 and a["b"] == 1.0:
                add("beta_inc_reg a=b=1 (= x)", r, x)
            elif a["a"] == 0.5 and a["b"] == 0.5:
                add("beta_inc_reg a=b=1/2 (arcsine)", r, 2 * mpmath.asin(mpmath.sqrt(x)) / mpmath.pi)
            elif max(a["a"], a["b"]) <= 100:
                add("beta_inc_reg max(a,b)<=100 vs mpmath.betainc", r,
                    mpmath.betainc(aa, bb, 0, x, regularized=True))
        elif f in ("gamma_inc_lower_reg", "gamma_inc_upper_reg"):
            aa, x = A["a"], A["x"]
            lower = f == "gamma_inc_lower_reg"
            if a["a"] == 1.0:
                add("%s a=1 closed form" % f, r, -mpmath.expm1(-x) if lower else mpmath.exp(-x))
            elif a["a"] == 0.5:
                add("%s a=1/2 (erf) closed form" % f, r,
                    mpmath.erf(mpmath.sqrt(x)) if lower else mpmath.erfc(mpmath.sqrt(x)))
    print("| check | rows | identical doubles | max rel. diff |")
    print("|---|---|---|---|")
    for k, (n, same, mr) in checks.items():
        print("| %s | %d | %d | %.2e |" % (k, n, same, mr))
        expect(mr <= 2.3e-16, "distribution check %s max rel %.3g" % (k, mr))
    print()


# ----------------------------------------------------------------------------
def read_csv(path):
    with open(path) as fh:
        rd = csv.reader(fh)
        h = next(rd)
        return h, np.array([[float(t) for t in r] for r in rd])


def check_glm():
    print("## GLM (numpy Newton / Fisher scoring on the CSV vs statsmodels JSON)\n")
    print("| fit | coef | SE | observed-info SE | loglik | deviance | HC0 |")
    print("|---|---|---|---|---|---|---|")
    for jn in ["binomial_logit.json", "binomial_probit.json", "poisson_log.json"]:
        d = json.load(open(os.path.join(FIX, "glm", jn)))
        _, D = read_csv(os.path.join(FIX, "glm", d["data"]))
        y = D[:, 0]
        X = np.column_stack([np.ones(len(y)), D[:, 1:]])
        link = d["link"]
        b = np.zeros(X.shape[1])
        for _ in range(100):
            eta = X @ b
            if link == "logit":
                mu = 1 / (1 + np.exp(-eta))
                score = X.T @ (y - mu)
                info = X.T @ (X * (mu * (1 - mu))[:, None])
            elif link == "log":
                mu = np.exp(eta)
                score = X.T @ (y - mu)
                info = X.T @ (X * mu[:, None])
            else:
                mu = st.norm.cdf(eta)
                phi = st.norm.pdf(eta)
                v = mu * (1 - mu)
                score = X.T @ ((y - mu) * phi / v)
                info = X.T @ (X * (phi ** 2 / v)[:, None])  # expected information
            step = np.linalg.solve(info, score)
            b = b + step
            if np.max(np.abs(step)) < 1e-15 * (1 + np.max(np.abs(b))):
                break
        eta = X @ b
        if link == "logit":
            mu = 1 / (1 + np.exp(-eta))
            ll = np.sum(y * np.log(mu) + (1 - y) * np.log1p(-mu))
            W = mu * (1 - mu)
            dev = -2 * ll
        elif link == "log":
            mu = np.exp(eta)
            ll = np.sum(y * np.log(mu) - mu - np.array([math.lgamma(v + 1) for v in y]))
            W = mu
            with np.errstate(divide="ignore", invalid="ignore"):
                t = np.where(y > 0, y * np.log(y / mu), 0.0)
            dev = 2 * np.sum(t - (y - mu))
        else:
            mu = st.norm.cdf(eta)
            ll = np.sum(y * st.norm.logcdf(eta) + (1 - y) * st.norm.logcdf(-eta))
            phi = st.norm.pdf(eta)
            W = phi ** 2 / (mu * (1 - mu))
            dev = -2 * ll
        Iexp = X.T @ (X * W[:, None])
        se = np.sqrt(np.diag(np.linalg.inv(Iexp)))
        # observed information
        if link == "probit":
            # d2 loglik / d eta2 for probit
            lam1 = phi / mu          # y = 1
            lam0 = -phi / (1 - mu)   # y = 0
            g = np.where(y == 1, lam1, lam0)
            h = -g * (eta + g)
            Iobs = X.T @ (X * (-h)[:, None])
        else:
            Iobs = Iexp
        se_obs = np.sqrt(np.diag(np.linalg.inv(Iobs)))
        cells = [maxrel(b, d["coefficients"]), maxrel(se, d["standard_errors"]),
                 maxrel(se_obs, d["standard_errors_observed_information"]),
                 rel(ll, d["log_likelihood"]), rel(dev, d["deviance"])]
        if link == "logit":
            s = X * (y - mu)[:, None]
            Ii = np.linalg.inv(Iexp)
            V0 = Ii @ (s.T @ s) @ Ii
            n, k = X.shape
            cells.append(maxrel(np.sqrt(np.diag(V0)), d["robust_standard_errors_HC0"]))
            hc = "%.1e" % cells[5]
        else:
            hc = "-"
        print("| %s | %.1e | %.1e | %.1e | %.1e | %.1e | %s |" % (jn, cells[0], cells[1], cells[2],
                                                                   cells[3], cells[4], hc))
        for c in cells:
            expect(c < 1e-12, "GLM %s rel diff %.3g" % (jn, c))
    print()


def check_ols():
    print("## OLS / WLS (numpy closed forms on the CSV vs statsmodels JSON)\n")
    d = json.load(open(os.path.join(FIX, "ols", "ols_fit.json")))
    h, D = read_csv(os.path.join(FIX, "ols", "ols_data.csv"))
    y = D[:, 0]
    X = np.column_stack([np.ones(len(y)), D[:, 1:4]])
    g = D[:, 4].astype(int)
    w = D[:, 5]
    n, k = X.shape
    Q, R = np.linalg.qr(X)
    b = np.linalg.solve(R, Q.T @ y)
    e = y - X @ b
    XtXi = np.linalg.inv(X.T @ X)
    hdiag = np.sum(Q * Q, axis=1)
    s2 = e @ e / (n - k)
    V = {"classical": s2 * XtXi}

    def sand(om):
        return XtXi @ (X.T @ (X * om[:, None])) @ XtXi

    V["HC0"] = sand(e ** 2)
    V["HC1"] = V["HC0"] * n / (n - k)
    V["HC2"] = sand(e ** 2 / (1 - hdiag))
    V["HC3"] = sand(e ** 2 / (1 - hdiag) ** 2)
    G = len(np.unique(g))
    meat = np.zeros((k, k))
    for c in np.unique(g):
        sg = X[g == c].T @ e[g == c]
        meat += np.outer(sg, sg)
    V["cluster"] = G / (G - 1) * (n - 1) / (n - k) * XtXi @ meat @ XtXi
    r2 = 1 - e @ e / np.sum((y - y.mean()) ** 2)
    print("| quantity | max rel. diff |")
    print("|---|---|")
    items = [("coefficients", maxrel(b, d["coefficients"])), ("R^2", rel(r2, d["r_squared"])),
             ("df_resid", rel(n - k, d["df_resid"]))]
    for name, Vm in V.items():
        se = np.sqrt(np.diag(Vm))
        c = d["covariances"][name]
        tv = b / se
        df_t = (n - k) if name != "cluster" else G - 1
        items.append(("%s SE" % name, maxrel(se, c["standard_errors"])))
        items.append(("%s t" % name, maxrel(tv, c["t_values"])))
        items.append(("%s p (t, df=%d)" % (name, df_t), maxrel(2 * st.t.sf(np.abs(tv), df_t), c["p_values_t"])))
        items.append(("%s p (normal)" % name, maxrel(2 * st.norm.sf(np.abs(tv)), c["p_values_normal"])))
    wd = json.load(open(os.path.join(FIX, "ols", "wls_fit.json")))
    sw = np.sqrt(w)
    Xw, yw = X * sw[:, None], y * sw
    bw = np.linalg.lstsq(Xw, yw, rcond=None)[0]
    ew = yw - Xw @ bw
    sew = np.sqrt(np.diag(ew @ ew / (n - k) * np.linalg.inv(Xw.T @ Xw)))
    items.append(("WLS coefficients", maxrel(bw, wd["coefficients"])))
    items.append(("WLS SE", maxrel(sew, wd["standard_errors"])))
    for name, v in items:
        print("| %s | %.1e |" % (name, v))
        expect(v < 1e-10, "OLS %s rel diff %.3g" % (name, v))
    print()


def main():
    check_nist()
    check_distributions()
    check_glm()
    check_ols()
    if FAIL:
        print("FAILURES:")
        for f in FAIL:
            print(" -", f)
        return 1
    print("All checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
