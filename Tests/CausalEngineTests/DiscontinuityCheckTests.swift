import Foundation
import NumericKernels
import StudyModel
import Testing

@testable import CausalEngine

/// The regression-discontinuity and weak-instrument checks, each against the
/// fixtures' rdrobust, rddensity and weakivtest numbers (Fixtures/rdr_*,
/// ivr_*), and each rule on a case that must pass and one that must fail.
@Suite("RD and IV checks")
struct DiscontinuityCheckTests {
  static func lee() throws -> EstimationProblem {
    let data = try EngineFixtures.data(
      "rdr_lee", columns: ["score", "lagdemvoteshare", "lagdemocrat", "year"], dropMissing: true)
    return EngineFixtures.problem(
      data, method: .regressionDiscontinuity, treatment: "lagdemocrat", outcome: "score",
      params: ["running_variable": .string("lagdemvoteshare"), "cutoff": .number(0.5)])
  }

  @Test("rd_placebo_cutoffs: the medians of each side, as rdr_placebo_cutoffs (robust p 0.51 and 0.88)")
  func placeboCutoffs() throws {
    let expected = EngineFixtures.expected("rdr_placebo_cutoffs")["fits"]
    let record = try Simulated.refute(
      .discontinuityPlaceboCutoffs, problem: try Self.lee(), estimator: RegressionDiscontinuityEstimator())
    #expect(record.verdict == .passed)
    #expect(record.fits.count == 2)
    for (fit, key) in zip(
      record.fits, ["placebo_left_median_mserd_triangular_p1_nn", "placebo_right_median_mserd_triangular_p1_nn"])
    {
      let reference = expected[key]
      expectClose(fit.at, reference["options"]["c"].double, relative: 1e-15, "\(key) cutoff")
      expectClose(fit.estimate, reference["conventional"]["estimate"].double, relative: 1e-8, "\(key) estimate")
      expectClose(fit.pValue, reference["robust"]["p_value"].double, relative: 1e-7, "\(key) robust p")
      expectClose(fit.bandwidth, reference["h"]["left"].double, relative: 1e-8, "\(key) h")
    }
    #expect(record.threshold == 0.025)
  }

  @Test("rd_bandwidth_sensitivity: the b = h grid of rdr_placebo_cutoffs")
  func bandwidthSensitivity() throws {
    let expected = EngineFixtures.expected("rdr_placebo_cutoffs")["fits"]
    let record = try Simulated.refute(
      .discontinuityBandwidthSensitivity, problem: try Self.lee(), estimator: RegressionDiscontinuityEstimator())
    #expect(record.fits.count == 5)
    for (fit, m) in zip(record.fits, ["0.5", "0.75", "1.0", "1.25", "1.5"]) {
      let reference = expected["h_x\(m)_mse_b_eq_h"]
      expectClose(fit.bandwidth, reference["h"]["left"].double, relative: 1e-8, "\(m) h")
      expectClose(fit.estimate, reference["conventional"]["estimate"].double, relative: 1e-8, "\(m) estimate")
      expectClose(fit.standardError, reference["robust"]["std_error"].double, relative: 1e-8, "\(m) robust SE")
    }
    // Lee's estimate moves from 22.8 (h/2) to 18.2: 22.8 is outside the robust interval [14.5, 22.4].
    #expect(record.verdict == .failed)
    #expect(record.fits.first?.passed == false)
    #expect(record.fits.dropFirst().allSatisfy { $0.passed })
  }

