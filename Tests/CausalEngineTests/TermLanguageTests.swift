import Foundation
import NumericKernels
import StudyModel
import Tabular
import Testing

@testable import CausalEngine

/// The term language, effect modifiers with their main effects, treatment
/// interactions and standardisation, against R `lm` + `sandwich`,
/// statsmodels and marginaleffects (Fixtures/terms_*; scripts/terms.py and
/// terms.R; definitions in Fixtures/README.md).
///
/// Tolerances: 1e-9 relative for OLS (closed forms; the fixtures agree with
/// a second implementation to about 1e-13), 1e-7 for the logistic model
/// (IRLS converged to 1e-10 in each implementation).
@Suite("Term language, modifiers and standardisation")
struct TermLanguageTests {
  static let effects: [(EffectKind, String)] = [
    (.averageTreatmentEffect, "ate"), (.averageTreatmentEffectOnTreated, "att"),
    (.averageTreatmentEffectOnControls, "atc"),
  ]

  /// The fixture's model block.
  static func model(_ fixture: String, _ id: String) -> JSONNode { EngineFixtures.expected(fixture)["models"][id] }

  /// Checks value, SE and interval of each effect the fixture gives, under `covariance` (a fixture key).
  static func checkEffects(
    _ problem: (EffectKind) -> EstimationProblem, _ expected: JSONNode, covariance: String?, tolerance: Double,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    for (effect, key) in effects {
      let e = expected["estimates"][key]
      guard e.value != nil, !(e.value is NSNull) else { continue }
      let result = try MethodEstimator(LinearRegressionEstimator()).estimate(problem(effect))
      let reference = covariance.map { e["by_cov"][$0] } ?? e
      expectClose(result.value, e["value"].double, relative: tolerance, "\(key) value", sourceLocation: sourceLocation)
      expectClose(
        result.standardError, reference["std_error"].double, relative: tolerance, "\(key) se",
        sourceLocation: sourceLocation)
      expectClose(
        result.confidenceInterval?[0], reference["ci"][0].double, relative: tolerance, "\(key) lower",
        sourceLocation: sourceLocation)
    }
  }

  @Test("a randomised trial with a modifier: its main effect is in the model, the subgroup difference is found")
  func modifierInTrial() throws {
    let data = try EngineFixtures.data("terms_modifier_rct")
    let expected = Self.model("terms_modifier_rct", "linear_regression")
    let problem = EngineFixtures.problem(
      data, method: .linearRegression, treatment: "t", outcome: "y", modifiers: ["m"])
    let result = try LinearRegressionEstimator().estimate(problem)
    #expect(result.models.first?.columns == expected["design_columns"].array.compactMap(\.string))
    expectClose(result.value, expected["estimates"]["ate"]["value"].double, relative: 1e-9, "ate")
    expectClose(result.standardError, expected["estimates"]["ate"]["std_error"].double, relative: 1e-9, "ate se")
    let levels = expected["conditional_effects"].array
    #expect(result.conditionalEffects.count == levels.count)
    for (ours, theirs) in zip(result.conditionalEffects, levels) {
      #expect(ours.level == theirs["level"].string.map { $0 } ?? "")
      #expect(ours.n == theirs["n"].int)
      expectClose(ours.value, theirs["value"].double, relative: 1e-9, "m=\(ours.level)")
      expectClose(ours.standardError, theirs["std_error"].double, relative: 1e-9, "m=\(ours.level) se")
    }
    let test = try #require(result.heterogeneity.first)
    let reference = expected["heterogeneity"][0]
    #expect(test.modifier == "m" && test.df == reference["df"].int)
    expectClose(test.statistic, reference["statistic"].double, relative: 1e-9, "Wald statistic")
    // The subgroup effects differ (1 against 4 in the simulation): the design without the
    // main effect, which Assay fitted before, found no difference.
    #expect((test.pValue ?? 1) < 1e-10)
    try Self.checkEffects(
      {
        EngineFixtures.problem(
          data, method: .linearRegression, treatment: "t", outcome: "y", modifiers: ["m"], effect: $0)
      },
      expected, covariance: nil, tolerance: 1e-9)
  }

