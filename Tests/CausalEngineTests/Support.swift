import Foundation
import NumericKernels
import StudyModel
import Tabular
import TestSupport
import Testing

@testable import CausalEngine

/// Reference fixtures (see Fixtures/README.md for each authority).
enum EngineFixtures {
  static let directory = PackagePaths.root() + "/Tests/CausalEngineTests/Fixtures"

  static func expected(_ name: String) -> JSONNode {
    let data = FileManager.default.contents(atPath: "\(directory)/\(name)/expected.json") ?? Data()
    return JSONNode(try? JSONSerialization.jsonObject(with: data))
  }

  static func json(_ path: String) -> JSONNode {
    let data = FileManager.default.contents(atPath: "\(directory)/\(path)") ?? Data()
    return JSONNode(try? JSONSerialization.jsonObject(with: data))
  }

  /// The case's data, read with the engine's own CSV reader.
  static func data(
    _ name: String, file: String = "data.csv", columns: [String]? = nil, kinds: [String: ColumnKind] = [:],
    dropMissing: Bool = false
  ) throws -> AnalysisData {
    let loaded = try CSVReader.read(
      path: "\(directory)/\(name)/\(file)",
      options: CSVOptions(declaredKinds: kinds, columns: columns, dropMissing: dropMissing))
    return AnalysisData(table: loaded.table)
  }

  /// A parameter set with the registry's defaults and the given overrides.
  static func parameters(_ method: EstimatorMethod, _ overrides: [String: ParameterValue] = [:]) -> ParameterSet {
    .filling(method.descriptor.parameters, with: overrides)
  }

  static let policies = PolicySpec(
    rankDeficiency: .defaulted(.error), separation: .defaulted(.error), nonConvergence: .defaulted(.error),
    positivity: .defaulted(.warn))

  static func problem(
    _ data: AnalysisData, method: EstimatorMethod, treatment: String, outcome: String, adjustment: [String] = [],
    instruments: [String] = [], mediators: [String] = [], modifiers: [String] = [],
    effect: EffectKind = .averageTreatmentEffect, params: [String: ParameterValue] = [:], seed: UInt64 = 1,
    treatmentValue: Double = 1, controlValue: Double = 0
  ) -> EstimationProblem {
    EstimationProblem(
      data: data, treatment: treatment, outcome: outcome, adjustment: adjustment, instruments: instruments,
      mediators: mediators, modifiers: modifiers, effect: effect, treatmentValue: treatmentValue,
      controlValue: controlValue,
      method: method, params: parameters(method, params), policies: policies, seed: seed, estimatorName: method.rawValue
    )
  }
}

/// Read-only access to parsed JSON.
struct JSONNode {
  let value: Any?
  init(_ value: Any?) { self.value = value }
  subscript(_ key: String) -> JSONNode { JSONNode((value as? [String: Any])?[key]) }
  subscript(_ index: Int) -> JSONNode {
    guard let array = value as? [Any], index < array.count else { return JSONNode(nil) }
    return JSONNode(array[index])
  }
  var double: Double? { (value as? NSNumber)?.doubleValue }
  var int: Int? { (value as? NSNumber)?.intValue }
  var string: String? { value as? String }
  var array: [JSONNode] { (value as? [Any])?.map(JSONNode.init) ?? [] }
  var doubles: [Double] { array.compactMap(\.double) }
}

/// `|actual − expected| ≤ tolerance × max(|expected|, floor)`, recorded with a label.
func expectClose(
  _ actual: Double?, _ expected: Double?, relative tolerance: Double, floor: Double = 1e-300, _ label: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard let actual, let expected else {
    Issue.record(
      "\(label): missing value (actual \(String(describing: actual)), expected \(String(describing: expected)))",
      sourceLocation: sourceLocation)
    return
  }
  let scale = max(abs(expected), floor)
  #expect(
    abs(actual - expected) <= tolerance * scale,
    "\(label): \(actual) vs \(expected) (relative error \(abs(actual - expected) / scale))",
    sourceLocation: sourceLocation)
}
