"""Callaway & Sant'Anna (2021) group-time ATTs, aggregations and analytic SEs, written out in numpy.

A line-by-line transcription of R did 2.1.2 (`att_gt` -> `compute.att_gt`, `aggte` -> `compute.aggte`)
for balanced panels, with DRDID 1.2.3's panel estimators:
  * "dr"  = DRDID::drdid_panel      (Sant'Anna & Zhao 2020, the "traditional" locally efficient DR DiD:
                                      logit propensity score by ML + weighted OLS of the control units'
                                      outcome change; NOT the "improved" drdid_imp_panel)
  * "reg" = DRDID::reg_did_panel    (Heckman-Ichimura-Todd outcome regression DiD)
  * "ipw" = DRDID::std_ipw_did_panel (Hajek-normalised IPW DiD, Abadie 2005)
Used as an independent check of the R numbers; see README "did_*".
"""
import numpy as np

EPS = np.finfo(float).eps


def expit(x):
    return 1.0 / (1.0 + np.exp(-x))


def logit_mle(X, y, w, tol=1e-13, maxit=100):
    """Weighted ML logit (weights w), Newton-Raphson until the largest step < tol."""
    b = np.zeros(X.shape[1])
    for _ in range(maxit):
        p = expit(X @ b)
        g = X.T @ (w * (y - p))
        H = (X * (w * p * (1 - p))[:, None]).T @ X
        step = np.linalg.solve(H, g)
        b = b + step
        if np.max(np.abs(step)) < tol:
            break
    return b


def wols(X, y, w):
    return np.linalg.solve((X * w[:, None]).T @ X, (X * w[:, None]).T @ y)


def drdid_panel(dy, D, X, iw, trim_level=0.995):
    n = len(D)
    iw = iw / np.mean(iw)
    b = logit_mle(X, D, iw)
    ps = expit(X @ b)
    ps = np.minimum(ps, 1 - 1e-6)
    trim = np.ones(n)
    trim[D == 0] = (ps[D == 0] < trim_level).astype(float)
    W = ps * (1 - ps) * iw
    c = D == 0
    beta = wols(X[c], dy[c], iw[c])
    out = X @ beta
    w_treat = trim * iw * D
    w_cont = trim * iw * ps * (1 - D) / (1 - ps)
    dr_treat = w_treat * (dy - out)
    dr_cont = w_cont * (dy - out)
    eta_treat = np.mean(dr_treat) / np.mean(w_treat)
    eta_cont = np.mean(dr_cont) / np.mean(w_cont)
    att = eta_treat - eta_cont
    w_ols = iw * (1 - D)
    XpX = (X * w_ols[:, None]).T @ X / n
    alr_ols = (X * (w_ols * (dy - out))[:, None]) @ np.linalg.inv(XpX)
    score_ps = X * (iw * (D - ps))[:, None]
    Hps = np.linalg.inv((X * W[:, None]).T @ X) * n
    alr_ps = score_ps @ Hps
    inf_treat_1 = dr_treat - w_treat * eta_treat
    M1 = np.mean(X * w_treat[:, None], axis=0)
    inf_treat = (inf_treat_1 - alr_ols @ M1) / np.mean(w_treat)
    inf_cont_1 = dr_cont - w_cont * eta_cont
    M2 = np.mean(X * (w_cont * (dy - out - eta_cont))[:, None], axis=0)
    M3 = np.mean(X * w_cont[:, None], axis=0)
    inf_control = (inf_cont_1 + alr_ps @ M2 - alr_ols @ M3) / np.mean(w_cont)
    return att, inf_treat - inf_control


def reg_did_panel(dy, D, X, iw):
    n = len(D)
    iw = iw / np.mean(iw)
    c = D == 0
    beta = wols(X[c], dy[c], iw[c])
    out = X @ beta
    w_treat = iw * D
    w_cont = iw * D
    eta_treat = np.mean(w_treat * dy) / np.mean(w_treat)
    eta_cont = np.mean(w_cont * out) / np.mean(w_cont)
    att = eta_treat - eta_cont
    w_ols = iw * (1 - D)
    XpX = (X * w_ols[:, None]).T @ X / n
    alr_ols = (X * (w_ols * (dy - out))[:, None]) @ np.linalg.inv(XpX)
    inf_treat = (w_treat * dy - w_treat * eta_treat) / np.mean(w_treat)
    inf_cont_1 = w_cont * out - w_cont * eta_cont
    M1 = np.mean(X * w_cont[:, None], axis=0)
    inf_control = (inf_cont_1 + alr_ols @ M1) / np.mean(w_cont)
    return att, inf_treat - inf_control


