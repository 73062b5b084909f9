import StudyModel

extension PanelData {
  /// The panel of an estimation problem: its `data.panel` keys, treatment,
  /// outcome, the given covariates and the sampling weights.
  ///
  /// Clusters are not passed here: each estimator takes the problem's
  /// cluster codes itself (by unit when `params.cluster` is not given).
  /// A table that is not a panel is refused with every problem found, each
  /// with the first data rows involved (1-based, as ``DataPreflight`` names
  /// them).
  static func build(_ problem: EstimationProblem, covariates: [String]) throws(EstimationFailure) -> PanelData {
    guard let keys = problem.panel else {
      throw .notApplicable("\(problem.method.rawValue) needs a long panel: declare data.panel with its unit and time")
    }
    let built = PanelData.build(
      data: problem.data, unit: keys.unit, time: keys.time, treatment: problem.treatment, outcome: problem.outcome,
      covariates: covariates, weights: problem.weights)
    switch built {
    case .success(let panel): return panel
    case .failure(let error): throw .invalidData(error.all.map(\.described).joined(separator: "; "))
    }
  }

  /// Each unit's cohort index into ``periods`` (`nil`: never treated), for
  /// the placebo checks.
  var cohortIndexOfUnit: [Int?] {
    unitCohorts.map { cohort in cohort.flatMap { periods.firstIndex(of: $0) } }
  }
}

extension PanelError {
  /// The message with the data rows involved.
  var described: String {
    guard !rows.isEmpty else { return message }
    let list = rows.map { String($0 + 1) }.joined(separator: ", ")
    return "\(message) (data row\(rows.count == 1 ? "" : "s") \(list)\(rows.count == PanelError.rowLimit ? ", …" : ""))"
  }
}
