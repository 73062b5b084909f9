import Foundation
import NumericKernels
import StudyModel
import Testing

@testable import CausalEngine

/// Weak-instrument diagnostics and robust inference against linearmodels 7.1
/// (LIML, 2SLS), statsmodels/numpy (Anderson–Rubin sets), weakivtest's
/// formulas (effective F, critical values) and R AER (first stage)
/// (Fixtures/ivr_*; README: ivr_card, ivr_weak, ivr_mop_worked).
///
/// Tolerances, from the README: closed forms 1e-10 relative; Anderson–Rubin
/// endpoints 1e-9; LIML 1e-9 (linearmodels and numpy agree to 1e-11 on κ and
/// the coefficient); B and the generalized critical values 1e-6 (a numerical
/// maximum); the noncentral χ² quantiles 1e-9 (scipy's ncx2.ppf).
@Suite("Weak instruments: effective F, LIML, Anderson–Rubin (linearmodels, statsmodels, AER)")
struct InstrumentTests {
  struct Fit: Sendable, CustomTestStringConvertible {
    var fixture: String
    var key: String
    var testDescription: String { "\(fixture) \(key)" }
  }

  static let fits = ["ivr_card", "ivr_weak", "ivr_mop_worked"].flatMap { fixture in
    let fits = EngineFixtures.expected(fixture)["fits"]
    return ((fits.value as? [String: Any])?.keys.sorted() ?? []).map { Fit(fixture: fixture, key: $0) }
  }

  @Test("2SLS, LIML, first stage, effective F, critical values and Anderson-Rubin sets", arguments: fits)
  func diagnostics(_ fit: Fit) throws {
    let expected = EngineFixtures.expected(fit.fixture)["fits"][fit.key]
    let outcome = expected["outcome"].string ?? ""
    let treatment = expected["treatment"].string ?? ""
    let controls = expected["controls"].array.compactMap(\.string)
    let instruments = expected["instruments"].array.compactMap(\.string)
    let data = try EngineFixtures.data(
      fit.fixture, columns: [outcome, treatment] + controls + instruments, dropMissing: true)
    #expect(data.rowCount == expected["n"].int)
    let label = fit.testDescription
    for se in ["hc1", "hc0", "classical"] {
      let problem = EngineFixtures.problem(
        data, method: .instrumentalVariable, treatment: treatment, outcome: outcome, adjustment: controls,
        instruments: instruments, params: ["se": .string(se), "instruments": .list(instruments.map { .string($0) })])
      let result = try InstrumentalVariableEstimator().estimate(problem)
      let key = ["hc1": "HC1", "hc0": "HC0", "classical": "classical_debiased"][se] ?? ""
      let tsls = expected["estimators"]["tsls"]
      expectClose(result.value, tsls["coef"].double, relative: 1e-10, "\(label) 2SLS")
      expectClose(result.standardError, tsls[key]["se"].double, relative: 1e-9, "\(label) 2SLS \(key)")
      let record = try #require(result.instrumental)
      let liml = expected["estimators"]["liml"]
      expectClose(record.liml?.estimate, liml["coef"].double, relative: 1e-9, "\(label) LIML")
      expectClose(record.liml?.kappa, liml["kappa"].double, relative: 1e-10, "\(label) LIML κ")
      expectClose(record.liml?.standardError, liml[key]["se"].double, relative: 1e-8, "\(label) LIML \(key) SE")
      guard se == "hc1" else { continue }
      #expect(record.instruments == instruments)
      let first = expected["first_stage"]
      expectClose(record.firstStageF, first["classical"]["F"].double, relative: 1e-9, "\(label) first-stage F")
      expectClose(record.firstStageRobustF, first["HC1"]["F"].double, relative: 1e-9, "\(label) robust F")
      expectClose(record.partialR2, first["partial_r2"].double, relative: 1e-9, "\(label) partial R²")
      let effective = expected["effective_F"]["HC1"]
      expectClose(record.effectiveF, effective["F_eff"].double, relative: 1e-10, "\(label) F_eff")
      expectClose(record.nagarBiasBound, effective["B_TSLS"].double, relative: 1e-6, "\(label) B")
      for value in record.criticalValues {
        let row = effective["critical_values_TSLS_alpha5pct"]["tau_\(Int((value.tau * 100).rounded()))pct"]
        expectClose(
          value.simplified, row["simplified"]["critical_value"].double, relative: 1e-9,
          "\(label) simplified cv τ = \(value.tau)")
        expectClose(
          value.generalized, row["generalized"]["critical_value"].double, relative: 1e-6,
          "\(label) generalized cv τ = \(value.tau)")
      }
      for (set, key) in zip(record.andersonRubin, ["robust_HC1", "homoskedastic"]) {
        let reference = expected["anderson_rubin"][key]
        #expect(set.kind.rawValue == reference["set_type"].string, "\(label) \(key) set type")
        expectClose(set.criticalValue, reference["critical_value"].double, relative: 1e-10, "\(label) \(key) critical")
        expectClose(
          set.limitAtInfinity, reference["limit_at_infinity"].double, relative: 1e-9, "\(label) \(key) limit")
        let pieces = reference["pieces"].array
        #expect(set.pieces.count == pieces.count, "\(label) \(key) pieces")
        for (p, r) in zip(set.pieces, pieces) {
          for e in 0..<2 {
            if let end = r[e].double {
              expectClose(p[e], end, relative: 1e-9, "\(label) \(key) endpoint")
            } else {
              #expect(p[e] == nil, "\(label) \(key) infinite end")
            }
          }
        }
      }
    }
  }

  @Test("noncentral chi-square quantiles (scipy.stats.ncx2.ppf; weakivtest's k = 1 value 23.1085 at τ = 10%)")
  func noncentralQuantile() {
    // k = 1, x = 1/τ = 10: cv = χ²′⁻¹(0.95; 1, 10), ivr_card's tau_10pct critical value.
    let cv = EngineFixtures.expected("ivr_card")["fits"]["just_identified_nearc4"]["effective_F"]["HC1"][
      "critical_values_TSLS_alpha5pct"]["tau_10pct"]["simplified"]["critical_value"].double
    expectClose(
      NoncentralChiSquared(degreesOfFreedom: 1, noncentrality: 10).quantile(0.95), cv, relative: 1e-9, "k = 1, λ = 10")
  }
}
