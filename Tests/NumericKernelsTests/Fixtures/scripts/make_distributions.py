#!/usr/bin/env python3
"""Reference values for distribution functions, computed with mpmath.

Run from the repository root:
    /work/scratch/venv/bin/python Tests/NumericKernelsTests/Fixtures/scripts/make_distributions.py

Output: Tests/NumericKernelsTests/Fixtures/distributions.json
Prints a Markdown table comparing scipy with the mpmath values (pasted into the README).

Conventions
-----------
* Every argument is an IEEE-754 double; the true value is computed at the
  *exact* value of that double (mpmath.mpf(float) is exact).  E.g. the row
  with x = -1.96 is Phi(-1.9599999999999999644...), not Phi(-196/100).
* Each value is computed with mp.dps = 50 and again with mp.dps = 80; the two
  must agree to a relative 1e-40, otherwise the script aborts.
* Quantiles are found by Newton's method on log(cdf) (p <= 1/2) or on
  log(survival) (p > 1/2), started from scipy's estimate, iterated to full
  working precision, then verified: |cdf(q) - p| <= 1e-40 * p (or the same
  with survival and 1 - p, where 1 - p is exact for a double p > 1/2).
* "value" is the double nearest to the exact value (correctly rounded from a
  40-digit decimal string); "value_text" is the exact value to 30 significant
  digits.
* Rows whose true value is not a normal double (|v| < 2.2250738585072014e-308,
  i.e. it would underflow to a subnormal or to zero, or overflow) are left out;
  the skipped arguments are listed under "skipped".  An exact 0 (median of t)
  is kept.
"""
import json
import math
import os
import sys

import mpmath
from mpmath import mp, mpf

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "distributions.json"))
DBL_MIN = 2.2250738585072014e-308

# ----------------------------------------------------------------------------
# exact functions (arguments are mpf)
# ----------------------------------------------------------------------------


def normal_cdf(x):
    return mpmath.erfc(-x / mpmath.sqrt(2)) / 2


def normal_sf(x):
    return mpmath.erfc(x / mpmath.sqrt(2)) / 2


def normal_pdf(x):
    return mpmath.exp(-x * x / 2) / mpmath.sqrt(2 * mpmath.pi)


def _betacf(a, b, x):
    """Continued fraction for I_x(a,b) (modified Lentz), valid for x < (a+1)/(a+b+2)."""
    tiny = mpf(10) ** (-(mp.dps + 100))
    eps = mpf(10) ** (-(mp.dps + 5))
    qab, qap, qam = a + b, a + 1, a - 1
    c = mpf(1)
    d = 1 - qab * x / qap
    if abs(d) < tiny:
        d = tiny
    d = 1 / d
    h = d
    m = 1
    while True:
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        if abs(d) < tiny:
            d = tiny
        c = 1 + aa / c
        if abs(c) < tiny:
            c = tiny
        d = 1 / d
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        if abs(d) < tiny:
            d = tiny
        c = 1 + aa / c
        if abs(c) < tiny:
            c = tiny
        d = 1 / d
        de = d * c
        h *= de
        if abs(de - 1) < eps:
            return h
        m += 1
        if m > 10 ** 6:
            raise RuntimeError("betacf did not converge a=%s b=%s x=%s" % (a, b, x))


def betainc_reg(a, b, x):
    """Regularized incomplete beta I_x(a, b) in mpmath arithmetic.

    mpmath.betainc (hypergeometric series) is prohibitively slow for a, b ~ 1e3..1e4 near the mean,
    so the classical continued fraction is evaluated in mpf arithmetic with 20 guard digits.
    Agreement with mpmath.betainc on moderate parameters is checked in check_fixtures.py."""
    if x <= 0:
        return mpf(0)
    if x >= 1:
        return mpf(1)
    with mp.extradps(20):
        a, b, x = mpf(a), mpf(b), mpf(x)
        lfront = (a * mpmath.log(x) + b * mpmath.log1p(-x)
                  - (mpmath.loggamma(a) + mpmath.loggamma(b) - mpmath.loggamma(a + b)))
        if x < (a + 1) / (a + b + 2):
            r = mpmath.exp(lfront) * _betacf(a, b, x) / a
        else:
            r = 1 - mpmath.exp(lfront) * _betacf(b, a, 1 - x) / b
    return +r