def std_ipw_did_panel(dy, D, X, iw, trim_level=0.995):
    n = len(D)
    iw = iw / np.mean(iw)
    b = logit_mle(X, D, iw)
    ps = expit(X @ b)
    ps = np.minimum(ps, 1 - 1e-6)
    W = ps * (1 - ps) * iw
    trim = np.ones(n)
    trim[D == 0] = (ps[D == 0] < trim_level).astype(float)
    w_treat = trim * iw * D
    w_cont = trim * iw * ps * (1 - D) / (1 - ps)
    eta_treat = np.mean(w_treat * dy) / np.mean(w_treat)
    eta_cont = np.mean(w_cont * dy) / np.mean(w_cont)
    att = eta_treat - eta_cont
    score_ps = X * (iw * (D - ps))[:, None]
    Hps = np.linalg.inv((X * W[:, None]).T @ X) * n
    alr_ps = score_ps @ Hps
    inf_treat = (w_treat * dy - w_treat * eta_treat) / np.mean(w_treat)
    inf_cont_1 = w_cont * dy - w_cont * eta_cont
    M2 = np.mean(X * (w_cont * (dy - eta_cont))[:, None], axis=0)
    inf_control = (inf_cont_1 + alr_ps @ M2) / np.mean(w_cont)
    return att, inf_treat - inf_control


ESTIMATORS = {"dr": drdid_panel, "reg": reg_did_panel, "ipw": std_ipw_did_panel}


def make_panel(df, y, t, idc, g, covariates=(), weights=None):
    """Balanced wide panel as did builds it: units sorted by id; g > max(t) recoded to 0; units observed
    in fewer than all periods dropped (BMisc::makeBalancedPanel)."""
    tlist = np.sort(df[t].unique())
    cnt = df.groupby(idc)[t].nunique()
    keep = cnt.index[cnt.values == len(tlist)]
    dropped = int(len(cnt) - len(keep))
    d = df[df[idc].isin(keep)].sort_values([idc, t])
    ids = np.sort(d[idc].unique())
    n = len(ids)
    Y = d[y].to_numpy(float).reshape(n, len(tlist))
    first = d.groupby(idc).first().loc[ids]
    G = first[g].to_numpy(float)
    G[G > tlist.max()] = 0
    X = np.column_stack([np.ones(n)] + [first[c].to_numpy(float) for c in covariates])
    w = first[weights].to_numpy(float) if weights else np.ones(n)
    return dict(ids=ids, tlist=tlist.astype(float), Y=Y, G=G, X=X, w=w, n=n, units_dropped=dropped)


def att_gt(P, control="nevertreated", est="dr", base="varying", anticipation=0):
    tlist, G, Y, X, w, n = P["tlist"], P["G"], P["Y"], P["X"], P["w"], P["n"]
    glist = np.sort(np.unique(G[G > 0]))
    glist = glist[glist > tlist[0] + anticipation]
    if np.any((G > 0) & (G <= tlist[0])):
        raise ValueError("units treated in the first period: not handled here")
    nT = len(tlist)
    tfac = 0 if base == "universal" else 1
    out = []
    for gv in glist:
        Gi = (G == gv).astype(float)
        for tt in range(nT - tfac):
            pret = tt
            if base == "universal":
                pret = np.where(tlist + anticipation < gv)[0][-1]
            if control == "nevertreated":
                C = (G == 0).astype(float)
            else:
                C = ((G == 0) | ((G > tlist[max(tt, pret) + tfac] + anticipation) & (G != gv))).astype(float)
            cur = tt + tfac
            if gv <= tlist[cur]:
                idx = np.where(tlist + anticipation < gv)[0]
                if len(idx) == 0:
                    break
                pret = idx[-1]
            if base == "universal" and tlist[pret] == tlist[cur]:
                out.append(dict(group=gv, t=tlist[cur], att=0.0, inf=np.zeros(n), base=tlist[pret]))
                continue
            sel = (Gi == 1) | (C == 1)
            n1 = int(sel.sum())
            dy = Y[sel, cur] - Y[sel, pret]
            att, inf = ESTIMATORS[est](dy, Gi[sel], X[sel], w[sel])
            full = np.zeros(n)
            full[sel] = (n / n1) * inf
            out.append(dict(group=gv, t=tlist[cur], att=att, inf=full, base=tlist[pret], n1=n1))
    group = np.array([o["group"] for o in out])
    tt_ = np.array([o["t"] for o in out])
    att = np.array([o["att"] for o in out])
    IF = np.column_stack([o["inf"] for o in out])
    V = IF.T @ IF / n
    se = np.sqrt(np.diag(V) / n)
    se[se <= np.sqrt(EPS) * 10] = np.nan
    pre = np.where((group > tt_) & ~np.isnan(se))[0]
    if len(pre):
        Vp = V[np.ix_(pre, pre)]
        W = float(n * att[pre] @ np.linalg.solve(Vp, att[pre]))
    else:
        W = None
    return dict(group=group, t=tt_, att=att, se=se, IF=IF, V=V, n=n, glist=glist, tlist=tlist,
                base=np.array([o["base"] for o in out]), pretest_W=W, pretest_df=int(len(pre)),
                G=G, w=w)


