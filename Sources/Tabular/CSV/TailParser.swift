import Dispatch

/// Parses the second half of a block on another core while ``CSVParser``
/// reads the first half (``CSVParser/consume(_:final:tail:)``).
///
/// Only records of the fast path's shape (unquoted numbers, one line each)
/// are parsed, into this object's own columns, by the parser's own kernel
/// (``CSVParser/scanFastRecords(_:_:_:fields:delimiter:powers:integerPowers:outs:modes:firstRow:limit:)``),
/// from the first line start after the middle of the block to the first
/// record of another shape. The split is chosen without knowing whether it
/// falls inside a quoted field; the parser finds out by reading the first
/// half itself, and keeps the run only when that read ends exactly at the
/// split (a record boundary) with the parser still on the fast path. It
/// then copies the rows in and reads on after them; otherwise it discards
/// the run and reads on from where it stopped. Either way the table, its
/// column kinds and every error (with its line) are those of a sequential
/// read (`CSVFuzzTests`, "split blocks").
///
/// Memory: per loaded column, room for the rows half a block can hold
/// (a fast record has at least two bytes per field), reused from block to
/// block.
final class TailParser: @unchecked Sendable {
  /// Blocks of at least this many bytes are split (below, a thread hop
  /// costs more than half a block's parse).
  let minimumBytes: Int
  private let queue = DispatchQueue(label: "assay.csv.tail")
  private let finished = DispatchSemaphore(value: 0)
  /// Per file column, the run's values (nil when the column is not loaded).
  private(set) var columns: [UnsafeMutablePointer<Double>?] = []
  private var capacity = 0
  /// Per file column, the kind bits and declared code, as ``CSVParser/columnModes``.
  private(set) var modes: [UInt8] = []
  private var run = CSVParser.FastRun(end: 0, rows: 0)
  /// Rows of runs the parser kept, and runs it discarded (for tests and the bench).
  private(set) var rowsKept = 0
  private(set) var runsDiscarded = 0

  init(minimumBytes: Int) {
    self.minimumBytes = minimumBytes
  }

  deinit {
    for column in columns { column?.deallocate() }
  }

  /// Starts parsing `count` bytes at `b` on the queue with `parser`'s
  /// settings; the bytes must stay unchanged until ``wait()`` returns.
  func start(_ b: UnsafePointer<UInt8>, count: Int, parser: CSVParser) {
    let fields = parser.names.count
    let rows = count / (2 * max(fields, 1)) + 1
    if columns.count != parser.target.count || rows > capacity {
      for column in columns { column?.deallocate() }
      capacity = max(rows, capacity)
      columns = parser.target.map { $0 >= 0 ? .allocate(capacity: capacity) : nil }
    }
    modes = parser.columnModes
    // Addresses travel as integers (raw pointers are not Sendable); the
    // parser's tables and the bytes are only read until `wait()`.
    let bytes = Int(bitPattern: b)
    let powers = Int(bitPattern: parser.powers)
    let integerPowers = Int(bitPattern: parser.integerPowers)
    let delimiter = parser.delimiter
    let limit = capacity
    queue.async {
      guard let b = UnsafePointer<UInt8>(bitPattern: bytes), let powers = UnsafePointer<Double>(bitPattern: powers),
        let integerPowers = UnsafePointer<UInt64>(bitPattern: integerPowers)
      else {
        self.finished.signal()
        return
      }
      self.run = self.columns.withUnsafeBufferPointer { outs in
        self.modes.withUnsafeMutableBufferPointer { modes in
          CSVParser.scanFastRecords(
            b, 0, count, fields: fields, delimiter: delimiter, powers: powers, integerPowers: integerPowers,
            outs: outs, modes: modes, firstRow: 0, limit: limit)
        }
      }
      self.finished.signal()
    }
  }

  /// Waits for the run started last and returns it (offsets from its start).
  func wait() -> CSVParser.FastRun {
    finished.wait()
    return run
  }

  /// Records whether the parser kept the run.
  func settle(kept: Bool) {
    if kept { rowsKept += run.rows } else { runsDiscarded += 1 }
  }
}