def _t_lower_tail(x, v):
    """P(T <= x) for x <= 0."""
    return betainc_reg(v / 2, mpf(1) / 2, v / (v + x * x)) / 2


def t_cdf(x, v):
    if x <= 0:
        return _t_lower_tail(x, v)
    # 1 - P(T <= -x), written without cancellation for small x:
    # P(T <= x) = 1/2 + 1/2 * I_{x^2/(v+x^2)}(1/2, v/2)
    return mpf(1) / 2 + betainc_reg(mpf(1) / 2, v / 2, x * x / (v + x * x)) / 2


def t_sf(x, v):
    return t_cdf(-x, v)


def t_pdf(x, v):
    return (mpmath.gamma((v + 1) / 2) / (mpmath.sqrt(v * mpmath.pi) * mpmath.gamma(v / 2))
            * (1 + x * x / v) ** (-(v + 1) / 2))


def chi2_cdf(x, k):
    return mpmath.gammainc(k / 2, 0, x / 2, regularized=True)


def chi2_sf(x, k):
    return mpmath.gammainc(k / 2, x / 2, mpmath.inf, regularized=True)


def chi2_pdf(x, k):
    return mpmath.exp((k / 2 - 1) * mpmath.log(x) - x / 2 - (k / 2) * mpmath.log(2) - mpmath.loggamma(k / 2))


def f_cdf(x, d1, d2):
    return betainc_reg(d1 / 2, d2 / 2, d1 * x / (d1 * x + d2))


def f_sf(x, d1, d2):
    # I_{d2/(d2+d1 x)}(d2/2, d1/2): no cancellation in the upper tail
    return betainc_reg(d2 / 2, d1 / 2, d2 / (d2 + d1 * x))


def f_pdf(x, d1, d2):
    lg = (d1 / 2) * mpmath.log(d1 * x) + (d2 / 2) * mpmath.log(d2) - ((d1 + d2) / 2) * mpmath.log(d1 * x + d2)
    return mpmath.exp(lg) / (x * mpmath.beta(d1 / 2, d2 / 2))


def beta_inc(a, b, x):
    return betainc_reg(a, b, x)


def gamma_p(a, x):
    return mpmath.gammainc(a, 0, x, regularized=True)


def gamma_q(a, x):
    return mpmath.gammainc(a, x, mpmath.inf, regularized=True)


def newton_quantile(p, cdf, sf, pdf, x0, positive=False):
    """Solve cdf(x) = p at the current precision (Newton in log space)."""
    p = mpf(p)
    lower = p <= mpf(1) / 2
    target = mpmath.log(p) if lower else mpmath.log(1 - p)  # 1 - p is exact for double p > 1/2
    x = mpf(x0)
    eps = mpf(10) ** (-(mp.dps - 3))
    for _ in range(200):
        if lower:
            c = cdf(x)
            g = mpmath.log(c) - target
            dg = pdf(x) / c
        else:
            s = sf(x)
            g = mpmath.log(s) - target
            dg = -pdf(x) / s
        if g == 0:
            break
        step = g / dg
        xn = x - step
        if positive:
            while xn <= 0:
                step /= 2
                xn = x - step
        if abs(xn - x) <= eps * abs(xn):
            x = xn
            break
        x = xn
    else:
        raise RuntimeError("Newton did not converge for p=%r" % (p,))
    # verification
    if lower:
        err = abs(cdf(x) - p) / p
    else:
        err = abs(sf(x) - (1 - p)) / (1 - p)
    if err > mpf(10) ** -40:
        raise RuntimeError("quantile verification failed p=%r err=%s" % (p, err))
    return x