  @Test("an observational study with a text and a binned modifier: levels, bins, tests (OLS and logit)")
  func modifiersObservational() throws {
    let data = try EngineFixtures.data("terms_modifier_observational")
    let ols = Self.model("terms_modifier_observational", "linear_regression")
    try Self.checkEffects(
      {
        EngineFixtures.problem(
          data, method: .linearRegression, treatment: "t", outcome: "y", adjustment: ["W1", "W2"],
          modifiers: ["region", "age"], effect: $0)
      }, ols, covariance: nil, tolerance: 1e-9)
    let result = try LinearRegressionEstimator().estimate(
      EngineFixtures.problem(
        data, method: .linearRegression, treatment: "t", outcome: "y", adjustment: ["W1", "W2"],
        modifiers: ["region", "age"]))
    #expect(Set(result.models.first?.columns ?? []) == Set(ols["design_columns"].array.compactMap(\.string)))
    let groups = ols["conditional_effects"].array
    #expect(result.conditionalEffects.count == groups.count)
    for (ours, theirs) in zip(result.conditionalEffects, groups) {
      #expect(ours.modifier == theirs["modifier"].string && ours.n == theirs["n"].int)
      expectClose(ours.value, theirs["value"].double, relative: 1e-9, "\(ours.modifier) \(ours.level)")
      expectClose(ours.standardError, theirs["std_error"].double, relative: 1e-9, "\(ours.modifier) \(ours.level) se")
    }
    for (ours, theirs) in zip(result.heterogeneity, ols["heterogeneity"].array) {
      #expect(ours.modifier == theirs["modifier"].string && ours.df == theirs["df"].int)
      expectClose(ours.statistic, theirs["statistic"].double, relative: 1e-9, "\(ours.modifier) Wald")
    }

    let logit = Self.model("terms_modifier_observational", "glm_logit")
    let glm = try GeneralizedLinearModelEstimator().estimate(
      EngineFixtures.problem(
        data, method: .generalizedLinearModel, treatment: "t", outcome: "yb", adjustment: ["W1", "W2"],
        modifiers: ["region", "age"]))
    expectClose(glm.value, logit["estimates"]["ate"]["value"].double, relative: 1e-7, "logit ate")
    expectClose(glm.standardError, logit["estimates"]["ate"]["std_error"].double, relative: 1e-7, "logit ate se")
    for (ours, theirs) in zip(glm.conditionalEffects, logit["conditional_effects"].array) {
      expectClose(ours.value, theirs["value"].double, relative: 1e-7, "logit \(ours.modifier) \(ours.level)")
      expectClose(ours.standardError, theirs["std_error"].double, relative: 1e-7, "logit \(ours.level) se")
    }
    for (ours, theirs) in zip(glm.heterogeneity, logit["heterogeneity"].array) {
      expectClose(ours.statistic, theirs["statistic"].double, relative: 1e-6, "logit \(ours.modifier) Wald")
    }
  }

  @Test("terms with the treatment: t:x, a treatment power, and cluster-robust SEs, by standardisation")
  func treatmentTerms() throws {
    let data = try EngineFixtures.data("terms_treatment_interaction")
    let cases: [(id: String, treatment: String, outcome: String, terms: [String], t1: Double)] = [
      ("linear_regression", "treat", "y", ["treat:x"], 1),
      ("dose_power", "dose", "y_dose", ["dose^2"], 2),
      ("dose_power_interaction", "dose", "y_dose", ["dose^2", "dose:x"], 2),
    ]
    for c in cases {
      let expected = Self.model("terms_treatment_interaction", c.id)
      for (se, key) in [("hc1", "HC1"), ("cluster", "CR1")] {
        try Self.checkEffects(
          {
            EngineFixtures.problem(
              data, method: .linearRegression, treatment: c.treatment, outcome: c.outcome, adjustment: ["x"],
              effect: $0,
              params: [
                "outcome_terms": .list(c.terms.map(ParameterValue.string)), "se": .string(se),
              ].merging(se == "cluster" ? ["cluster": .string("cluster")] : [:]) { a, _ in a },
              treatmentValue: c.t1, controlValue: 0)
          }, expected, covariance: key, tolerance: 1e-9)
      }
    }
  }

  @Test("NHEFS: log, sqrt, poly, ns, C(x, ref = ...), a*b, and a modifier (R lm is the authority)")
  func transforms() throws {
    let kinds: [String: ColumnKind] = ["education": .categorical, "exercise": .categorical, "active": .categorical]
    let used = [
      "qsmk", "wt82_71", "sex", "race", "age", "education", "smokeintensity", "smokeyrs", "exercise", "active", "wt71",
    ]
    let adjustment = ["sex", "race", "age", "education", "smokeintensity", "smokeyrs", "exercise", "active", "wt71"]
    for id in ["book_program_13_2", "adjustment_plus_transforms", "term_language", "term_language_modifier_sex"] {
      let expected = Self.model("terms_transforms", id)
      let spec = expected["engine_spec"]
      let declared = spec["categorical"].array.isEmpty ? [:] : kinds
      let data = try EngineFixtures.data("terms_transforms", columns: used, kinds: declared, dropMissing: true)
      #expect(data.rowCount == expected["n_used"].int)
      let modifiers = spec["effect_modifiers"].array.compactMap(\.string)
      let terms = spec["outcome_terms"].array.compactMap(\.string)
      let result = try LinearRegressionEstimator().estimate(
        EngineFixtures.problem(
          data, method: .linearRegression, treatment: "qsmk", outcome: "wt82_71", adjustment: adjustment,
          modifiers: modifiers, params: ["outcome_terms": .list(terms.map(ParameterValue.string))]))
      let model = try #require(result.models.first)
      #expect(Set(model.columns) == Set(expected["design_columns"].array.compactMap(\.string)), "\(id) columns")
      for (name, coefficient) in zip(model.columns, model.coefficients) {
        expectClose(coefficient, expected["coefficients"][name].double, relative: 1e-8, floor: 1e-6, "\(id) \(name)")
      }
      try Self.checkEffects(
        {
          EngineFixtures.problem(
            data, method: .linearRegression, treatment: "qsmk", outcome: "wt82_71", adjustment: adjustment,
            modifiers: modifiers, effect: $0, params: ["outcome_terms": .list(terms.map(ParameterValue.string))])
        }, expected, covariance: nil, tolerance: 1e-8)
    }
  }

