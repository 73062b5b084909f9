"""Fixtures ipw_binary and ipw_lalonde: propensity-score weighting with M-estimation sandwich SEs.

Propensity: unpenalised logistic regression of T on [1, W] (Newton-Raphson to |step| < 1e-13,
checked against statsmodels Logit). Estimators: Hajek (normalised within arm) ATE/ATT/ATC, overlap
(ATO, normalised), Horvitz-Thompson (unnormalised) ATE/ATT/ATC. SEs: stacked estimating equations
(logistic score + weighted-mean / HT equations), V = A^-1 B A^-T / n with the analytic Jacobian A
(Lunceford & Davidian 2004). Authority: this numpy M-estimation, cross-checked against R PSweight
(scripts/ipw.R -> <case>/r_crosscheck.json), which uses the same stacked equations with a
numerical (numDeriv) Jacobian for "IPW" (ATE), "treated" (ATT), "overlap" (ATO) and
"treated" with trtgrp = 0 (ATC, sign flipped).
"""
import shutil
import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from _common import *

CFG = {
    "ipw_binary": dict(src=CASES / "binary_treatment_common_causes" / "data.csv", T="v0", Y="y",
                       W=["W0", "W1", "W2", "W3", "W4"], dowhy_case="binary_treatment_common_causes"),
    "ipw_lalonde": dict(src=CASES / "lalonde_nsw_experimental" / "data.csv", T="treat", Y="re78",
                        W=["age", "educ", "black", "hisp", "marr", "nodegree", "re74", "re75"],
                        dowhy_case="lalonde_nsw_experimental"),
}


def expit(x):
    return 1.0 / (1.0 + np.exp(-x))


def logit_mle(X, t, tol=1e-13, maxit=100):
    b = np.zeros(X.shape[1])
    for it in range(maxit):
        e = expit(X @ b)
        g = X.T @ (t - e)
        H = (X * (e * (1 - e))[:, None]).T @ X
        step = np.linalg.solve(H, g)
        b = b + step
        if np.max(np.abs(step)) < tol:
            break
    return b, it + 1


# weight functions w(e) and their derivatives dw/de, per arm
WEIGHTS = {
    "ate": (lambda e: 1 / e, lambda e: -1 / e**2, lambda e: 1 / (1 - e), lambda e: 1 / (1 - e) ** 2),
    "att": (lambda e: np.ones_like(e), lambda e: np.zeros_like(e), lambda e: e / (1 - e), lambda e: 1 / (1 - e) ** 2),
    "atc": (lambda e: (1 - e) / e, lambda e: -1 / e**2, lambda e: np.ones_like(e), lambda e: np.zeros_like(e)),
    "ato": (lambda e: 1 - e, lambda e: -np.ones_like(e), lambda e: e, lambda e: np.ones_like(e)),
}


def sandwich(psi, dpsi, n):
    """psi: n x k estimating functions at the estimate; dpsi: k x k sum of derivatives."""
    A = -dpsi / n
    B = psi.T @ psi / n
    Ai = np.linalg.inv(A)
    return Ai @ B @ Ai.T / n


def hajek(X, t, y, e, kind):
    n, p = X.shape
    w1f, dw1f, w0f, dw0f = WEIGHTS[kind]
    w1, w0 = w1f(e), w0f(e)
    mu1 = np.sum(t * w1 * y) / np.sum(t * w1)
    mu0 = np.sum((1 - t) * w0 * y) / np.sum((1 - t) * w0)
    de = e * (1 - e)
    # theta = (beta, mu1, mu0)
    psi = np.column_stack([X * (t - e)[:, None], t * w1 * (y - mu1), (1 - t) * w0 * (y - mu0)])
    k = p + 2
    D = np.zeros((k, k))
    D[:p, :p] = -(X * de[:, None]).T @ X
    D[p, :p] = (t * (y - mu1) * dw1f(e) * de) @ X
    D[p, p] = -np.sum(t * w1)
    D[p + 1, :p] = ((1 - t) * (y - mu0) * dw0f(e) * de) @ X
    D[p + 1, p + 1] = -np.sum((1 - t) * w0)
    V = sandwich(psi, D, n)
    c = np.zeros(k); c[p] = 1; c[p + 1] = -1
    se = float(np.sqrt(c @ V @ c))
    # PS treated as known (weights fixed): only the two weighted-mean equations
    Vk = sandwich(psi[:, p:], D[p:, p:], n)
    se_known = float(np.sqrt(np.array([1, -1]) @ Vk @ np.array([1, -1])))
    ess1 = np.sum(w1[t == 1]) ** 2 / np.sum(w1[t == 1] ** 2)
    ess0 = np.sum(w0[t == 0]) ** 2 / np.sum(w0[t == 0] ** 2)
    return {"estimate": mu1 - mu0, "mu1": mu1, "mu0": mu0, "se": se,
            "se_mu1": float(np.sqrt(V[p, p])), "se_mu0": float(np.sqrt(V[p + 1, p + 1])),
            "se_propensity_treated_as_known": se_known,
            "sum_weights_treated": float(np.sum(w1[t == 1])), "sum_weights_control": float(np.sum(w0[t == 0])),
            "ess_treated": float(ess1), "ess_control": float(ess0)}


