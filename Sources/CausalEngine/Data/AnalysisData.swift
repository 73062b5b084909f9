import NumericKernels
import StudyModel
import Tabular

/// The columns an analysis uses, as an immutable table.
///
/// Refuters and resampling build modified copies (a replaced treatment, an
/// added random common cause, a subset of rows); the user's data is never
/// changed. Copies share storage until they differ (arrays are
/// copy-on-write).
public struct AnalysisData: Sendable {
  public private(set) var table: DataTable
  /// Each row's key (`data.row_key`), when the study names one: the
  /// simulations of the checks then draw by row from ``RowHash`` (the same
  /// draws a database computes) instead of from sequential streams.
  public private(set) var rowKeys: [Int64]?

  public init(table: DataTable, rowKeys: [Int64]? = nil) {
    precondition(rowKeys == nil || rowKeys?.count == table.rowCount, "one row key per row")
    self.table = table
    self.rowKeys = rowKeys
  }

  public var rowCount: Int { table.rowCount }

  /// The column named `name`; the engine only asks for columns validation
  /// guaranteed, so a missing one is a programmer error.
  public func column(_ name: String) -> DataColumn {
    guard let column = table.column(named: name) else {
      preconditionFailure("column '\(name)' is not in the analysis data")
    }
    return column
  }

  public func values(_ name: String) -> [Double] { column(name).values }

  public func contains(_ name: String) -> Bool { table.column(named: name) != nil }

  /// Whether a column holds only 0 and 1.
  public func isBinary(_ name: String) -> Bool {
    let c = column(name)
    if c.kind == .binary { return true }
    if c.kind == .categorical { return false }
    return c.values.allSatisfy { $0 == 0 || $0 == 1 }
  }

  /// A copy with `name` holding `values` (replacing it, or added as continuous).
  public func replacing(_ name: String, with values: [Double], kind: ColumnKind? = nil) -> AnalysisData {
    precondition(values.count == rowCount, "a replacement column must have one value per row")
    var columns = table.columns
    let existing = columns.firstIndex { $0.name == name }
    let newKind = kind ?? existing.map { columns[$0].kind } ?? .continuous
    let column = DataColumn(name: name, kind: newKind, values: values, levels: [])
    if let existing {
      columns[existing] = column
    } else {
      columns.append(column)
    }
    return AnalysisData(table: DataTable(columns: columns), rowKeys: rowKeys)
  }

  /// A copy holding the given rows, in the given order (repeats allowed).
  public func rows(_ indices: [Int]) -> AnalysisData {
    let columns = table.columns.map { c in
      DataColumn(name: c.name, kind: c.kind, values: indices.map { c.values[$0] }, levels: c.levels)
    }
    return AnalysisData(table: DataTable(columns: columns), rowKeys: rowKeys.map { keys in indices.map { keys[$0] } })
  }
}
