"""Fixtures rd_lee (sharp) and rd_fuzzy (simulated): local linear RD, triangular kernel,
IK (2012) bandwidth as R rdd::IKbandwidth computes it, HC1 SEs as rdd::RDestimate reports them.

Authority: R rdd 0.57 (scripts/rd.R -> <case>/r_rdd.json); this file is a numpy transcription of
IKbandwidth / RDestimate that is checked against it, and it writes expected.json.
"""
import numpy as np
import pandas as pd
from scipy import stats
import statsmodels.api as sm
from _common import *


def r_median(x):
    return float(np.median(x))


def ik_bandwidth(X, Y, c):
    """Line-by-line transcription of rdd::IKbandwidth (kernel = triangular)."""
    N = len(X)
    h1 = 1.84 * np.std(X, ddof=1) * N ** (-1 / 5)
    left = (X >= c - h1) & (X <= c); right = (X > c) & (X <= c + h1)
    Nl, Nr = left.sum(), right.sum()
    fbarx = (Nl + Nr) / (2 * N * h1)
    varY = (np.sum((Y[left] - Y[left].mean()) ** 2) + np.sum((Y[right] - Y[right].mean()) ** 2)) / (Nl + Nr)
    medXl = r_median(X[X <= c]); medXr = r_median(X[X > c])
    Nl = np.sum(X < c); Nr = np.sum(X >= c)
    cX = X - c
    sub = (X >= medXl) & (X <= medXr)
    D = np.column_stack([np.ones(sub.sum()), (X[sub] >= c).astype(float), cX[sub], cX[sub] ** 2, cX[sub] ** 3])
    m3 = 6 * np.linalg.lstsq(D, Y[sub], rcond=None)[0][4]
    h2l = 3.56 * Nl ** (-1 / 7) * (varY / (fbarx * max(m3**2, 0.01))) ** (1 / 7)
    h2r = 3.56 * Nr ** (-1 / 7) * (varY / (fbarx * max(m3**2, 0.01))) ** (1 / 7)
    left = (X >= c - h2l) & (X < c); right = (X >= c) & (X <= c + h2r)
    Nl, Nr = left.sum(), right.sum()

    def quad(m):
        Dq = np.column_stack([np.ones(m.sum()), cX[m], cX[m] ** 2])
        return 2 * np.linalg.lstsq(Dq, Y[m], rcond=None)[0][2]
    m2r, m2l = quad(right), quad(left)
    rl = 720 * varY / (Nl * h2l**4); rr = 720 * varY / (Nr * h2r**4)
    ck = 3.43754
    h = ck * (2 * varY / (fbarx * ((m2r - m2l) ** 2 + rr + rl))) ** (1 / 5) * N ** (-1 / 5)
    parts = {"h1_pilot": h1, "fbarx": fbarx, "varY": varY, "medXl": medXl, "medXr": medXr, "m3": m3,
             "h2l": h2l, "h2r": h2r, "m2l": m2l, "m2r": m2r, "rl": rl, "rr": rr, "ck": ck}
    return float(h), parts


def local_linear(X, Y, c, h, Dtreat=None):
    """WLS Y ~ 1 + T + (X-c)(1-T) + (X-c)T with triangular weights on |X-c| < h (T = 1[X >= c]);
    fuzzy: 2SLS of Y on [1, D, Xl, Xr] with instruments [1, T, Xl, Xr], same weights. HC1 SEs."""
    x = X - c
    w = np.where(np.abs(x / h) > 1, 0.0, 1 - np.abs(x / h))
    keep = w > 0
    x, y, w = x[keep], Y[keep], w[keep]
    Tr = (x >= 0).astype(float)
    Xl = (1 - Tr) * x; Xr = Tr * x
    Zm = np.column_stack([np.ones(len(x)), Tr, Xl, Xr])
    n, k = Zm.shape
    out = {"n_in_window": int(n), "n_left": int((Tr == 0).sum()), "n_right": int((Tr == 1).sum()),
           "sum_weights_left": float(w[Tr == 0].sum()), "sum_weights_right": float(w[Tr == 1].sum())}
    sw = np.sqrt(w)

    def wls(Xm, yy):
        A = np.linalg.inv((Xm * w[:, None]).T @ Xm)
        b = A @ ((Xm * w[:, None]).T @ yy)
        u = yy - Xm @ b
        meat = (Xm * (w * u) [:, None]).T @ (Xm * (w * u)[:, None])
        V0 = A @ meat @ A
        return b, V0, u
    bY, V0Y, uY = wls(Zm, y)
    out["sharp"] = {"estimate": bY[1], "se_HC1": float(np.sqrt(V0Y[1, 1] * n / (n - k))),
                    "se_HC0": float(np.sqrt(V0Y[1, 1])), "coef_[1,T,Xl,Xr]": bY,
                    "intercept_left": bY[0], "intercept_right": bY[0] + bY[1]}
    if Dtreat is not None:
        d = Dtreat[keep].astype(float)
        bD, V0D, _ = wls(Zm, d)
        Xm = np.column_stack([np.ones(n), d, Xl, Xr])
        # weighted 2SLS
        Pz = Zm @ np.linalg.solve((Zm * w[:, None]).T @ Zm, (Zm * w[:, None]).T @ Xm)   # fitted X
        A = np.linalg.inv((Pz * w[:, None]).T @ Xm)
        b = A @ ((Pz * w[:, None]).T @ y)
        u = y - Xm @ b
        meat = (Pz * (w * u)[:, None]).T @ (Pz * (w * u)[:, None])
        V0 = A @ meat @ A.T
        out["first_stage_jump"] = {"estimate": bD[1], "se_HC1": float(np.sqrt(V0D[1, 1] * n / (n - k)))}
        out["fuzzy"] = {"estimate": b[1], "ratio_of_jumps": bY[1] / bD[1], "se_HC1": float(np.sqrt(V0[1, 1] * n / (n - k))),
                        "se_HC0": float(np.sqrt(V0[1, 1]))}
    return out


