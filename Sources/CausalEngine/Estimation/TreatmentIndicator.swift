import StudyModel

/// The treated/control indicator of a binary-treatment problem.
///
/// `D_i = 1` where the treatment equals `treatment_value` and `0` where it
/// equals `control_value`; any other value is invalid data for a method that
/// needs a binary treatment (never silently recoded).
enum TreatmentIndicator {
  static func values(_ problem: EstimationProblem) throws(EstimationFailure) -> [Double] {
    let t = problem.data.values(problem.treatment)
    var d = [Double](repeating: 0, count: t.count)
    for i in t.indices {
      if t[i] == problem.treatmentValue {
        d[i] = 1
      } else if t[i] != problem.controlValue {
        throw .invalidData(
          "method needs a binary treatment: '\(problem.treatment)' takes the value \(JSONValue.format(t[i])), neither treatment_value \(JSONValue.format(problem.treatmentValue)) nor control_value \(JSONValue.format(problem.controlValue))"
            + "; for a treatment with other values use " + anyTreatmentMethods)
      }
    }
    let treated = d.reduce(0, +)
    if treated == 0 || treated == Double(d.count) {
      throw .invalidData(
        "every unit is in one arm: there are \(Int(treated)) treated and \(d.count - Int(treated)) control units")
    }
    return d
  }

  /// The back-door methods that take a treatment of any type, for hints.
  static var anyTreatmentMethods: String {
    let names = EstimatorMethod.allCases
      .filter { !$0.descriptor.needsBinaryTreatment && $0.descriptor.requirement == .adjustmentSet }
      .map { "'\($0.rawValue)'" }
    return names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
  }
}
