"""Nearest-neighbour matching with replacement, ties kept, Abadie-Imbens variances:
a line-by-line numpy transcription of R Matching::Match (version 4.10-8, 'standard' version,
no weights, no caliper, no exact matching). Used to document the exact definition and to
cross-check the R output (see matching.py)."""
import numpy as np

CCC = np.sqrt(np.finfo(float).eps)      # Match(tolerance = sqrt(.Machine$double.eps))


def _standardise(X):
    N = X.shape[0]
    mu = X.mean(0)
    sig = np.sqrt(np.maximum(CCC, (X * X).sum(0)) / N - mu**2) * np.sqrt(N / (N - 1))
    sig = np.where(sig < CCC, CCC, sig)
    return (X - mu) / sig


def _metric(Xs, weight):
    N, K = Xs.shape
    if weight == 1:
        Wm = np.eye(K)
    else:  # Weight = 2: Mahalanobis on the standardised covariates
        S = Xs.T @ Xs / N
        Wm = np.linalg.inv(S) if np.linalg.eigvalsh(S).min() > 1e-7 else np.eye(K)
    if np.linalg.eigvalsh(Wm).min() < CCC:
        Wm = Wm + np.eye(K) * CCC
    return Wm


def _dist(Xs, Wm, i):
    d = Xs - Xs[i]
    return np.einsum("ij,jk,ik->i", d, Wm, d)


def match(y, t, X, estimand="ATT", Z=None, weight=1, distance_tolerance=1e-5,
          bias_adjust=False, var_calc=0):
    y = np.asarray(y, float)
    X = np.asarray(X, float)
    if X.ndim == 1:
        X = X[:, None]
    Z = X if Z is None else (np.asarray(Z, float)[:, None] if np.ndim(Z) == 1 else np.asarray(Z, float))
    N = len(y)
    cdd = distance_tolerance
    Tr = np.asarray(t, float).copy()
    if estimand == "ATC":
        Tr = 1 - Tr
    All = 1 if estimand == "ATE" else 0
    Xs = _standardise(X)
    Wm = _metric(Xs, weight)

    matches = {}
    Kc = np.zeros(N); KKc = np.zeros(N)
    YCAUS = np.zeros(N); ZCAUS = np.zeros((N, Z.shape[1]))
    pairs = []                       # (i, j, w)
    for i in range(N):
        if not (All == 1 or Tr[i] == 1):
            continue
        D = _dist(Xs, Wm, i)
        pot = Tr == 1 - Tr[i]
        dmax = D[pot].min()
        act = np.where(pot & (D <= dmax + cdd))[0]
        w = 1.0 / len(act)
        matches[i] = act.tolist()
        Kc[act] += w
        KKc[act] += w * w
        ym = y[act].mean(); zm = Z[act].mean(0)
        if Tr[i] == 1:
            YCAUS[i] = y[i] - ym; ZCAUS[i] = Z[i] - zm
        else:
            YCAUS[i] = ym - y[i]; ZCAUS[i] = zm - Z[i]
        for j in act:
            pairs.append((i, j, w))
    I = np.array([p[0] for p in pairs]); J = np.array([p[1] for p in pairs]); Wp = np.array([p[2] for p in pairs])
    trI = Tr[I] == 1
    Yt = np.where(trI, y[I], y[J]); Yc = np.where(trI, y[J], y[I])
    if bias_adjust:
        def wls(mask_w):
            ZZ = np.column_stack([np.ones(N), Z])
            xw = ZZ * np.sqrt(mask_w)[:, None]
            A = xw.T @ xw
            if np.linalg.eigvalsh(A).min() <= CCC:
                A = A + np.eye(A.shape[0]) * CCC * np.max(np.std(xw, axis=0, ddof=1))
            return np.linalg.solve(A, xw.T @ (y * np.sqrt(mask_w)))[1:]
        alpha_t = wls(Tr * Kc) if All == 1 else np.zeros(Z.shape[1])
        alpha_c = wls((1 - Tr) * Kc)
        Zt = np.where(trI[:, None], Z[I], Z[J]); Zc = np.where(trI[:, None], Z[J], Z[I])
        Yc_adj = Yc + (Z[I] - Zc) @ alpha_c
        Yt_adj = Yt + (Z[I] - Zt) @ alpha_t
        Tau = Yt_adj - Yc_adj
        SCAUS = YCAUS - Tr * (ZCAUS @ alpha_c) - (1 - Tr) * (ZCAUS @ alpha_t)
    else:
        Tau = Yt - Yc
        SCAUS = YCAUS
        alpha_t = alpha_c = None
    est = np.sum(Wp * Tau) / np.sum(Wp)
    if var_calc == 0:
        Sigs = np.full(N, 0.5 * np.sum(Wp * (Tau - est) ** 2) / np.sum(Wp))
    else:
        Sigs = np.zeros(N)
        for i in range(N):
            D = _dist(Xs, Wm, i)
            pot = Tr == Tr[i]
            pot[i] = False
            dmax = np.sort(D[pot])[var_calc - 1]
            act = pot & (D <= dmax + cdd)
            act[i] = True
            Sigs[i] = np.var(y[act], ddof=1)
    iot_t = np.ones(N) if All == 1 else Tr
    iot_c = np.ones(N) if All == 1 else 1 - Tr
    SN = iot_t.sum()
    var_sample = np.sum(Sigs * (iot_t + iot_c * Kc) ** 2) / SN**2
    if All == 1:
        var_pop = np.sum(Sigs * (Kc * Kc + 2 * Kc - KKc)) / SN**2
    else:
        var_pop = np.sum(Sigs * iot_c * (Kc * Kc - KKc)) / SN**2
    var_pop += np.sum(iot_t * (SCAUS - est) ** 2) / SN**2
    # Neyman-type "standard" SE printed by summary(): over matched pairs, original orientation
    to = np.where(Tr[I] == 1, I, J) if estimand != "ATC" else np.where(Tr[I] == 1, J, I)
    co = np.where(Tr[I] == 1, J, I) if estimand != "ATC" else np.where(Tr[I] == 1, I, J)
    v1 = y[to] - y[co]
    mest = np.sum(v1 * Wp) / np.sum(Wp)
    se_standard = np.sqrt(np.sum((v1 - mest) ** 2 * Wp) / np.sum(Wp) ** 2)
    sign = -1.0 if estimand == "ATC" else 1.0
    return {"estimate": sign * est, "se": float(np.sqrt(var_pop)),
            "se_sample": float(np.sqrt(var_sample)),
            "se_cond": float(np.sqrt(max(var_sample, var_pop) - var_sample)),
            "se_standard": float(se_standard), "estimate_noadj": float(mest),
            "n_target": int(SN), "n_pairs": int(len(pairs)), "sum_pair_weights": float(np.sum(Wp)),
            "n_target_units_with_ties": int(sum(1 for v in matches.values() if len(v) > 1)),
            "matches": {int(k): v for k, v in matches.items()}, "Kcount": Kc, "KKcount": KKc,
            "Sigs": Sigs, "alpha_treated": alpha_t, "alpha_control": alpha_c,
            "YCAUS": YCAUS, "SCAUS": SCAUS}
