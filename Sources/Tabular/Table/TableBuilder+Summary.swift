extension TableBuilder {
  /// Running summaries of the complete rows, for a builder that does not
  /// keep them: per column the count, sum, Welford mean and sum of squared
  /// deviations, minimum and maximum (numbers), or the levels seen
  /// (categorical); per arm of a chosen column, the count and column sums;
  /// and that column's first three distinct values.
  struct SummaryState {
    var count: [Int]
    var sum: [Double]
    var mean: [Double]
    var m2: [Double]
    var minimum: [Double]
    var maximum: [Double]
    var levels: [Set<Int>]
    var arm: (column: Int, treated: Double, control: Double)?
    var armCount = [0, 0]
    var armSums: [[Double]]
    var distinct: [Double] = []
    var distinctCount: [Int] = []

    init(columns: Int) {
      count = [Int](repeating: 0, count: columns)
      sum = [Double](repeating: 0, count: columns)
      mean = sum
      m2 = sum
      minimum = [Double](repeating: .infinity, count: columns)
      maximum = [Double](repeating: -.infinity, count: columns)
      levels = [Set<Int>](repeating: [], count: columns)
      armSums = [sum, sum]
    }

    /// Adds the complete row in the builders' summary slot.
    mutating func add(_ builders: [ColumnBuilder]) {
      for (k, builder) in builders.enumerated() {
        let v = builder.storage[0]
        if builder.mode == .categorical {
          levels[k].insert(Int(v))
          continue
        }
        count[k] += 1
        sum[k] += v
        let delta = v - mean[k]
        mean[k] += delta / Double(count[k])
        m2[k] += delta * (v - mean[k])
        minimum[k] = min(minimum[k], v)
        maximum[k] = max(maximum[k], v)
      }
      guard let arm else { return }
      let t = builders[arm.column].storage[0]
      if let i = distinct.firstIndex(of: t) {
        distinctCount[i] += 1
      } else if distinct.count < 3 {
        distinct.append(t)
        distinctCount.append(1)
      }
      let side = t == arm.treated ? 0 : t == arm.control ? 1 : -1
      guard side >= 0 else { return }
      armCount[side] += 1
      for (k, builder) in builders.enumerated() where builder.mode != .categorical {
        armSums[side][k] += builder.storage[0]
      }
    }
  }

  /// Summarises the arms of column `column` (the treatment): the rows
  /// holding `treated`, and those holding `control`.
  public func summarizeArms(of column: Int, treated: Double, control: Double) {
    summary.arm = (column, treated, control)
  }

  /// The summary of the rows, under the missing-value policy (the same
  /// refusal as ``finish(sha256:byteCount:)``); `sha256` and `byteCount`
  /// describe the rows as the caller hashed them.
  ///
  /// - Precondition: the builder does not keep rows.
  public func finishSummary(sha256: String, byteCount: Int) throws(CSVError) -> TableSummary {
    precondition(!keepsRows, "finishSummary: the builder keeps its rows; use finish")
    let values = try checkTypes()
    var byColumn: [String: Int] = [:]
    for builder in builders where builder.missingCount > 0 { byColumn[builder.name] = builder.missingCount }
    if !missingRows.isEmpty && !options.dropMissing {
      throw ColumnBuilder.missingValues(
        rows: missingRows.count, byColumn: byColumn, missingLines: missingLines, firstMissing: firstMissing,
        missingList: missingList, lineWord: "row")
    }
    let s = summary
    let columns = builders.enumerated().map { k, builder -> TableSummary.Column in
      let kind = builder.finalKind(flags: flags[k])
      if kind == .categorical {
        let levels = s.levels[k].map { builder.levelNames[$0] }
          .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return TableSummary.Column(name: builder.name, kind: kind, levels: levels)
      }
      let n = s.count[k]
      return TableSummary.Column(
        name: builder.name, kind: kind, count: n, mean: n > 0 ? s.sum[k] / Double(n) : .nan,
        standardDeviation: n > 1 ? (s.m2[k] / Double(n - 1)).squareRoot() : 0, minimum: n > 0 ? s.minimum[k] : nil,
        maximum: n > 0 ? s.maximum[k] : nil)
    }
    var arms: [TableSummary.Arm] = []
    if s.arm != nil {
      for side in 0..<2 where s.armCount[side] > 0 {
        var means: [String: Double] = [:]
        for (k, column) in columns.enumerated() where column.kind != .categorical {
          means[column.name] = s.armSums[side][k] / Double(s.armCount[side])
        }
        arms.append(TableSummary.Arm(treated: side == 0, count: s.armCount[side], means: means))
      }
    }
    let dropped = options.dropMissing ? missingRows.count : 0
    return TableSummary(
      rowsRead: rowsRead, rowsDropped: dropped, droppedByColumn: options.dropMissing ? byColumn : [:],
      firstDroppedLines: options.dropMissing ? missingLines : [], columns: columns, arms: arms,
      armValues: s.distinct.count <= 2 ? s.distinct.sorted() : nil,
      armValueCounts: s.distinct.count <= 2
        ? s.distinct.indices.sorted { s.distinct[$0] < s.distinct[$1] }.map { s.distinctCount[$0] } : nil,
      evidence: Dictionary(
        uniqueKeysWithValues: builders.indices.map {
          (builders[$0].name, builders[$0].evidence(kind: columns[$0].kind, values: values[$0], rows: rowsRead))
        }),
      sha256: sha256, byteCount: byteCount)
  }
}

/// What a summarising ``TableBuilder`` learned of the rows it did not keep.
public struct TableSummary: Sendable {
  /// One column: its kind and levels as a loaded table would have them, and
  /// (numbers) the count, mean, standard deviation (n − 1), minimum and
  /// maximum over the rows used.
  public struct Column: Sendable {
    public var name: String
    public var kind: ColumnKind
    public var levels: [String] = []
    public var count = 0
    public var mean = Double.nan
    public var standardDeviation = Double.nan
    public var minimum: Double? = nil
    public var maximum: Double? = nil
  }

  /// One arm of the summarised column: its rows and column means.
  public struct Arm: Sendable {
    public var treated: Bool
    public var count: Int
    public var means: [String: Double]
  }

  public var rowsRead: Int
  public var rowsDropped: Int
  public var droppedByColumn: [String: Int]
  public var firstDroppedLines: [Int]
  public var columns: [Column]
  public var arms: [Arm]
  /// The summarised column's distinct values, sorted, when it has at most two.
  public var armValues: [Double]?
  /// How many rows hold each of `armValues`.
  public var armValueCounts: [Int]?
  /// Why each column has its kind, by name (as ``LoadedTable/evidence``).
  public var evidence: [String: ColumnEvidence]
  public var sha256: String
  public var byteCount: Int

  /// Rows the analysis uses.
  public var rowsUsed: Int { rowsRead - rowsDropped }
}