def horvitz_thompson(X, t, y, e, kind):
    n, p = X.shape
    de = e * (1 - e)
    if kind == "ate":
        tau = np.mean(t * y / e - (1 - t) * y / (1 - e))
        g = t * y / e - (1 - t) * y / (1 - e) - tau
        dg_db = (-t * y / e**2 - (1 - t) * y / (1 - e) ** 2) * de
        dg_dtau = -np.ones(n)
        denom = "n"
    elif kind == "att":
        tau = np.sum(t * y - (1 - t) * y * e / (1 - e)) / np.sum(t)
        g = t * y - (1 - t) * y * e / (1 - e) - t * tau
        dg_db = (-(1 - t) * y / (1 - e) ** 2) * de
        dg_dtau = -t
        denom = "n1"
    else:  # atc
        tau = np.sum(t * y * (1 - e) / e - (1 - t) * y) / np.sum(1 - t)
        g = t * y * (1 - e) / e - (1 - t) * y - (1 - t) * tau
        dg_db = (-t * y / e**2) * de
        dg_dtau = -(1 - t)
        denom = "n0"
    psi = np.column_stack([X * (t - e)[:, None], g])
    D = np.zeros((p + 1, p + 1))
    D[:p, :p] = -(X * de[:, None]).T @ X
    D[p, :p] = dg_db @ X
    D[p, p] = np.sum(dg_dtau)
    V = sandwich(psi, D, n)
    Vk = sandwich(psi[:, p:], D[p:, p:], n)
    return {"estimate": float(tau), "divisor": denom, "se": float(np.sqrt(V[p, p])),
            "se_propensity_treated_as_known": float(np.sqrt(Vk[0, 0]))}