  @Test("rd_covariate_balance: a pre-determined covariate as the outcome (rdr_lee balance_year)")
  func covariateBalance() throws {
    let reference = EngineFixtures.expected("rdr_lee")["fits"]["balance_year_mserd_triangular_p1_nn"]
    let record = try Simulated.refute(
      .discontinuityCovariateBalance, problem: try Self.lee(), estimator: RegressionDiscontinuityEstimator(),
      ["covariates": .list([.string("year")])])
    #expect(record.fits.map(\.label) == ["year"])
    expectClose(record.fits.first?.estimate, reference["conventional"]["estimate"].double, relative: 1e-8, "jump")
    expectClose(record.fits.first?.pValue, reference["robust"]["p_value"].double, relative: 1e-7, "robust p")
    #expect(record.verdict == .passed)  // p = 0.079 ≥ 0.05
    // The treatment is refused as a covariate at validation; at run time no covariate is an error.
    let none = try Simulated.refute(
      .discontinuityCovariateBalance, problem: try Self.lee(), estimator: RegressionDiscontinuityEstimator())
    #expect(none.verdict == .error)
  }

  @Test("rd_density passes on clean data and fails on the manipulated running variable (rdr_manipulated)")
  func density() throws {
    let data = try EngineFixtures.data("rdr_manipulated")
    let expected = EngineFixtures.expected("rdr_manipulated")["density_test"]
    for (column, key, verdict) in [
      ("x_clean", "clean", Verdict.passed), ("x_manipulated", "manipulated", .failed),
    ] {
      let outcome = data.values(column).map { 1 + $0 + ($0 >= 0 ? 1 : 0) }
      let frame = data.replacing("y", with: outcome).replacing(
        "t", with: data.values(column).map { $0 >= 0 ? 1 : 0 }, kind: .binary)
      let problem = EngineFixtures.problem(
        frame, method: .regressionDiscontinuity, treatment: "t", outcome: "y",
        params: ["running_variable": .string(column), "cutoff": .number(0), "bandwidth": .number(0.5)])
      let record = try Simulated.refute(
        .discontinuityDensity, problem: problem, estimator: RegressionDiscontinuityEstimator())
      #expect(record.verdict == verdict, "\(key)")
      expectClose(record.pValue, expected[key]["test"]["p_jk"].double, relative: 1e-8, "\(key) p_jk")
      let density = try #require(record.density)
      #expect(density.histogram.edges.count == 25)
      #expect(density.histogram.counts.reduce(0, +) > 0)
    }
  }

  @Test("weak_instrument: the effective F against Montiel Olea & Pflueger's critical values (ivr_card, ivr_weak)")
  func weakInstrument() throws {
    for (fixture, key, tau, verdict) in [
      ("ivr_card", "just_identified_nearc4", 0.1, Verdict.failed),  // 16.5 < 23.1
      ("ivr_card", "just_identified_nearc4", 0.2, .passed),  // 16.5 ≥ 15.06
      ("ivr_weak", "weak_k1", 0.1, .failed),
    ] {
      let expected = EngineFixtures.expected(fixture)["fits"][key]
      let outcome = expected["outcome"].string ?? ""
      let treatment = expected["treatment"].string ?? ""
      let controls = expected["controls"].array.compactMap(\.string)
      let instruments = expected["instruments"].array.compactMap(\.string)
      let data = try EngineFixtures.data(
        fixture, columns: [outcome, treatment] + controls + instruments, dropMissing: true)
      let problem = EngineFixtures.problem(
        data, method: .instrumentalVariable, treatment: treatment, outcome: outcome, adjustment: controls,
        instruments: instruments, params: ["instruments": .list(instruments.map { .string($0) })])
      let record = try Simulated.refute(
        .weakInstrument, problem: problem, estimator: InstrumentalVariableEstimator(), ["tau": .number(tau)])
      #expect(record.verdict == verdict, "\(fixture) \(key) τ = \(tau)")
      let row = expected["effective_F"]["HC1"]["critical_values_TSLS_alpha5pct"]["tau_\(Int(tau * 100))pct"]
      expectClose(record.threshold, row["generalized"]["critical_value"].double, relative: 1e-6, "\(fixture) cv")
      expectClose(record.statistic, expected["effective_F"]["HC1"]["F_eff"].double, relative: 1e-10, "\(fixture) F")
    }
  }
}
