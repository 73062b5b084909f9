/// How to read a delimited data file.
public struct CSVOptions: Sendable, Equatable {
  /// The field separator: 44 (`,`) or 9 (tab).
  public var delimiter: UInt8
  /// Field texts that mean "missing" (compared with the unquoted field
  /// content after trimming spaces). Default: `""`, `"NA"`, `"NaN"`.
  public var missingValues: [String]
  /// Column kinds the study declares; the data must agree.
  public var declaredKinds: [String: ColumnKind]
  /// Load only these columns (in file order); an absent one is an error.
  public var columns: [String]?
  /// `false` (default): any missing value in a loaded column is an error that
  /// counts the rows and names the first lines. `true`: such rows are dropped
  /// (complete cases over the loaded columns only) and counted per column.
  public var dropMissing: Bool
  /// The largest data file read, in bytes (checked before reading): 64 GiB.
  public var maximumFileBytes: Int = 1 << 36
  /// The longest record (line, or lines of one quoted field), in bytes: 1 MiB.
  /// A longer one is an error quoting its first 80 characters; this bounds
  /// the reader's buffer whatever the file holds (a file of NUL bytes, an
  /// unterminated quote).
  public var maximumRecordBytes: Int = 1 << 20
  /// The most threads the reader uses: 2 (the default) or more lets a file of
  /// 16 MiB or more, on a machine with a second core, be hashed, and each
  /// block's second half be parsed, on a second thread; 1 reads on the
  /// calling thread alone (`assay run --threads 1`). The table, the hash and
  /// every error are the same either way.
  public var threads: Int = 2

  /// Options with the defaults above.
  public init(
    delimiter: UInt8 = 44, missingValues: [String] = ["", "NA", "NaN"], declaredKinds: [String: ColumnKind] = [:],
    columns: [String]? = nil, dropMissing: Bool = false
  ) {
    self.delimiter = delimiter
    self.missingValues = missingValues
    self.declaredKinds = declaredKinds
    self.columns = columns
    self.dropMissing = dropMissing
  }
}