def main():
  for CASE, cfg in CFG.items():
      d = case_dir(CASE)
      shutil.copyfile(cfg["src"], d / "data.csv")
      df = read_csv(d / "data.csv")
      T, Y, Wn = cfg["T"], cfg["Y"], cfg["W"]
      t = df[T].values.astype(float)
      y = df[Y].values.astype(float)
      X = np.column_stack([np.ones(len(df))] + [df[w].values.astype(float) for w in Wn])
      beta, iters = logit_mle(X, t)
      smfit = sm.Logit(t, X).fit(method="newton", tol=1e-14, maxiter=100, disp=0)
      e = expit(X @ beta)
      n = len(df)
      z = stats.norm.ppf(0.975)
      res = {"hajek": {}, "horvitz_thompson": {}}
      for kind in ["ate", "att", "atc", "ato"]:
          r = hajek(X, t, y, e, kind)
          r["ci95"] = [r["estimate"] - z * r["se"], r["estimate"] + z * r["se"]]
          r["p_value"] = float(2 * stats.norm.sf(abs(r["estimate"] / r["se"])))
          res["hajek"][kind] = r
      for kind in ["ate", "att", "atc"]:
          r = horvitz_thompson(X, t, y, e, kind)
          r["ci95"] = [r["estimate"] - z * r["se"], r["estimate"] + z * r["se"]]
          r["p_value"] = float(2 * stats.norm.sf(abs(r["estimate"] / r["se"])))
          res["horvitz_thompson"][kind] = r
      res["overlap_ato"] = res["hajek"].pop("ato")

      xcheck = {"statsmodels_logit_coef_max_abs_diff": max_abs_diff(smfit.params, beta)}
      # Self-check of the analytic Jacobians for the Horvitz-Thompson equations: central differences.
      def ht_psi(theta, kind):
          b, tau = theta[:-1], theta[-1]
          ee = expit(X @ b)
          if kind == "ate":
              g = t * y / ee - (1 - t) * y / (1 - ee) - tau
          elif kind == "att":
              g = t * y - (1 - t) * y * ee / (1 - ee) - t * tau
          else:
              g = t * y * (1 - ee) / ee - (1 - t) * y - (1 - t) * tau
          return np.column_stack([X * (t - ee)[:, None], g])
      worst = 0.0
      for kind in ["ate", "att", "atc"]:
          th = np.append(beta, res["horvitz_thompson"][kind]["estimate"])
          Dn = np.zeros((len(th), len(th)))
          for j in range(len(th)):
              h = 1e-6 * max(abs(th[j]), 1e-3 / max(np.std(X[:, j]) if j < X.shape[1] and j > 0 else 1.0, 1e-12))
              tp, tm = th.copy(), th.copy(); tp[j] += h; tm[j] -= h
              Dn[:, j] = (ht_psi(tp, kind).sum(0) - ht_psi(tm, kind).sum(0)) / (2 * h)
          psi = ht_psi(th, kind)
          se_num = float(np.sqrt(sandwich(psi, Dn, n)[-1, -1]))
          worst = max(worst, abs(se_num / res["horvitz_thompson"][kind]["se"] - 1))
      xcheck["horvitz_thompson_se_numerical_jacobian_max_rel_diff"] = worst
      # DoWhy corpus: unpenalised ("_mle") propensity coefficients, if recorded
      try:
          cj = load_json(CASES / cfg["dowhy_case"] / "case.json")
          dw = {}
          for est in cj["estimates"]:
              if est["id"].startswith("psw_ips_weight_") and est["id"].endswith("_mle") and est.get("propensity_model"):
                  pm = est["propensity_model"]
                  cf = dict(zip(pm["feature_names"], pm["coef"]))
                  mine = dict(zip(Wn, beta[1:]))
                  tgt = est["target_units"]
                  ref = res["hajek"][tgt]["estimate"] if tgt in res["hajek"] else None
                  dw[est["id"]] = {"dowhy_value": est["value"], "reference_value": ref,
                                   "abs_diff": abs(est["value"] - ref) if ref is not None else None,
                                   "propensity_coef_max_abs_diff": max([abs(cf[k] - mine[k]) for k in Wn] +
                                                                       [abs(pm["intercept"] - beta[0])])}
          # DoWhy clips the scores to [0.05, 0.95] before weighting; reproduce that to explain any gap.
          ec = np.clip(e, 0.05, 0.95)
          for k, v in dw.items():
              kind = k.split("_")[3]
              v["reference_with_dowhy_clipping_0.05_0.95"] = hajek(X, t, y, ec, kind)["estimate"]
              v["n_scores_clipped"] = int(np.sum((e < 0.05) | (e > 0.95)))
          xcheck["dowhy_corpus_hajek_mle"] = dw
      except Exception as ex:
          xcheck["dowhy_corpus_error"] = repr(ex)
      rx = note_r(d / "r_crosscheck.json")
      if rx is not None:
          def cmp(src):
              diffs = {}
              for lab, ref in [("IPW", res["hajek"]["ate"]), ("treated", res["hajek"]["att"]),
                               ("control_via_trtgrp0", res["hajek"]["atc"]), ("overlap", res["overlap_ato"])]:
                  diffs[lab] = {"estimate_abs_diff": abs(src[lab]["estimate"] - ref["estimate"]),
                                "se_rel_diff": abs(src[lab]["se"] - ref["se"]) / ref["se"]}
              return diffs
          xcheck["PSweight_raw_covariates"] = {
              "values": {k: rx[k] for k in ["IPW", "treated", "control_via_trtgrp0", "overlap"]}, "diffs": cmp(rx)}
          xcheck["PSweight_standardised_covariates"] = {
              "values": rx["standardised_covariates"], "diffs": cmp(rx["standardised_covariates"])}
          xcheck["PSweight_note"] = ("PSweight 2.1.2 builds A with numDeriv::jacobian; on raw Lalonde earnings "
                                     "(re74/re75 in dollars) that Jacobian is badly conditioned and its SEs are wrong "
                                     "(e.g. 0.008 for the ATE). Standardising the covariates (same propensity scores, "
                                     "same estimand) removes the problem; compare with the standardised run.")
          xcheck["propensity_max_abs_diff_vs_R_glm"] = max_abs_diff(rx["pscore_first20"], e[:20])
      out = {
          "case": CASE,
          "data": f"copy of {cfg['src'].relative_to(SHARED.parent) if SHARED.parent in cfg['src'].parents else cfg['src']}",
          "roles": {"treatment": T, "outcome": Y, "propensity_covariates": Wn},
          "n": n, "n_treated": int(t.sum()), "n_control": int(n - t.sum()),
          "propensity_model": {"design_columns": ["const"] + Wn, "coef": beta, "newton_iterations": iters,
                               "se_classical": np.sqrt(np.diag(np.linalg.inv((X * (e * (1 - e))[:, None]).T @ X))),
                               "pscore_first20": e[:20], "pscore_min": float(e.min()), "pscore_max": float(e.max())},
          "weights": {"hajek_ate": "treated 1/e, control 1/(1-e); normalised within arm",
                      "hajek_att": "treated 1, control e/(1-e); normalised within arm",
                      "hajek_atc": "treated (1-e)/e, control 1; normalised within arm",
                      "overlap_ato": "treated 1-e, control e; normalised within arm",
                      "ht_ate": "(1/n) sum[T Y/e - (1-T) Y/(1-e)]",
                      "ht_att": "(1/n1) sum[T Y - (1-T) Y e/(1-e)]",
                      "ht_atc": "(1/n0) sum[T Y (1-e)/e - (1-T) Y]"},
          "se_method": "M-estimation sandwich V = A^-1 B A^-T / n, stacked logistic score + estimator equations, analytic A; "
                       "'se_propensity_treated_as_known' drops the score equations",
          "ci": "normal, 1.959963984540054",
          "estimates": res,
          "crosschecks": xcheck,
          "authority": "numpy M-estimation (this script), cross-checked with R PSweight (numerical Jacobian)",
          "versions": versions("statsmodels"),
      }
      dump_json(out, d / "expected.json")
      print(CASE, {k: (v["estimate"], v["se"]) for k, v in res["hajek"].items()}, res["overlap_ato"]["estimate"], worst)
      if rx is not None:
          print("  PSweight std diffs", xcheck["PSweight_standardised_covariates"]["diffs"])


if __name__ == "__main__":
    main()
