"""evalue/expected.json: VanderWeele & Ding (2017) E-values. Authority: R EValue
(scripts/evalue.R -> evalue/r_evalue.json); this file evaluates the closed forms and compares."""
import numpy as np
from _common import *


def e_rr(rr):
    rr = 1 / rr if rr < 1 else rr
    return rr + np.sqrt(rr * (rr - 1))


def e_ci(est, lo, hi):
    if lo <= 1 <= hi:
        return 1.0
    return e_rr(lo) if est > 1 else e_rr(hi)


def block(rr, lo, hi, note):
    return {"rr_scale": {"point": rr, "lower": lo, "upper": hi},
            "evalue_point": e_rr(rr), "evalue_ci": e_ci(rr, lo, hi), "conversion": note}


d = case_dir("evalue")
res = {
    "rr_3.9": block(3.9, 1.8, 8.7, "risk ratio as given"),
    "rr_0.8": block(0.8, 0.71, 0.91, "risk ratio < 1: E-value of 1/RR; CI limit nearer 1 is the upper limit"),
    "or_2.5_rare": block(2.5, 1.3, 4.8, "rare outcome: RR ~ OR"),
    "or_2.5_common": block(np.sqrt(2.5), np.sqrt(1.3), np.sqrt(4.8), "common outcome: RR ~ sqrt(OR) (limits too)"),
}
est, se, sdy = 1794.34, 632.85, 6631.49
dd, sed = est / sdy, se / sdy
res["ols_1794"] = block(np.exp(0.91 * dd), np.exp(0.91 * dd - 1.78 * sed), np.exp(0.91 * dd + 1.78 * sed),
                        "continuous outcome: d = est/sd(Y) = %r, se_d = se/sd(Y) = %r; RR = exp(0.91 d), "
                        "CI exp(0.91 d -/+ 1.78 se_d)" % (dd, sed))
rx = note_r(d / "r_evalue.json")
checks = {}
if rx is not None:
    mx = 0.0
    for k in ["rr_3.9", "rr_0.8", "or_2.5_rare", "or_2.5_common", "ols_1794"]:
        r = rx[k]
        # rows: first = RR scale (point/lower/upper), second = E-values (point, then the CI E-value in lower or upper)
        ev_ci = r["lower"][1] if r["lower"][1] is not None else r["upper"][1]
        mx = max(mx, abs(r["point"][0] - res[k]["rr_scale"]["point"]), abs(r["point"][1] - res[k]["evalue_point"]),
                 abs(ev_ci - res[k]["evalue_ci"]))
        res[k]["R_EValue"] = r
    checks["R_EValue_max_abs_diff"] = mx
    res["rd_counts_n11_40_n10_60_n01_20_n00_80"] = {
        "counts": {"n11": 40, "n10": 60, "n01": 20, "n00": 80},
        "meaning": "n11 = exposed with outcome, n10 = exposed without, n01 = unexposed with, n00 = unexposed without",
        "risk_difference": 40 / 100 - 20 / 100,
        "R_EValue_evalues.RD": rx["rd_counts"],
        "note": "EValue::evalues.RD (Ding & VanderWeele 2016) finds the E-value for a risk difference numerically "
                "(grid 1e-4 for the CI); no closed form is reproduced here. The point E-value equals the risk-ratio "
                "E-value of p1/p0 = 2 when true = 0."}
out = {"definitions": "E(RR) = RR + sqrt(RR (RR - 1)) for RR >= 1 (1/RR below 1); CI E-value from the limit nearer 1, "
                      "1 if the CI contains 1 (VanderWeele & Ding 2017)",
       "cases": res, "crosschecks": checks, "authority": "R EValue; closed forms agree",
       "versions": versions()}
dump_json(out, d / "expected.json")
print({k: (v["evalue_point"], v["evalue_ci"]) for k, v in res.items() if "evalue_point" in v}, checks)
