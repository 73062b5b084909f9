#!/usr/bin/env python3
"""Convert the NIST StRD linear-regression .dat files in Fixtures/nist/ to JSON.

Run from the repository root:
    /work/scratch/venv/bin/python Tests/NumericKernelsTests/Fixtures/scripts/make_nist.py

Input : Tests/NumericKernelsTests/Fixtures/nist/<Name>.dat   (verbatim NIST files)
Output: Tests/NumericKernelsTests/Fixtures/nist/<Name>.json

Only the Python standard library is used.  Every number is parsed from the
.dat text; the original decimal strings of the certified values are kept in
"certified_text" so that nothing is lost to binary rounding.  The JSON numbers
are written with repr(), i.e. the shortest string that round-trips to the same
IEEE-754 double.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
NIST_DIR = os.path.normpath(os.path.join(HERE, "..", "nist"))

# name -> (intercept, polynomial degree or None, predictor names)
SPECS = {
    "Norris":   (True, 1, ["x"]),
    "Pontius":  (True, 2, ["x"]),
    "NoInt1":   (False, 1, ["x"]),
    "NoInt2":   (False, 1, ["x"]),
    "Filip":    (True, 10, ["x"]),
    "Longley":  (True, None, ["x1", "x2", "x3", "x4", "x5", "x6"]),
    "Wampler1": (True, 5, ["x"]),
    "Wampler2": (True, 5, ["x"]),
    "Wampler3": (True, 5, ["x"]),
    "Wampler4": (True, 5, ["x"]),
    "Wampler5": (True, 5, ["x"]),
}

LONGLEY_DESCRIPTIONS = [
    "x1: GNP implicit price deflator (1954 = 100)",
    "x2: gross national product",
    "x3: unemployment",
    "x4: size of armed forces",
    "x5: non-institutional population age 14 and over",
    "x6: year",
]

NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"


def model_text(intercept, degree, predictors):
    if degree is None:
        terms = ["B0"] + ["B%d*%s" % (i + 1, p) for i, p in enumerate(predictors)]
    else:
        terms = (["B0"] if intercept else []) + [
            "B%d*x" % k if k == 1 else "B%d*x^%d" % (k, k) for k in range(1, degree + 1)
        ]
    return "y = " + " + ".join(terms) + " + e"


def parse(name):
    path = os.path.join(NIST_DIR, name + ".dat")
    with open(path, "r", encoding="ascii") as fh:
        lines = fh.read().split("\n")

    header = "\n".join(lines[:60])
    m = re.search(r"Data\s+\(lines\s+(\d+)\s+to\s+(\d+)\)", header)
    first, last = int(m.group(1)), int(m.group(2))
    m = re.search(r"(Lower|Average|Higher) Level of Difficulty", header)
    difficulty = m.group(1).lower()
    m = re.search(r"(\d+) Observations", header)
    n_obs = int(m.group(1))

    coef_txt, se_txt = [], []
    resid_sd_txt = r2_txt = None
    anova = {}
    for ln in lines[:60]:
        mm = re.match(r"^\s*B(\d+)\s+(%s)\s+(%s)\s*$" % (NUM, NUM), ln)
        if mm:
            # NoInt1/NoInt2 label their single parameter B1; all other sets start at B0.
            expected = len(coef_txt) + (0 if SPECS[name][0] else 1)
            assert int(mm.group(1)) == expected, (name, ln)
            coef_txt.append(mm.group(2))
            se_txt.append(mm.group(3))
            continue
        mm = re.match(r"^\s*Standard Deviation\s+(%s)\s*$" % NUM, ln)
        if mm:
            resid_sd_txt = mm.group(1)
            continue
        mm = re.match(r"^\s*R-Squared\s+(%s)\s*$" % NUM, ln)
        if mm:
            r2_txt = mm.group(1)
            continue
        mm = re.match(r"^(Regression|Residual)\s+(\d+)\s+(%s)\s+(%s)(?:\s+(%s|Infinity))?\s*$"
                      % (NUM, NUM, NUM), ln)
        if mm:
            anova[mm.group(1).lower()] = mm.groups()[1:]

    data_rows = []
    for ln in lines[first - 1:last]:
        toks = ln.split()
        if toks:
            data_rows.append(toks)
    assert len(data_rows) == n_obs, (name, len(data_rows), n_obs)

    intercept, degree, predictors = SPECS[name]
    ncols = 1 + len(predictors)
    for r in data_rows:
        assert len(r) == ncols, (name, r)
    y_txt = [r[0] for r in data_rows]
    x_txt = [[r[1 + j] for r in data_rows] for j in range(len(predictors))]

    n_params = (1 if intercept else 0) + (degree if degree is not None else len(predictors))
    assert len(coef_txt) == n_params, (name, len(coef_txt), n_params)

    reg, res = anova["regression"], anova["residual"]
    anova_txt = {
        "regression_df": reg[0], "regression_ss": reg[1], "regression_ms": reg[2],
        "f_statistic": reg[3],
        "residual_df": res[0], "residual_ss": res[1], "residual_ms": res[2],
    }

    def num(s):
        return None if s is None or s == "Infinity" else float(s)

    out = {
        "name": name,
        "source": ("NIST StRD https://www.itl.nist.gov/div898/strd/lls/data/%s.shtml "
                   "(data file https://www.itl.nist.gov/div898/strd/lls/data/LINKS/DATA/%s.dat) "
                   "(public domain); copied from github.com/mathnet/mathnet-numerics "
                   "data/NIST/%s.dat at commit 84e9432bc1e8a6b2ae7acd32cda4175abeaeaed1"
                   % (name, name, name)),
        "difficulty": difficulty,
        "model": model_text(intercept, degree, predictors),
        "intercept": intercept,
        "polynomial_degree": degree,
        "predictors": predictors,
        "n_observations": n_obs,
        "x": [[float(v) for v in col] for col in x_txt],
        "y": [float(v) for v in y_txt],
        "certified": {
            "coefficients": [float(v) for v in coef_txt],
            "standard_errors": [float(v) for v in se_txt],
            "residual_standard_deviation": float(resid_sd_txt),
            "r_squared": float(r2_txt),
            "residual_degrees_of_freedom": int(anova_txt["residual_df"]),
            "residual_sum_of_squares": float(anova_txt["residual_ss"]),
            "regression_sum_of_squares": float(anova_txt["regression_ss"]),
            "f_statistic": num(anova_txt["f_statistic"]),
        },
        "certified_text": {
            "coefficients": coef_txt,
            "standard_errors": se_txt,
            "residual_standard_deviation": resid_sd_txt,
            "r_squared": r2_txt,
            "anova": anova_txt,
        },
        "notes": [],
    }
    if degree is not None and not intercept:
        out["notes"].append("Design matrix: the single column x (no intercept).")
    elif degree == 1:
        out["notes"].append("Design matrix columns: 1 (intercept), x; coefficients are listed in that order.")
    elif degree is not None:
        out["notes"].append(
            "Design matrix columns: 1 (intercept), x^1 ... x^%d built from the single predictor x; "
            "coefficients are listed in that order." % degree)
    if not intercept:
        out["notes"].append("Regression through the origin; the single coefficient is NIST's B1. "
                            "NIST's R-squared for this model is the uncentered one: 1 - RSS/sum(y^2).")
    if name == "Longley":
        out["notes"].append("Design matrix columns: 1 (intercept), x1..x6. " + "; ".join(LONGLEY_DESCRIPTIONS))
    if name in ("Wampler1", "Wampler2"):
        out["notes"].append("Exact fit: certified standard errors and residual SD are 0 and F is Infinity "
                            "(f_statistic = null).")
    # Data strings are short decimals (<= 10 significant digits), so repr(float(s))
    # denotes the same double as s; keep the text anyway for exactness checks.
    out["x_text"] = x_txt
    out["y_text"] = y_txt
    return out


def main():
    for name in SPECS:
        d = parse(name)
        path = os.path.join(NIST_DIR, name + ".json")
        with open(path, "w", encoding="ascii") as fh:
            json.dump(d, fh, indent=2)
            fh.write("\n")
        print("wrote", os.path.relpath(path), "n =", d["n_observations"], "params =",
              len(d["certified"]["coefficients"]))


if __name__ == "__main__":
    sys.exit(main())
