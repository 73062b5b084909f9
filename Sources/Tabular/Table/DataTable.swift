/// An immutable table of named columns of equal length.
///
/// The engine never changes a table: subsets and resamples are index arrays
/// or weights over it (`DesignMatrix.build(table:rows:…)`).
public struct DataTable: Sendable, Equatable {
  /// The columns in file order.
  public let columns: [DataColumn]
  /// The number of rows (equal for every column).
  public let rowCount: Int
  let index: [String: Int]

  /// - Precondition: the columns have equal lengths and distinct names.
  public init(columns: [DataColumn]) {
    let n = columns.first?.count ?? 0
    var index: [String: Int] = [:]
    for (k, column) in columns.enumerated() {
      precondition(column.count == n, "DataTable: column '\(column.name)' has \(column.count) rows, expected \(n)")
      precondition(index[column.name] == nil, "DataTable: duplicate column '\(column.name)'")
      index[column.name] = k
    }
    self.columns = columns
    self.rowCount = n
    self.index = index
  }

  /// The column names in file order.
  public var columnNames: [String] { columns.map(\.name) }

  /// The column called `name`, if any.
  public func column(named name: String) -> DataColumn? {
    index[name].map { columns[$0] }
  }

  /// Same columns, in the same order, with the same values.
  public static func == (a: DataTable, b: DataTable) -> Bool { a.columns == b.columns }
}