  @Test("a categorical treatment, contrast of two of its three levels: regression, weighting, AIPW, matching")
  func categoricalTreatment() throws {
    let fixture = "terms_categorical_treatment"
    let data = try EngineFixtures.data(fixture, kinds: ["arm": .categorical])
    // Codes are the sorted levels: arm "0","1","2" → 0,1,2; arm_label "high","low","mid" → 0,1,2.
    let numeric = (treatment: "arm", treated: 2.0, control: 0.0)
    let text = (treatment: "arm_label", treated: 0.0, control: 1.0)
    for (id, c) in [("linear_regression_numeric_levels", numeric), ("linear_regression_text_levels", text)] {
      let expected = Self.model(fixture, id)
      try Self.checkEffects(
        {
          EngineFixtures.problem(
            data, method: .linearRegression, treatment: c.treatment, outcome: "y", adjustment: ["W1", "W2"],
            effect: $0, treatmentValue: c.treated, controlValue: c.control)
        }, expected, covariance: nil, tolerance: 1e-9)
    }
    let ipw = Self.model(fixture, "ipw_hajek")
    for (key, c) in [("numeric_levels", numeric), ("text_levels", text)] {
      for (effect, name) in Self.effects {
        let e = ipw[key]["estimates"][name]
        let result = try PropensityScoreWeightingEstimator().estimate(
          EngineFixtures.problem(
            data, method: .propensityScoreWeighting, treatment: c.treatment, outcome: "y",
            adjustment: ["W1", "W2"], effect: effect, treatmentValue: c.treated, controlValue: c.control))
        expectClose(result.value, e["value"].double, relative: 1e-9, "ipw \(key) \(name)")
        expectClose(result.standardError, e["std_error"].double, relative: 1e-7, "ipw \(key) \(name) se")
      }
    }
    var aipw = EngineFixtures.problem(
      data, method: .doublyRobust, treatment: "arm", outcome: "y", adjustment: ["W1", "W2"],
      treatmentValue: 2, controlValue: 0)
    aipw.folds = data.values("fold").map { Int($0) }
    let dr = try DoublyRobustEstimator().estimate(aipw)
    let expectedDR = Self.model(fixture, "aipw")["ate_crossfit_given_folds"]
    expectClose(dr.value, expectedDR["value"].double, relative: 1e-8, "aipw ate")
    expectClose(dr.standardError, expectedDR["std_error"].double, relative: 1e-8, "aipw se")
    let matching = Self.model(fixture, "matching")["estimates"]
    for (effect, key) in [(EffectKind.averageTreatmentEffect, "ATE"), (.averageTreatmentEffectOnTreated, "ATT")] {
      let result = try PropensityScoreMatchingEstimator().estimate(
        EngineFixtures.problem(
          data, method: .propensityScoreMatching, treatment: "arm", outcome: "y", adjustment: ["W1", "W2"],
          effect: effect, treatmentValue: 2, controlValue: 0))
      #expect(result.n == matching["\(key)_tol1e-05"]["n"].int)
      expectClose(result.value, matching["\(key)_tol1e-05"]["value"].double, relative: 1e-9, "matching \(key)")
    }
  }

  @Test("the term language reads what R reads and refuses the rest, with the reason")
  func parser() {
    func expand(_ text: String) -> [String] {
      (try? ModelTerm.parse(text).get())?.map(\.description) ?? []
    }
    #expect(expand("a*b") == ["a", "b", "a:b"])
    #expect(expand("a*b*c") == ["a", "b", "c", "a:b", "a:c", "b:c", "a:b:c"])
    #expect(expand("log(x):C(g, ref = 'b')") == ["log(x):C(g, ref = b)"])
    #expect(expand(" poly( age , 3 ) ") == ["poly(age, 3)"])
    #expect(expand("ns(wt71, df = 3)") == ["ns(wt71, 3)"])
    func error(_ text: String) -> String {
      if case .failure(let e) = ModelTerm.parse(text) { return e.message }
      return "parsed"
    }
    #expect(error("exp(x)").hasPrefix("unknown function 'exp'"))
    #expect(error("log(x, 2)").contains("log() takes one variable"))
    #expect(error("poly(x)").contains("poly() takes a variable and a degree"))
    #expect(error("ns(x, 0)") == "the degrees of freedom in 'ns(x, 0)' must be from 1 to 20")
    #expect(error("x^1") == "the power in 'x^1' must be a whole number from 2 to 10")
    #expect(error("a:a").hasPrefix("'a' appears twice"))
    #expect(error("a:") == "missing a variable or a function at the end of term 'a:'")
  }
}
