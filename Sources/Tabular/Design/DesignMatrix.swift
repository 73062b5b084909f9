import NumericKernels

/// Builds regression design matrices from a `DataTable`.
///
/// Columns, in order:
/// 1. `(Intercept)`, a column of ones, when `intercept` is true;
/// 2. one block per entry of `variables` (main effects): a numeric variable
///    gives its own column; a categorical variable gives one indicator per
///    level except its reference level `levels[0]` (treatment coding),
///    named `variable=level` (e.g. `educ=college`);
/// 3. one block per entry of `terms`: the product of its factors, each a
///    variable raised to a power. Numeric factors contribute `x^k` (named
///    `x^k`, or `x` for `k = 1`); categorical factors contribute their
///    non-reference indicators (an indicator's power is itself, so `k` does
///    not change it). A term's columns are all products of one column from
///    each factor, named by joining the factor names with `:` (e.g.
///    `educ=college:age`, `age^2`).
///
/// Without an intercept the first categorical main effect keeps all its
/// levels (its indicators then span the constant), as R's `model.matrix`
/// does; every other categorical block drops its reference level. Dropped
/// reference levels are reported in `Design.referenceLevels`, so the
/// baseline of every indicator is named.
///
/// Rows: `rows` is an index view (`nil` = all rows in order; repeats allowed,
/// as bootstrap resamples need). The table itself is never changed.
/// Missing values (`NaN`) propagate into every column built from them.
///
/// Assumptions: every name refers to a column of the table and powers are
/// ≥ 1 (`StudySpec` validates the study against the data first); violations
/// trap with a message.
public enum DesignMatrix {
  /// A built design with its naming details.
  public struct Design: Sendable {
    /// `n × k`, column-major.
    public var matrix: Matrix
    /// One name per column.
    public var names: [String]
    /// For each categorical variable whose reference level was dropped, that level.
    public var referenceLevels: [String: String]
  }

  /// The design matrix and its column names (see the type's documentation).
  public static func build(
    table: DataTable, rows: [Int]?, variables: [String], terms: [[(variable: String, power: Int)]], intercept: Bool
  ) -> (matrix: Matrix, names: [String]) {
    let design = make(table: table, rows: rows, variables: variables, terms: terms, intercept: intercept)
    return (design.matrix, design.names)
  }

  /// `build` with the dropped reference levels.
  public static func make(
    table: DataTable, rows: [Int]?, variables: [String], terms: [[(variable: String, power: Int)]], intercept: Bool
  ) -> Design {
    let n = rows?.count ?? table.rowCount
    var columns: [[Double]] = []
    var names: [String] = []
    var references: [String: String] = [:]
    if intercept {
      columns.append([Double](repeating: 1, count: n))
      names.append("(Intercept)")
    }
    var fullCodingUsed = intercept

    /// The columns of one factor: (name, values).
    func factor(_ variable: String, power: Int, mainEffect: Bool) -> [(String, [Double])] {
      guard let column = table.column(named: variable) else {
        preconditionFailure("DesignMatrix: no column '\(variable)' in the table")
      }
      precondition(power >= 1, "DesignMatrix: power \(power) of '\(variable)'")
      // All rows: the column's own array (shared, copy-on-write); a view: one gather.
      let values = rows.map { Self.gather(column.values, $0) } ?? column.values
      if column.kind != .categorical {
        let name = power == 1 ? variable : "\(variable)^\(power)"
        let powered = power == 1 ? values : values.map { raise($0, power) }
        return [(name, powered)]
      }
      var first = 1
      if mainEffect && !fullCodingUsed {
        first = 0
        fullCodingUsed = true
      } else if let reference = column.levels.first {
        references[variable] = reference
      }
      return (first..<max(first, column.levels.count)).map { level in
        let code = Double(level)
        let indicator = values.map { $0.isNaN ? Double.nan : ($0 == code ? 1.0 : 0.0) }
        return ("\(variable)=\(column.levels[level])", indicator)
      }
    }

    for variable in variables {
      for (name, values) in factor(variable, power: 1, mainEffect: true) {
        names.append(name)
        columns.append(values)
      }
    }
    for term in terms {
      var products: [(String, [Double])] = [("", [Double](repeating: 1, count: n))]
      for (variable, power) in term {
        let parts = factor(variable, power: power, mainEffect: false)
        var next: [(String, [Double])] = []
        for (leftName, left) in products {
          for (rightName, right) in parts {
            let name = leftName.isEmpty ? rightName : leftName + ":" + rightName
            next.append((name, zip(left, right).map(*)))
          }
        }
        products = next
      }
      for (name, values) in products where !name.isEmpty {
        names.append(name)
        columns.append(values)
      }
    }
    let matrix = columns.isEmpty ? Matrix(rows: n, columns: 0) : Matrix(columns: columns)
    return Design(matrix: matrix, names: names, referenceLevels: references)
  }

  /// `values[rows[i]]` for every `i`.
  static func gather(_ values: [Double], _ rows: [Int]) -> [Double] {
    [Double](unsafeUninitializedCapacity: rows.count) { out, count in
      values.withUnsafeBufferPointer { v in
        rows.withUnsafeBufferPointer { r in
          for i in 0..<r.count {
            let row = r[i]
            precondition(row >= 0 && row < v.count, "DesignMatrix: row \(row) of a \(v.count)-row table")
            out[i] = v[row]
          }
        }
      }
      count = rows.count
    }
  }

  /// `x^k` by repeated multiplication (exact for the small integer powers of designs).
  static func raise(_ x: Double, _ k: Int) -> Double {
    var result = 1.0
    for _ in 0..<k { result *= x }
    return result
  }
}
