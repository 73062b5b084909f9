import NumericKernels
import StudyModel

extension ModelDesign {
  /// The model in R's notation, `response ~ rhs`: `1` for an empty right-hand
  /// side, `- 1` appended when the design has no intercept.
  func formula(response: String) -> String {
    if formula.isEmpty { return "\(response) ~ \(interceptColumn == nil ? "0" : "1")" }
    return "\(response) ~ \(formula)\(interceptColumn == nil ? " - 1" : "")"
  }

  /// The record of a model fitted on this design: its columns, coefficients
  /// and standard errors (aliased or undefined values recorded as `null`),
  /// reference levels and formula.
  func record(
    role: String, kind: String, response: String, coefficients: [Double], standardErrors: [Double] = []
  ) -> ModelRecord {
    ModelRecord(
      role: role, kind: kind, columns: names, coefficients: coefficients.map(\.finiteOrNil),
      standardErrors: standardErrors.map(\.finiteOrNil), referenceLevels: referenceLevels,
      formula: formula(response: response))
  }

  /// The record of an ordinary least-squares fit on this design, with
  /// standard errors of the given covariance.
  func record(
    role: String, response: String, leastSquares fit: LeastSquaresFit, covariance: CovarianceKind = .hc1
  ) -> ModelRecord {
    record(
      role: role, kind: "OLS", response: response, coefficients: fit.coefficients,
      standardErrors: fit.standardErrors(covariance))
  }

  /// The record of a GLM fit on this design, with its model-based standard errors.
  func record(role: String, kind: String, response: String, glm fit: GLMFit) -> ModelRecord {
    record(
      role: role, kind: kind, response: response, coefficients: fit.coefficients, standardErrors: fit.standardErrors)
  }

  /// Refuses a design in which a transform is undefined somewhere (`log` of a
  /// value ≤ 0): the message names the term and the first row.
  func requireDefined() throws(EstimationFailure) {
    if let undefinedValue { throw .invalidData(undefinedValue) }
  }
}
