import StudyModel

extension StudyReader {
  /// Under `compute: database`, refuses every method, check and setting that
  /// cannot be computed from aggregates in the database (``Pushdown``), each
  /// at the line that asks for it, with a note at `compute:`.
  func checkPushdown(
    _ database: DatabaseSpec, data: DataSpec, estimand: EstimandSpec?, estimators: [EstimatorSpec],
    refutations: RefutationSpec?
  ) {
    let note = Diagnostic.Note("compute: database is set here", at: database.compute.origin.range)
    let local = Diagnostic.Note("write `compute: local` to read the rows into memory and run it there")
    let methods = Pushdown.methods.map { "'\($0.rawValue)'" }.joined(separator: ", ")
    for estimator in estimators where !Pushdown.supports(estimator.method.value) {
      sink.error(
        "method '\(estimator.method.value.rawValue)' cannot be pushed down to the database (compute: database computes \(methods))",
        at: estimator.method.origin.range, notes: [note, local])
    }
    if let estimand, let first = estimand.effectModifiers.first {
      sink.error(
        "effect modifiers cannot be pushed down to the database (compute: database estimates the average effect only)",
        at: first.origin.range, notes: [note, local])
    }
    if data.missing.value == .drop {
      sink.error(
        "'missing: drop' is not pushed down to the database: under compute: database the rows must be complete",
        at: data.missing.origin.range,
        notes: [note, .init("select the complete rows in a query (`WHERE … IS NOT NULL`), or use compute: local")])
    }
    let checks = Pushdown.checks.map { "'\($0.rawValue)'" }.joined(separator: ", ")
    for check in refutations?.checks ?? [] {
      if !Pushdown.supports(check.kind.value) {
        sink.error(
          "check '\(check.kind.value.rawValue)' cannot be pushed down to the database (compute: database runs \(checks))",
          at: check.kind.origin.range, notes: [note, local])
      } else if check.kind.value == .bootstrap, let noise = check.params["noise"], !noise.origin.isDefault,
        !(noise.value.stringList ?? []).isEmpty
      {
        sink.error(
          "the bootstrap check's 'noise' cannot be pushed down to the database", at: noise.origin.range,
          notes: [note, local])
      }
    }
  }
}
