#!/usr/bin/env python3
"""Writes cases/<case>.expected.json for the corpus's computed cases.

Every number comes from the reference fixtures under
Tests/CausalEngineTests/Fixtures/terms_*/expected.json, which the scripts in
Tests/CausalEngineTests/Fixtures/scripts/ made with statsmodels and patsy
(cross-checked with R lm + sandwich, nnet::multinom, PSweight and Matching;
see each fixture's "authority" and "crosschecks"). This script only selects
the estimate each case's study asks for; it computes nothing.

Run from this folder: python3 expectations.py
"""
import json
import os

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "CausalEngineTests", "Fixtures")

# Relative tolerances. Least squares, the delta method and the Wald tests agree with statsmodels
# to ~1e-13 (summation order only): 1e-10. The logit and multinomial fits are iterated to a step
# below 1e-12 in both implementations: 1e-9. Matching compares values only (its standard error
# convention is documented in the fixture).
OLS, GLM, IPW, MATCH = 1e-10, 1e-9, 1e-9, 1e-9


def model(fixture, key):
    with open(os.path.join(FIXTURES, fixture, "expected.json")) as f:
        return json.load(f)["models"][key]


def regression(fixture, key, effect, name, tolerance, conditional=False):
    m = model(fixture, key)
    e = m["estimates"][effect]
    out = {"value": e["value"], "std_error": e["std_error"], "tolerance": tolerance,
           "source": f"{fixture}/expected.json: models.{key}.estimates.{effect}"}
    if conditional:
        out["conditional_effects"] = [
            {"modifier": c["modifier"], "level": c["level"], "n": c["n"], "value": c["value"],
             "std_error": c["std_error"]} for c in m["conditional_effects"]]
        out["heterogeneity"] = [
            {"modifier": h["modifier"], "statistic": h["statistic"], "df": h["df"], "p_value": h["p_value"]}
            for h in m["heterogeneity"]]
    return {name: out}


def cluster(fixture, key, effect, name):
    e = model(fixture, key)["estimates"][effect]
    return {name: {"value": e["value"], "std_error": e["by_cov"]["CR1"]["std_error"], "tolerance": OLS,
                   "source": f"{fixture}/expected.json: models.{key}.estimates.{effect}.by_cov.CR1"}}


def ipw(fixture, levels, effect, name):
    m = model(fixture, "ipw_hajek")[levels]["estimates"][effect]
    return {name: {"value": m["value"], "std_error": m["std_error"], "tolerance": IPW,
                   "source": f"{fixture}/expected.json: models.ipw_hajek.{levels}.estimates.{effect}"}}


def ipw_plain(fixture, effect, name):
    m = model(fixture, "propensity_score_weighting")["estimates"][effect]
    return {name: {"value": m["value"], "std_error": m["std_error"], "tolerance": IPW,
                   "source": f"{fixture}/expected.json: models.propensity_score_weighting.estimates.{effect}"}}


def matching(fixture, key, name):
    m = model(fixture, "matching")["estimates"][key]
    return {name: {"value": m["value"], "tolerance": MATCH, "n": m["n"],
                   "source": f"{fixture}/expected.json: models.matching.estimates.{key} (R Matching)"}}


RCT, OBS, TI, CAT, NHEFS, MISS = ("terms_modifier_rct", "terms_modifier_observational",
                                  "terms_treatment_interaction", "terms_categorical_treatment",
                                  "terms_transforms", "terms_missing_per_model")