# ----------------------------------------------------------------------------
# row builders: each returns (function name, args dict, thunk computing mpf)
# ----------------------------------------------------------------------------

def d(v):
    return float(v)


TAIL_P = [1e-10, 1e-5, 0.001, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975,
          0.99, 0.999, 1 - 1e-5, 1 - 1e-10]


def build_specs():
    import scipy.stats as st
    import scipy.special as sp

    specs = []  # (function, args, thunk, scipy_value)

    # ---- normal -------------------------------------------------------------
    for x in [-38.0, -37.5, -37.0, -30.0, -20.0, -10.0, -8.0, -5.0, -3.0, -1.96, -1.0, -0.5,
              -1e-3, 0.0, 1e-3, 0.5, 1.0, 1.96, 3.0, 5.0, 8.0]:
        specs.append(("normal_cdf", {"x": x}, (lambda x=x: normal_cdf(mpf(x))), st.norm.cdf(x)))
    for x in [-3.0, 0.0, 1.0, 3.0, 5.0, 8.0, 10.0, 20.0, 30.0, 37.0, 37.5, 38.0]:
        specs.append(("normal_sf", {"x": x}, (lambda x=x: normal_sf(mpf(x))), st.norm.sf(x)))
    for p in [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.01, 0.025, 0.05, 0.1, 0.3, 0.5, 0.7,
              0.9, 0.95, 0.975, 0.99, 0.999, 1 - 1e-10]:
        x0 = st.norm.ppf(p)
        specs.append(("normal_quantile", {"p": p},
                      (lambda p=p, x0=x0: newton_quantile(p, normal_cdf, normal_sf, normal_pdf, x0)),
                      x0))

    # ---- Student t ----------------------------------------------------------
    t_dfs = [1.0, 2.0, 2.5, 3.0, 5.0, 10.0, 30.0, 100.0, 1000.0]
    for v in t_dfs:
        for x in [-40.0, -10.0, -3.0, -2.0, -1.0, -0.5, -1e-3, 0.0, 1e-3, 0.5, 1.0, 1.96, 2.0, 3.0,
                  10.0, 40.0]:
            specs.append(("t_cdf", {"df": v, "x": x}, (lambda x=x, v=v: t_cdf(mpf(x), mpf(v))),
                          st.t.cdf(x, v)))
        for x in [2.0, 5.0, 10.0, 50.0, 100.0, 1e3, 1e5, 1e10]:
            specs.append(("t_sf", {"df": v, "x": x}, (lambda x=x, v=v: t_sf(mpf(x), mpf(v))),
                          st.t.sf(x, v)))
        for p in TAIL_P:
            x0 = st.t.ppf(p, v)
            specs.append(("t_quantile", {"df": v, "p": p},
                          (lambda p=p, v=v, x0=x0: newton_quantile(
                              p, lambda x: t_cdf(x, mpf(v)), lambda x: t_sf(x, mpf(v)),
                              lambda x: t_pdf(x, mpf(v)), x0)),
                          x0))

    # ---- chi-square ---------------------------------------------------------
    for k in [1.0, 2.0, 5.0, 10.0, 50.0, 200.0]:
        xs = sorted(set([1e-3, 0.1, 0.5, 1.0, 2.0, 3.84, 10.0, 30.0, 0.5 * k, k, 1.5 * k, 2.0 * k]))
        for x in xs:
            specs.append(("chi2_cdf", {"df": k, "x": x}, (lambda x=x, k=k: chi2_cdf(mpf(x), mpf(k))),
                          st.chi2.cdf(x, k)))
        sx = sorted(set([k, k + 3 * math.sqrt(2 * k), k + 10 * math.sqrt(2 * k), 100.0, 500.0,
                         1000.0, 1400.0]))
        for x in sx:
            specs.append(("chi2_sf", {"df": k, "x": x}, (lambda x=x, k=k: chi2_sf(mpf(x), mpf(k))),
                          st.chi2.sf(x, k)))
        for p in [1e-100] + TAIL_P:
            x0 = st.chi2.ppf(p, k)
            specs.append(("chi2_quantile", {"df": k, "p": p},
                          (lambda p=p, k=k, x0=x0: newton_quantile(
                              p, lambda x: chi2_cdf(x, mpf(k)), lambda x: chi2_sf(x, mpf(k)),
                              lambda x: chi2_pdf(x, mpf(k)), x0, positive=True)),
                          x0))

    # ---- F ------------------------------------------------------------------
    for d1, d2 in [(1.0, 1.0), (1.0, 10.0), (3.0, 50.0), (5.0, 2.0), (10.0, 100.0), (20.0, 1000.0)]:
        for x in [1e-3, 0.1, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 100.0]:
            specs.append(("f_cdf", {"d1": d1, "d2": d2, "x": x},
                          (lambda x=x, d1=d1, d2=d2: f_cdf(mpf(x), mpf(d1), mpf(d2))),
                          st.f.cdf(x, d1, d2)))
        for x in [5.0, 10.0, 100.0, 1e4, 1e8]:
            specs.append(("f_sf", {"d1": d1, "d2": d2, "x": x},
                          (lambda x=x, d1=d1, d2=d2: f_sf(mpf(x), mpf(d1), mpf(d2))),
                          st.f.sf(x, d1, d2)))
        for p in TAIL_P:
            x0 = st.f.ppf(p, d1, d2)
            specs.append(("f_quantile", {"d1": d1, "d2": d2, "p": p},
                          (lambda p=p, d1=d1, d2=d2, x0=x0: newton_quantile(
                              p, lambda x: f_cdf(x, mpf(d1), mpf(d2)),
                              lambda x: f_sf(x, mpf(d1), mpf(d2)),
                              lambda x: f_pdf(x, mpf(d1), mpf(d2)), x0, positive=True)),
                          x0))

    # ---- regularized incomplete beta I_x(a, b) ------------------------------
    ab = [(0.5, 0.5), (1.0, 1.0), (0.1, 10.0), (2.0, 3.0), (10.0, 0.5), (5.0, 50.0), (50.0, 50.0),
          (100.0, 10.0), (500.0, 500.0), (500.0, 5.0), (5.0, 500.0), (500.0, 50.0), (1e-3, 1e-3),
          (1e4, 1e4)]
    for a, b in ab:
        mean = a / (a + b)
        sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
        xs = [1e-3, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999, mean]
        for c in (-3.0, -1.0, 1.0, 3.0):
            xs.append(mean + c * sd)
        xs = sorted(set(x for x in xs if 0.0 < x < 1.0))
        for x in xs:
            specs.append(("beta_inc_reg", {"a": a, "b": b, "x": x},
                          (lambda a=a, b=b, x=x: beta_inc(mpf(a), mpf(b), mpf(x))),
                          sp.betainc(a, b, x)))

    # ---- regularized incomplete gamma P(a, x), Q(a, x) ----------------------
    for a in [0.01, 0.1, 0.5, 1.0, 2.5, 10.0, 50.0, 100.0, 500.0, 1000.0, 1e4]:
        s = math.sqrt(a)
        xs = [1e-3, 0.1, 1.0, 5.0, a, a - s, a + s, a - 3 * s, a + 3 * s, 2 * a]
        xs = sorted(set(x for x in xs if x > 0.0))
        for x in xs:
            specs.append(("gamma_inc_lower_reg", {"a": a, "x": x},
                          (lambda a=a, x=x: gamma_p(mpf(a), mpf(x))), sp.gammainc(a, x)))
            specs.append(("gamma_inc_upper_reg", {"a": a, "x": x},
                          (lambda a=a, x=x: gamma_q(mpf(a), mpf(x))), sp.gammaincc(a, x)))
    return specs


