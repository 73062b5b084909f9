import StudyModel

extension TreatmentContrast {
  /// The contrast of a `compute: database` run, from what the provenance
  /// scan learned of the treatment (``PushdownLayout``), under the rules of
  /// ``resolve(_:data:)`` for a numeric treatment: two values, which must be
  /// the contrast's; more values only when declared `continuous`. A
  /// categorical treatment is refused (its dummy coding is not pushed down).
  static func resolve(_ study: Study, layout: PushdownLayout) -> Result<TreatmentContrast, RunError> {
    let e = study.estimand
    let name = e.treatment.value
    let local = "write `compute: local` to read the rows into memory and compare them there"
    func failure(_ message: String, at origin: Origin, notes: [String] = []) -> Result<TreatmentContrast, RunError> {
      .failure(RunError(kind: .invalidData, message: message, location: origin.range ?? e.origin.range, notes: notes))
    }
    if layout.kinds[name] == .categorical {
      return failure(
        "the treatment '\(name)' is categorical: under compute: database the treatment must be numeric",
        at: e.treatment.origin, notes: [local])
    }
    guard let treated = e.treatmentValue.value.number, let control = e.controlValue.value.number else {
      let level = e.treatmentValue.value.number == nil ? e.treatmentValue : e.controlValue
      return failure(
        "'\(level.value)' is a level's name, but the treatment '\(name)' is numeric", at: level.origin,
        notes: ["write the numbers to compare"])
    }
    let values = layout.treatment.levels
    if values.count == 2 { return twoValued(e, values: values.sorted(), treated: treated, control: control) }
    guard study.data.declaredType(of: name) == .continuous else {
      return failure(
        "the treatment '\(name)' does not take exactly two values: Assay does not assume its effect is linear",
        at: e.treatment.origin,
        notes: [
          "declare it `continuous` under data.columns to estimate the contrast \(JSONValue.format(treated)) vs \(JSONValue.format(control)) from the model's functional form"
        ])
    }
    return .success(continuous(name, treated: treated, control: control))
  }
}
