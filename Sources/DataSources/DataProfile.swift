import StudyModel
import Tabular

/// What a data file holds, column by column, over all its rows: the type
/// each column reads as, how many values are missing, and a summary of the
/// others (for `assay init`).
///
/// Every summary counts every row in which the column has a value, not only
/// the rows complete in all columns: a column's share of ones or range does
/// not depend on which other columns are missing. A column whose values are
/// numbers in some rows and text in others reads as categorical here (a
/// study that reads it must declare it, or it is refused).
public struct DataProfile: Sendable {
  /// One column's summary.
  public typealias Column = ColumnProfile

  public var path: String
  public var delimiter: UInt8
  public var rowsRead: Int
  public var sha256: String
  public var columns: [Column]
  /// The type each column was read with, for further reads.
  var kinds: [String: ColumnKind]

  /// Reads the file at `path` and summarises every column over all rows.
  public static func read(path: String, delimiter: UInt8) throws(CSVError) -> DataProfile {
    var kinds: [String: ColumnKind] = [:]
    var loaded: LoadedTable
    // Read with types inferred; a column that turns out to hold text is read again as categorical.
    while true {
      do throws(CSVError) {
        loaded = try CSVReader.read(
          path: path, options: CSVOptions(delimiter: delimiter, declaredKinds: kinds, dropMissing: true))
        break
      } catch {
        guard let column = error.columnName, kinds[column] == nil,
          error.kind == .mixedTypes || error.message.hasPrefix("non-numeric value")
        else {
          throw error
        }
        kinds[column] = .categorical
      }
    }
    for column in loaded.table.columns { kinds[column.name] = column.kind }
    var columns: [Column] = []
    for column in loaded.table.columns {
      let missing = loaded.droppedByColumn[column.name] ?? 0
      var all = column
      if loaded.rowsDropped > 0 {
        // The complete-row read dropped rows missing elsewhere: read this column alone.
        let single = try CSVReader.read(
          path: path,
          options: CSVOptions(
            delimiter: delimiter, declaredKinds: [column.name: column.kind], columns: [column.name], dropMissing: true))
        all = single.table.columns[0]
      }
      columns.append(summary(all, missing: missing))
    }
    return DataProfile(
      path: path, delimiter: delimiter, rowsRead: loaded.rowsRead, sha256: loaded.sha256, columns: columns,
      kinds: kinds)
  }

  static func summary(_ column: DataColumn, missing: Int) -> Column {
    let values = column.values.filter(\.isFinite)
    let type: ColumnType =
      switch column.kind {
      case .binary: .binary
      case .integer: .integer
      case .continuous: .continuous
      case .categorical: .categorical
      }
    let numeric = column.kind != .categorical && !values.isEmpty
    return Column(
      name: column.name, type: type, missing: missing, present: values.count,
      distinct: column.kind == .categorical ? column.levels.count : Set(values).count,
      minimum: numeric ? values.min() : nil, maximum: numeric ? values.max() : nil,
      mean: numeric ? values.reduce(0, +) / Double(values.count) : nil)
  }

  /// The rows with a value in every one of `names`.
  public func completeRows(of names: [String]) throws(CSVError) -> Int {
    guard !names.isEmpty else { return rowsRead }
    let loaded = try CSVReader.read(
      path: path,
      options: CSVOptions(
        delimiter: delimiter, declaredKinds: kinds.filter { names.contains($0.key) }, columns: names,
        dropMissing: true))
    return loaded.table.rowCount
  }
}