CASES = {
    "c01-modifier-rct-ate": regression(RCT, "linear_regression", "ate", "ols", OLS, conditional=True),
    "c02-modifier-rct-att": regression(RCT, "linear_regression", "att", "ols", OLS, conditional=True),
    "c03-modifier-observational-ols": regression(OBS, "linear_regression", "ate", "ols", OLS, conditional=True),
    "c04-modifier-observational-atc": regression(OBS, "linear_regression", "atc", "ols", OLS, conditional=True),
    "c05-modifier-observational-logit": regression(OBS, "glm_logit", "ate", "logit", GLM, conditional=True),
    "c06-treatment-interaction": regression(TI, "linear_regression", "ate", "ols", OLS),
    "c07-treatment-interaction-cluster-att": cluster(TI, "linear_regression", "att", "ols"),
    "c08-dose-power": regression(TI, "dose_power", "ate", "ols", OLS),
    "c09-dose-power-interaction": regression(TI, "dose_power_interaction", "ate", "ols", OLS),
    "c10-categorical-treatment-levels": {
        **regression(CAT, "linear_regression_numeric_levels", "ate", "ols", OLS),
        **ipw(CAT, "numeric_levels", "ate", "ipw"),
        **matching(CAT, "ATE_tol1e-05", "psm"),
    },
    "c11-categorical-treatment-text-att": {
        **regression(CAT, "linear_regression_text_levels", "att", "ols", OLS),
        **ipw(CAT, "text_levels", "att", "ipw"),
    },
    "c12-categorical-treatment-matching-att": matching(CAT, "ATT_tol1e-05", "psm"),
    "c13-nhefs-book-program": regression(NHEFS, "book_program_13_2", "ate", "ols", OLS),
    "c14-nhefs-transforms": regression(NHEFS, "adjustment_plus_transforms", "ate", "ols", OLS),
    "c15-nhefs-term-language": regression(NHEFS, "term_language", "ate", "ols", OLS),
    "c16-nhefs-modifier-sex": regression(NHEFS, "term_language_modifier_sex", "ate", "ols", OLS,
                                         conditional=True),
    "c17-missing-per-model": {
        **regression(MISS, "linear_regression", "ate", "ols", OLS),
        **ipw_plain(MISS, "ate", "ipw"),
    },
}

def weighted(configuration, effect, name, key):
    with open(os.path.join(FIXTURES, "weights_clusters", "expected.json")) as f:
        e = json.load(f)["methods"][key]["results"][configuration][effect]
    return {name: {"value": e["value"], "std_error": e["std_error"], "tolerance": 1e-7 if key != "linear_regression" else OLS,
                   "source": f"weights_clusters/expected.json: methods.{key}.results.{configuration}.{effect}"}}


CASES["c18-weights-and-clusters"] = {
    **weighted("weights_cluster", "ate", "ols", "linear_regression"),
    **weighted("weights_cluster", "ate", "ipw", "propensity_score_weighting"),
}

def did(configuration, aggregation, name):
    with open(os.path.join(FIXTURES, "did_mpdta", "r_did.json")) as f:
        e = json.load(f)["cs"][configuration][aggregation]
    return {name: {"value": e["overall_att"], "std_error": e["overall_se"], "tolerance": 1e-7,
                   "source": f"did_mpdta/r_did.json (R did 2.1.2): cs.{configuration}.{aggregation}"}}


def fixest(name):
    with open(os.path.join(FIXTURES, "did_mpdta", "r_did.json")) as f:
        e = json.load(f)["twfe"]
    return {name: {"value": e["coefficient"], "std_error": e["std_error"], "tolerance": 1e-8,
                   "source": "did_mpdta/r_did.json (R fixest 0.14.2): twfe"}}


CASES["c20-staggered-adoption-mpdta"] = {
    **did("nevertreated_dr_varying_nocov", "simple", "cs"),
    **did("notyettreated_dr_varying_nocov", "calendar", "cs_not_yet_calendar"),
    **did("nevertreated_reg_varying_lpop", "dynamic", "cs_regression_lpop_dynamic"),
    **did("nevertreated_ipw_varying_lpop", "simple", "cs_ipw_lpop"),
    **fixest("twfe"),
}

CASES["c19-instrument-weights-and-clusters"] = {
    **weighted("weights_cluster", "effect", "tsls", "instrumental_variable"),
}

if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    for case, estimates in CASES.items():
        with open(os.path.join(here, "cases", case + ".expected.json"), "w") as f:
            json.dump({"estimates": estimates}, f, indent=1, sort_keys=True)
            f.write("\n")
    print(f"wrote {len(CASES)} expectation files")