def to_double(v):
    return float(mpmath.nstr(v, 40, strip_zeros=False, min_fixed=1, max_fixed=0))


def main():
    import scipy

    specs = build_specs()
    rows, skipped = [], []
    cmp = {}
    for i, (fn, args, thunk, sc) in enumerate(specs):
        if i % 100 == 0:
            print("  row %d/%d %s" % (i, len(specs), fn), file=sys.stderr, flush=True)
        mp.dps = 80
        hi = thunk()
        mp.dps = 50
        v = thunk()
        if hi != 0 and abs(v - hi) > abs(hi) * mpf(10) ** -40:
            raise RuntimeError("precision check failed %s %s: %s vs %s" % (fn, args, v, hi))
        if hi == 0 and v != 0:
            raise RuntimeError("zero check failed %s %s" % (fn, args))
        if v != 0 and not (DBL_MIN <= abs(v) <= sys.float_info.max):
            skipped.append({"function": fn, "args": args,
                            "value_text": mpmath.nstr(v, 10), "reason": "not a normal double"})
            continue
        dv = to_double(v)
        rows.append({"function": fn, "args": args, "value": dv,
                     "value_text": mpmath.nstr(v, 30, strip_zeros=False)})
        # scipy comparison
        sc = float(sc)
        if dv == 0.0:
            rel = abs(sc)
        elif not math.isfinite(sc):
            rel = float("inf")
        else:
            rel = abs(sc - dv) / abs(dv)
        e = cmp.setdefault(fn, [0.0, None, 0])
        e[2] += 1
        if rel > e[0] or e[1] is None:
            e[0], e[1] = rel, args
    mp.dps = 50
    doc = {
        "description": "Reference values of distribution functions. True values computed with mpmath "
                       "(mp.dps = 50, cross-checked at mp.dps = 80) at the exact double value of each "
                       "argument; 'value' is the correctly rounded double, 'value_text' 30 significant digits.",
        "generator": "Tests/NumericKernelsTests/Fixtures/scripts/make_distributions.py",
        "mpmath_version": mpmath.__version__,
        "functions": {
            "normal_cdf": "Phi(x) = P(Z <= x), Z ~ N(0,1)",
            "normal_sf": "1 - Phi(x) = P(Z > x)",
            "normal_quantile": "Phi^{-1}(p)",
            "t_cdf": "P(T <= x), T ~ Student t with df (real) degrees of freedom",
            "t_sf": "P(T > x)",
            "t_quantile": "x with P(T <= x) = p",
            "chi2_cdf": "P(X <= x), X ~ chi-square(df) = regularized lower gamma P(df/2, x/2)",
            "chi2_sf": "P(X > x) = Q(df/2, x/2)",
            "chi2_quantile": "x with P(X <= x) = p",
            "f_cdf": "P(F <= x), F ~ F(d1, d2) = I_{d1 x/(d1 x + d2)}(d1/2, d2/2)",
            "f_sf": "P(F > x)",
            "f_quantile": "x with P(F <= x) = p",
            "beta_inc_reg": "I_x(a, b) = B(x; a, b) / B(a, b)",
            "gamma_inc_lower_reg": "P(a, x) = gamma(a, x) / Gamma(a)",
            "gamma_inc_upper_reg": "Q(a, x) = Gamma(a, x) / Gamma(a) = 1 - P(a, x)",
        },
        "rows": rows,
        "skipped": skipped,
    }
    with open(OUT, "w", encoding="ascii") as fh:
        json.dump(doc, fh, indent=2)
        fh.write("\n")
    print("wrote %s: %d rows, %d skipped" % (os.path.relpath(OUT), len(rows), len(skipped)))
    print("scipy %s vs mpmath %s" % (scipy.__version__, mpmath.__version__))
    print("| function | rows | max rel. diff scipy vs mpmath | at |")
    print("|---|---|---|---|")
    for fn, (rel, args, n) in cmp.items():
        print("| %s | %d | %.3g | %s |" % (fn, n, rel, json.dumps(args)))


if __name__ == "__main__":
    sys.exit(main())
