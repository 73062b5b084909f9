import NumericKernels
import StudyModel
import Tabular

/// A design matrix for an outcome or propensity model, with where the
/// treatment and its interactions with effect modifiers sit.
///
/// Column order: intercept, treatment (when included), covariates with
/// categorical ones one-hot encoded (first level as the named reference),
/// extra terms, then one treatment × modifier column per modifier design
/// column. Nothing is dropped here: aliased columns are found and named by
/// the least-squares fit.
struct ModelDesign: Sendable {
  var matrix: Matrix
  var names: [String]
  /// Index of the treatment column, if the design has one.
  var treatmentColumn: Int?
  /// Indices of the treatment × modifier columns.
  var interactionColumns: [Int]
  /// The modifier design columns the interactions multiply (same order).
  var modifierColumns: [[Double]]
  /// Names of the modifier design columns (`region=south`, `age`).
  var modifierNames: [String]
  /// Reference levels of categorical variables, as `name=level`.
  var referenceLevels: [String]
  /// Index of the intercept column, if the design has one.
  var interceptColumn: Int? = nil

  /// Builds `[1, T?, covariates, terms, T × modifiers]`.
  static func build(
    data: AnalysisData, treatment: String?, covariates: [String], terms: [ModelTerm], modifiers: [String] = [],
    intercept: Bool = true
  ) -> ModelDesign {
    // Always built with an intercept, so that every categorical variable
    // drops its (named) reference level; the intercept column is removed
    // when the model has none.
    let base = DesignMatrix.make(
      table: data.table, rows: nil, variables: covariates,
      terms: terms.map { $0.factors.map { (variable: $0.variable, power: $0.power) } }, intercept: true)
    var columns: [[Double]] = []
    var names: [String] = []
    let start = 1
    if intercept {
      columns.append(base.matrix.column(0))
      names.append(base.names[0])
    }
    var treatmentColumn: Int?
    if let treatment {
      treatmentColumn = columns.count
      columns.append(data.values(treatment))
      names.append(treatment)
    }
    for j in start..<base.matrix.columns {
      columns.append(base.matrix.column(j))
      names.append(base.names[j])
    }
    var interactionColumns: [Int] = []
    var modifierColumns: [[Double]] = []
    var modifierNames: [String] = []
    var references = Self.referenceText(base.referenceLevels)
    if let treatment, !modifiers.isEmpty {
      let m = DesignMatrix.make(table: data.table, rows: nil, variables: modifiers, terms: [], intercept: true)
      references += Self.referenceText(m.referenceLevels).filter { !references.contains($0) }
      let t = data.values(treatment)
      for j in 1..<m.matrix.columns {
        let values = m.matrix.column(j)
        modifierColumns.append(values)
        modifierNames.append(m.names[j])
        interactionColumns.append(columns.count)
        columns.append(zip(t, values).map { $0 * $1 })
        names.append("\(treatment):\(m.names[j])")
      }
    }
    let matrix = columns.isEmpty ? Matrix(rows: data.rowCount, columns: 0) : Matrix(columns: columns)
    return ModelDesign(
      matrix: matrix, names: names, treatmentColumn: treatmentColumn, interactionColumns: interactionColumns,
      modifierColumns: modifierColumns, modifierNames: modifierNames, referenceLevels: references,
      interceptColumn: intercept ? 0 : nil)
  }

  static func referenceText(_ levels: [String: String]) -> [String] {
    levels.keys.sorted().map { "\($0)=\(levels[$0]!)" }
  }

  /// The design with the treatment set to `value` for every row (and the
  /// interactions recomputed), for g-computation.
  func settingTreatment(to value: Double) -> Matrix {
    guard let treatmentColumn else { return matrix }
    var m = matrix
    m.setColumn(treatmentColumn, [Double](repeating: value, count: m.rows))
    for (k, column) in interactionColumns.enumerated() {
      m.setColumn(column, modifierColumns[k].map { $0 * value })
    }
    return m
  }
}
