import StudyModel
import Tabular

/// The two treatment levels a study compares, resolved against the data:
/// the values (or a categorical treatment's level codes) the estimators see.
///
/// Rules (a treatment is never silently treated as linear):
/// - a categorical treatment: `treatment_value` and `control_value` name two
///   of its levels (`high`, or `2` for a level written `2`);
/// - a numeric treatment with two values: the contrast is between those two
///   values (`treatment_value` and `control_value` must be them);
/// - a numeric treatment with more values: only when declared `continuous`,
///   and the contrast then comes from the model's functional form (the run
///   says so); otherwise the study is refused with the two declarations
///   that would say what is meant.
struct TreatmentContrast: Sendable {
  /// How the treatment enters.
  enum Kind: Sendable, Equatable {
    /// Two values (or a categorical treatment with two levels).
    case binary
    /// A categorical treatment with more than two levels.
    case categorical(levels: Int)
    /// A continuous treatment declared so.
    case continuous
  }

  var treated: Double
  var control: Double
  var kind: Kind
  /// What the record should say about the contrast, when anything.
  var note: String?

  static func resolve(_ study: Study, data: AnalysisData) -> Result<TreatmentContrast, RunError> {
    let e = study.estimand
    let name = e.treatment.value
    let column = data.column(name)
    func failure(_ message: String, at origin: Origin, notes: [String] = []) -> Result<TreatmentContrast, RunError> {
      .failure(RunError(kind: .invalidData, message: message, location: origin.range ?? e.origin.range, notes: notes))
    }
    if column.kind == .categorical {
      var codes: [Double] = []
      for level in [e.treatmentValue, e.controlValue] {
        guard let index = column.levels.firstIndex(where: { level.value.names($0) }) else {
          let which = level.origin == e.treatmentValue.origin ? "treatment_value" : "control_value"
          return failure(
            "\(which) '\(level.value)' is not a level of the categorical treatment '\(name)'",
            at: level.origin,
            notes: ["its levels: " + column.levels.prefix(20).joined(separator: ", ")])
        }
        codes.append(Double(index))
      }
      let kind: Kind = column.levels.count == 2 ? .binary : .categorical(levels: column.levels.count)
      return .success(TreatmentContrast(treated: codes[0], control: codes[1], kind: kind))
    }
    guard let treated = e.treatmentValue.value.number, let control = e.controlValue.value.number else {
      let level = e.treatmentValue.value.number == nil ? e.treatmentValue : e.controlValue
      return failure(
        "'\(level.value)' is a level's name, but the treatment '\(name)' is numeric",
        at: level.origin,
        notes: ["write the numbers to compare, or declare '\(name)' categorical under data.columns"])
    }
    // Most treatments take two values: look for a third before hashing every row.
    var few: [Double] = []
    var more = false
    for v in column.values where v.isFinite && !few.contains(v) {
      if few.count == 2 {
        more = true
        break
      }
      few.append(v)
    }
    let distinct = more ? Set(column.values.filter(\.isFinite)) : Set(few)
    if distinct.count <= 2 { return twoValued(e, values: distinct.sorted(), treated: treated, control: control) }
    guard study.data.declaredType(of: name) == .continuous else {
      let sample = distinct.sorted().prefix(5).map(JSONValue.format).joined(separator: ", ")
      return failure(
        "the treatment '\(name)' takes \(distinct.count) values (\(sample)\(distinct.count > 5 ? ", ..." : "")): Assay does not assume its effect is linear",
        at: e.treatment.origin,
        notes: [
          "declare it `continuous` under data.columns to estimate the contrast \(JSONValue.format(treated)) vs \(JSONValue.format(control)) from each model's functional form",
          "or declare it `categorical` to compare two of its levels (linear_regression and generalized_linear_model dummy-code it)",
        ])
    }
    return .success(continuous(name, treated: treated, control: control))
  }

  /// The contrast of a numeric treatment with at most two `values` (sorted):
  /// they must be the contrast's two values.
  static func twoValued(_ e: EstimandSpec, values: [Double], treated: Double, control: Double) -> Result<
    TreatmentContrast, RunError
  > {
    guard values.contains(treated), values.contains(control) else {
      let written = values.map(JSONValue.format).joined(separator: " and ")
      let origin = e.treatmentValue.origin.isDefault ? e.treatment.origin : e.treatmentValue.origin
      return .failure(
        RunError(
          kind: .invalidData,
          message:
            "the treatment '\(e.treatment.value)' takes the values \(written), but the contrast is \(JSONValue.format(treated)) vs \(JSONValue.format(control))",
          location: origin.range ?? e.origin.range,
          notes: [
            "set treatment_value and control_value to the two values (a contrast outside them would be an extrapolation)"
          ]))
    }
    return .success(TreatmentContrast(treated: treated, control: control, kind: .binary))
  }

  /// The contrast of a treatment declared continuous, with the note that says so.
  static func continuous(_ name: String, treated: Double, control: Double) -> TreatmentContrast {
    TreatmentContrast(
      treated: treated, control: control, kind: .continuous,
      note:
        "the treatment '\(name)' is continuous: the contrast \(JSONValue.format(treated)) vs \(JSONValue.format(control)) comes from each model's functional form"
    )
  }
}
