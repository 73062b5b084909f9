/// A dense matrix of `Double`, stored column-major.
///
/// Element `(i, j)` lives at `storage[j * rows + i]`, so each column is one
/// contiguous run of memory (the layout of LAPACK, Eigen's default and grf's
/// `Data`). Kernels read whole columns through `withUnsafeBufferPointer`.
///
/// `Matrix` is a value type with copy-on-write storage: passing it around is
/// free, and nothing a kernel does can change the caller's copy.
public struct Matrix: Sendable, Equatable {
  /// The number of rows.
  public let rows: Int
  /// The number of columns.
  public let columns: Int
  @usableFromInline var storage: [Double]

  /// A `rows × columns` matrix of zeros.
  public init(rows: Int, columns: Int) {
    self.init(rows: rows, columns: columns, repeating: 0)
  }

  /// A `rows × columns` matrix with every element equal to `value`.
  public init(rows: Int, columns: Int, repeating value: Double) {
    precondition(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows)×\(columns)")
    self.rows = rows
    self.columns = columns
    storage = [Double](repeating: value, count: rows * columns)
  }

  /// A matrix from its columns; each inner array is one column.
  ///
  /// - Precondition: all columns have the same length.
  public init(columns: [[Double]]) {
    let n = columns.first?.count ?? 0
    for (j, column) in columns.enumerated() {
      precondition(column.count == n, "Matrix(columns:): column \(j) has \(column.count) rows, expected \(n)")
    }
    self.rows = n
    self.columns = columns.count
    var values: [Double] = []
    values.reserveCapacity(n * columns.count)
    for column in columns { values.append(contentsOf: column) }
    storage = values
  }

  /// A matrix over existing column-major values (`columnMajor.count == rows * columns`).
  public init(rows: Int, columns: Int, columnMajor: [Double]) {
    precondition(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows)×\(columns)")
    precondition(
      columnMajor.count == rows * columns,
      "Matrix: \(columnMajor.count) values for a \(rows)×\(columns) matrix")
    self.rows = rows
    self.columns = columns
    storage = columnMajor
  }

  /// The element at `row`, `column` (0-based).
  @inlinable
  public subscript(row: Int, column: Int) -> Double {
    get {
      precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
      return storage[column &* rows &+ row]
    }
    set {
      precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
      storage[column &* rows &+ row] = newValue
    }
  }

  /// A copy of column `j`.
  public func column(_ j: Int) -> [Double] {
    precondition(j >= 0 && j < columns, "Matrix.column: \(j) out of 0..<\(columns)")
    return Array(storage[(j * rows)..<((j + 1) * rows)])
  }

  /// Replaces column `j` (`values.count == rows`).
  public mutating func setColumn(_ j: Int, _ values: [Double]) {
    precondition(j >= 0 && j < columns, "Matrix.setColumn: \(j) out of 0..<\(columns)")
    precondition(values.count == rows, "Matrix.setColumn: \(values.count) values for \(rows) rows")
    storage.withUnsafeMutableBufferPointer { dst in
      values.withUnsafeBufferPointer { src in
        guard let s = src.baseAddress, let d = dst.baseAddress else { return }
        (d + j * rows).update(from: s, count: rows)
      }
    }
  }

  /// The column-major values, read-only, for the duration of `body`.
  @inlinable
  public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
    try storage.withUnsafeBufferPointer(body)
  }

  /// The column-major values, writable, for the duration of `body`.
  @inlinable
  public mutating func withUnsafeMutableBufferPointer<R>(
    _ body: (inout UnsafeMutableBufferPointer<Double>) throws -> R
  ) rethrows -> R {
    try storage.withUnsafeMutableBufferPointer(body)
  }

  /// The column-major values as an array (a copy-on-write share, not a copy).
  public var columnMajorValues: [Double] { storage }
}