def simulate_fuzzy():
    rng = np.random.default_rng(20240613)
    n = 3000
    X = rng.uniform(-1, 1, n)
    p = 0.15 + 0.55 * (X >= 0) + 0.1 * X
    D = rng.binomial(1, p)
    Y = 1.0 + 2.0 * D + 0.8 * X + 0.5 * X**2 + rng.normal(0, 1, n) * (0.7 + 0.3 * (X >= 0))
    return pd.DataFrame({"X": X, "D": D, "Y": Y})


def run(case, df, xcol, ycol, c, dcol, hs, extra):
    X = df[xcol].values.astype(float); Y = df[ycol].values.astype(float)
    Dt = df[dcol].values if dcol else None
    h_ik, parts = ik_bandwidth(X, Y, c)
    res = {}
    for lab, h in list(hs.items()) + [("IK", h_ik), ("IK_half", h_ik / 2), ("IK_double", 2 * h_ik)]:
        r = local_linear(X, Y, c, h, Dt)
        r["bandwidth"] = h
        res[lab] = r
    rx = note_r(FIX / case / "r_rdd.json")
    checks = {}
    if rx is not None:
        checks["IK_bandwidth_abs_diff"] = abs(rx["IK_bandwidth"] - h_ik)
        worst = 0.0
        key = "fuzzy" if dcol else "sharp"
        for lab in res:
            if lab in rx["fits"]:
                worst = max(worst, abs(rx["fits"][lab]["est"] - res[lab][key]["estimate"]),
                            abs(rx["fits"][lab]["se"] / res[lab][key]["se_HC1"] - 1))
                assert rx["fits"][lab]["obs"] == res[lab]["n_in_window"]
        checks["rdd_RDestimate_max_diff_(abs est, rel se)"] = worst
        checks["R_values"] = rx
    out = {"case": case, **extra, "running_variable": xcol, "outcome": ycol, "cutoff": c,
           "treatment_rule": f"T = 1[{xcol} >= {c}]", "fuzzy_treatment": dcol,
           "kernel": "triangular K(u) = (1-|u|)+, u = (x-c)/h; units with K = 0 (|u| >= 1) dropped",
           "model": "WLS Y ~ 1 + T + (x-c)(1-T) + (x-c)T  (same fit as 1 + T + (x-c) + T(x-c)); estimate = coef of T; "
                    "HC1 = n/(n-4) x HC0 sandwich of the weighted fit, n = units in the window",
           "IK_bandwidth": h_ik, "IK_intermediates": parts, "fits": res, "crosschecks": checks,
           "authority": "R rdd 0.57 RDestimate/IKbandwidth; numpy transcription checked against it",
           "versions": versions()}
    dump_json(out, FIX / case / "expected.json")
    print(case, "IK", h_ik, {k: (v["fuzzy" if dcol else "sharp"]["estimate"], v["fuzzy" if dcol else "sharp"]["se_HC1"], v["n_in_window"]) for k, v in res.items()}, checks.get("rdd_RDestimate_max_diff_(abs est, rel se)"), checks.get("IK_bandwidth_abs_diff"))


def main(write_data=True):
    d = case_dir("rd_lee")
    raw = read_csv(DATASETS / "close_elections_lmb.csv")
    import shutil
    shutil.copyfile(DATASETS / "close_elections_lmb.csv", d / "data.csv")
    df = read_csv(d / "data.csv")
    n0 = len(df)
    df = df[df["lagdemvoteshare"].notna()].reset_index(drop=True)
    sharp_check = bool(((df["lagdemvoteshare"] >= 0.5).astype(int) == df["lagdemocrat"]).all())
    cross = pd.crosstab(df["democrat"], (df["lagdemvoteshare"] >= 0.5).astype(int))
    run("rd_lee", df, "lagdemvoteshare", "score", 0.5, None, {"h0.1": 0.1},
        {"data": "copy of shared/datasets/close_elections_lmb.csv (Lee, Moretti & Butler 2004 via causaldata)",
         "rows_in_file": n0, "rows_dropped_missing_running_variable": n0 - len(df),
         "design_note": "running variable lagdemvoteshare (Democratic vote share in election t-1), cutoff 0.5. "
                        f"lagdemocrat == 1[lagdemvoteshare >= 0.5] on every non-missing row: {sharp_check}, so the sharp "
                        "treatment is lagdemocrat (= the rule). `democrat` (the party of the winner at t) is NOT a "
                        "deterministic function of lagdemvoteshare: crosstab democrat x 1[lagdemvoteshare>=0.5] = "
                        f"{cross.values.tolist()} (rows democrat 0/1, cols rule 0/1).",
         "lagdemocrat_equals_rule": sharp_check})
    d = case_dir("rd_fuzzy")
    if write_data:
        write_simulated_csv(simulate_fuzzy(), d / "data.csv")
    df = read_csv(d / "data.csv")
    run("rd_fuzzy", df, "X", "Y", 0.0, "D", {"h0.5": 0.5},
        {"data": "simulated (seed 20240613, scripts/rd.py simulate_fuzzy): X ~ U(-1,1), P(D=1) = 0.15 + 0.55 1[X>=0] + 0.1 X, "
                 "Y = 1 + 2 D + 0.8 X + 0.5 X^2 + heteroskedastic noise; true effect 2", "true_effect": 2.0})


if __name__ == "__main__":
    main()