def _wif(keepers, pg, w, G, group_vec):
    """did's wif(): keepers index both pg and group_vec (as in did)."""
    s = pg[keepers].sum()
    cols = np.column_stack([w * (G == group_vec[k]) - pg[k] for k in keepers])
    if1 = cols / s
    if2 = np.outer(cols.sum(axis=1), pg[keepers] / s**2)
    return if1 - if2


def _se(psi, n):
    s = np.sqrt(np.mean(psi**2) / n)
    return np.nan if s <= np.sqrt(EPS) * 10 else s


def aggte(R, group_wif_as_did=True):
    """All four aggregations of did::aggte (bstrap = FALSE). Returns dict of dicts incl. influence functions.
    group_wif_as_did: did passes keepers = 1..nG together with the (g,t)-length group vector to wif() for the
    overall 'group' parameter, so the indicator used is 1{G = group[k]} (the cohort of the k-th ATT(g,t)),
    not 1{G = glist[k]}; False gives the latter (for information)."""
    group, t, att, IF, n, w, G = R["group"], R["t"], R["att"], R["IF"], R["n"], R["w"], R["G"]
    glist = R["glist"]
    ok = ~np.isnan(att)
    pgg = np.array([np.mean(w * (G == g)) for g in glist])
    pg = np.array([pgg[np.where(glist == g)[0][0]] for g in group])
    res = {}
    keep = np.where((group <= t) & ok)[0]
    wts = pg[keep] / pg[keep].sum()
    psi = IF[:, keep] @ wts + _wif(keep, pg, w, G, group) @ att[keep]
    res["simple"] = dict(att=float(att[keep] @ wts), se=_se(psi, n), inf=psi)
    # group
    attg, psig = [], []
    for g in glist:
        wh = np.where((group == g) & (g <= t) & ok)[0]
        attg.append(np.mean(att[wh]))
        psig.append(IF[:, wh] @ (pg[wh] / pg[wh].sum()))
    attg = np.array(attg)
    psig = np.column_stack(psig)
    kk = np.arange(len(glist))
    gvec = group if group_wif_as_did else glist
    psi = psig @ (pgg / pgg.sum()) + _wif(kk, pgg, w, G, gvec) @ attg
    res["group"] = dict(att=float(attg @ pgg / pgg.sum()), se=_se(psi, n), inf=psi, egt=glist, att_egt=attg,
                        se_egt=np.array([_se(psig[:, j], n) for j in range(len(glist))]))
    # dynamic
    ev = t - group
    eseq = np.sort(np.unique(ev[ok]))
    atte, psie = [], []
    for e in eseq:
        wh = np.where((ev == e) & ok)[0]
        pge = pg[wh] / pg[wh].sum()
        atte.append(att[wh] @ pge)
        psie.append(IF[:, wh] @ pge + _wif(wh, pg, w, G, group) @ att[wh])
    atte = np.array(atte)
    psie = np.column_stack(psie)
    pos = eseq >= 0
    psi = psie[:, pos] @ np.full(pos.sum(), 1 / pos.sum())
    res["dynamic"] = dict(att=float(np.mean(atte[pos])), se=_se(psi, n), inf=psi, egt=eseq, att_egt=atte,
                          se_egt=np.array([_se(psie[:, j], n) for j in range(len(eseq))]))
    # calendar
    tl = np.sort(np.unique(t))
    tl = tl[tl >= group.min()]
    attc, psic = [], []
    for t1 in tl:
        wh = np.where((t == t1) & (group <= t) & ok)[0]
        pgt = pg[wh] / pg[wh].sum()
        attc.append(att[wh] @ pgt)
        psic.append(IF[:, wh] @ pgt + _wif(wh, pg, w, G, group) @ att[wh])
    attc = np.array(attc)
    psic = np.column_stack(psic)
    psi = psic @ np.full(len(tl), 1 / len(tl))
    res["calendar"] = dict(att=float(np.mean(attc)), se=_se(psi, n), inf=psi, egt=tl, att_egt=attc,
                           se_egt=np.array([_se(psic[:, j], n) for j in range(len(tl))]))
    return res
