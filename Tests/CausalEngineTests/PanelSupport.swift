import Foundation
import NumericKernels
import Tabular
import Testing

@testable import CausalEngine

/// The difference-in-differences fixtures (Fixtures/README.md, "did_*"):
/// R did 2.1.2 + DRDID 1.2.3, fixest 0.14.2, bacondecomp 0.1.1 and
/// TwoWayFEWeights 2.0.4, written by scripts/did.R and scripts/did.py.
enum PanelFixtures {
  /// One fixture's roles.
  struct Case: Sendable {
    var name: String
    var unit: String
    var time: String
    var treatment: String
    var outcome: String
    var covariates: [String]
    var weight: String?
    var extra: [String] = []
  }

  static let mpdta = Case(
    name: "did_mpdta", unit: "countyreal", time: "year", treatment: "d", outcome: "lemp", covariates: ["lpop"],
    weight: nil)
  static let castle = Case(
    name: "did_second_panel", unit: "sid", time: "year", treatment: "post", outcome: "l_homicide", covariates: [],
    weight: "popwt", extra: ["post_bacon"])
  static let simulated = Case(
    name: "did_simulated", unit: "unit", time: "time", treatment: "d", outcome: "y", covariates: ["x"], weight: nil)
  static let twoByTwo = Case(
    name: "did_2x2", unit: "unit", time: "time", treatment: "d", outcome: "y", covariates: [], weight: nil)
  static let all = [mpdta, castle, simulated, twoByTwo]

  static func data(_ c: Case, file: String = "data.csv") throws -> AnalysisData {
    let columns = [c.unit, c.time, c.treatment, c.outcome] + c.covariates + (c.weight.map { [$0] } ?? []) + c.extra
    return try EngineFixtures.data(c.name, file: file, columns: columns)
  }

  /// The case's panel (weighted by its weight column when `weighted`).
  static func panel(
    _ c: Case, file: String = "data.csv", weighted: Bool = false, treatment: String? = nil
  ) throws -> PanelData {
    let data = try data(c, file: file)
    let weights = weighted ? c.weight.map { data.values($0) } : nil
    switch PanelData.build(
      data: data, unit: c.unit, time: c.time, treatment: treatment ?? c.treatment, outcome: c.outcome,
      covariates: c.covariates, weights: weights)
    {
    case .success(let panel): return panel
    case .failure(let error): throw error
    }
  }

  /// The engine's options for a fixture configuration's `options` block.
  static func options(_ o: JSONNode, bootstrap: Int? = nil) -> CallawaySantAnna.Options {
    let approach: CallawaySantAnna.Approach =
      switch o["est"].string {
      case "reg": .outcomeRegression
      case "ipw": .inverseProbability
      default: .doublyRobust
      }
    return CallawaySantAnna.Options(
      controlGroup: o["control"].string == "notyettreated" ? .notYetTreated : .neverTreated, approach: approach,
      basePeriod: o["base"].string == "universal" ? .universal : .varying,
      anticipation: o["anticipation"].int ?? 0, covariates: o["cov"].string.map { [$0] } ?? [],
      confidenceLevel: 0.95, bootstrap: bootstrap, seed: 20_240_620, streamLabel: "staggered_did")
  }

  /// `case/configuration` for every configuration of every fixture.
  static func configurations() -> [String] {
    all.flatMap { c in
      let names = (EngineFixtures.expected(c.name)["configurations"].value as? [String: Any])?.keys.sorted() ?? []
      return names.map { "\(c.name)/\($0)" }
    }
  }

  static func find(_ name: String) -> Case {
    all.first { $0.name == name } ?? mpdta
  }
}

/// Compares an aggregation with its fixture block (`key` names the element key).
func expectAggregate(
  _ actual: CallawaySantAnna.Aggregate, _ expected: JSONNode, key: String?, relative tolerance: Double,
  floor: Double, _ label: String, overallStandardError: Double? = nil,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  expectClose(actual.value, expected["value"].double, relative: tolerance, floor: floor, "\(label) value")
  expectClose(
    actual.standardError, overallStandardError ?? expected["std_error"].double, relative: tolerance, floor: floor,
    "\(label) std_error", sourceLocation: sourceLocation)
  guard let key else { return }
  let elements = expected["elements"].array
  #expect(actual.elements.count == elements.count, "\(label): element count", sourceLocation: sourceLocation)
  for (a, e) in zip(actual.elements, elements) {
    #expect(a.key == e[key].double, "\(label): element key \(a.key)", sourceLocation: sourceLocation)
    expectClose(a.value, e["value"].double, relative: tolerance, floor: floor, "\(label)[\(a.key)] value")
    if let se = e["std_error"].double {
      expectClose(a.standardError, se, relative: tolerance, floor: floor, "\(label)[\(a.key)] std_error")
    } else {
      #expect(a.standardError == nil, "\(label)[\(a.key)]: std_error should be null", sourceLocation: sourceLocation)
    }
  }
}

/// Reads a fixture CSV of numbers into columns by header name.
func readNumericCSV(_ path: String) -> [String: [Double]] {
  guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
  let lines = text.split(separator: "\n").map(String.init)
  guard let header = lines.first?.split(separator: ",").map(String.init) else { return [:] }
  var columns = [String: [Double]](uniqueKeysWithValues: header.map { ($0, []) })
  for line in lines.dropFirst() {
    for (name, field) in zip(header, line.split(separator: ",", omittingEmptySubsequences: false)) {
      columns[name, default: []].append(Double(field) ?? .nan)
    }
  }
  return columns
}
