import Crypto
import Foundation

/// Reads delimited text files (RFC 4180) into a `DataTable`.
///
/// Format: a header row of unique, non-empty names, then one record per
/// line; fields separated by `options.delimiter` (`,` or tab); a field may
/// be quoted with `"`, and inside quotes the delimiter, line breaks and
/// doubled quotes `""` are literal. Lines end with LF or CRLF; a UTF-8
/// byte-order mark is skipped; blank lines are not records. Spaces around
/// an unquoted field are ignored. Numbers follow `DecimalNumber`'s grammar
/// (no `nan`, `inf`, hex); `true`/`false` (any case) read as 1/0.
///
/// Errors (`CSVError`) carry the file line and column (1-based, in Unicode
/// scalars) and the data column: unterminated quotes, text after a closing
/// quote, stray quotes, bare carriage returns, rows with too few or too many
/// fields (expected vs found), text in a numeric column (the value is
/// shown), overflow, values that contradict a declared kind, duplicate or
/// empty header names, requested columns that are absent, and — under the
/// default policy — missing values (how many rows, the first lines).
///
/// Speed and memory: the file is read in 4 MiB blocks, hashed (SHA-256) and
/// parsed straight into one contiguous `[Double]` per loaded column (capacity
/// estimated from the first block), so peak memory is the columns plus one
/// block. Numbers take a fast path that reads digits directly from the
/// block (see `DecimalNumber`). Files of 16 MiB or more, on a machine with
/// a second core and unless `options.threads` is 1, are hashed on that
/// core (`PipelinedHasher`) and each block's second half is parsed there
/// too (`TailParser`), with results identical to a sequential read.
public enum CSVReader {
  static let blockSize = 4 << 20
  /// Blocks of at least this size are parsed on two cores (``TailParser``).
  static let splitBlocksFrom = 1 << 20

  /// Reads the file at `path`.
  public static func read(path: String, options: CSVOptions) throws(CSVError) -> LoadedTable {
    let file = try RegularFile.open(path, maximumBytes: options.maximumFileBytes)
    let fd = file.descriptor
    defer { close(fd) }
    let fileSize = file.size
    return try stream(blockSize: blockSize, fileSize: fileSize, options: options) { target throws(CSVError) in
      guard let base = target.baseAddress else { return 0 }
      let got = Foundation.read(fd, base, target.count)
      if got < 0 { throw CSVError("cannot read the file: \(String(cString: strerror(errno)))") }
      return got
    }
  }

  /// The streaming loop: `source` fills a buffer and returns the byte count (0 at the end).
  ///
  /// Each block is hashed, then parsed; the unparsed tail (an incomplete
  /// record) moves to the front of the buffer, which doubles when a single
  /// record outgrows it.
  static func stream(
    blockSize: Int, fileSize: Int, options: CSVOptions, tail givenTail: TailParser? = nil,
    source: (UnsafeMutableRawBufferPointer) throws(CSVError) -> Int
  ) throws(CSVError) -> LoadedTable {
    var buffer = [UInt8](repeating: 0, count: blockSize)
    var filled = 0
    let cores = options.threads > 1 && ProcessInfo.processInfo.activeProcessorCount > 1
    let hasher = PipelinedHasher(concurrent: fileSize >= PipelinedHasher.concurrentFrom && cores)
    let splitting = fileSize >= PipelinedHasher.concurrentFrom && cores
    let tail = givenTail ?? (splitting ? TailParser(minimumBytes: splitBlocksFrom) : nil)
    var byteCount = 0
    var parser: CSVParser? = nil
    while true {
      if filled == buffer.count { buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count)) }
      let read = buffer.withUnsafeMutableBytes { raw -> Result<Int, CSVError> in
        do throws(CSVError) {
          return .success(
            try source(UnsafeMutableRawBufferPointer(rebasing: raw[filled..<min(raw.count, filled + blockSize)])))
        } catch {
          return .failure(error)
        }
      }
      let got = try read.get()
      buffer.withUnsafeBytes { raw in
        hasher.update(UnsafeRawBufferPointer(rebasing: raw[filled..<(filled + got)]))
      }
      byteCount += got
      filled += got
      let final = got == 0
      if parser == nil {
        parser = CSVParser(options: options, capacityHint: estimateRows(buffer, filled, fileSize))
      }
      guard let parser else { break }
      let used = try buffer.withUnsafeBufferPointer { b throws(CSVError) in
        let data = UnsafeBufferPointer(rebasing: b[0..<filled])
        if let tail { return try parser.consume(data, final: final, tail: tail) }
        return try parser.consume(data, final: final)
      }
      if used > 0 {
        buffer.withUnsafeMutableBufferPointer { b in
          guard let base = b.baseAddress else { return }
          base.update(from: base + used, count: filled - used)
        }
        filled -= used
      }
      if final { break }
      // What is left is one unfinished record: bounded, so memory stays a small multiple of the data kept.
      if filled > options.maximumRecordBytes {
        throw recordTooLong(buffer, filled: filled, line: parser.line, limit: options.maximumRecordBytes)
      }
    }
    guard let parser else { throw CSVError("the file is empty: it needs a header row", line: 1, column: 1) }
    return try finish(parser, sha256: hasher.finish(), byteCount: byteCount)
  }

  /// The error of a record longer than `limit` bytes starting at `line`,
  /// quoting (escaped) at most ``CSVError/excerptLimit`` characters of it.
  static func recordTooLong(_ buffer: [UInt8], filled: Int, line: Int, limit: Int) -> CSVError {
    let start = String(decoding: buffer[0..<min(filled, 4 * CSVError.excerptLimit)], as: UTF8.self)
    let unquoted = buffer[0..<filled].filter { $0 == CSVParser.quote }.count % 2 == 1
    return CSVError(
      "the record starting here is longer than \(limit) bytes: it begins '\(CSVError.excerpt(start, countingRest: false))'",
      line: line, column: 1,
      notes: [
        unquoted
          ? "a quote opened in it is never closed: a quoted field runs on to the end of the file"
          : "no line end within \(limit) bytes: is this a text file, and is the delimiter right?",
        "records (lines) may have at most \(limit) bytes",
      ])
  }

  /// Reads in-memory bytes through the streaming loop in blocks of `blockSize`
  /// (for tests of records that straddle blocks), splitting buffers between
  /// two cores with `tail` when it is given.
  static func read(bytes: [UInt8], blockSize: Int, options: CSVOptions, tail: TailParser? = nil) throws(CSVError)
    -> LoadedTable
  {
    var offset = 0
    return try stream(blockSize: blockSize, fileSize: bytes.count, options: options, tail: tail) { target in
      let count = min(target.count, bytes.count - offset)
      if count > 0, let base = target.baseAddress {
        bytes.withUnsafeBytes { src in
          guard let s = src.baseAddress else { return }
          base.copyMemory(from: s + offset, byteCount: count)
        }
      }
      offset += count
      return count
    }
  }

  /// Reads CSV text held in memory (`fileName` is only used in messages).
  public static func read(bytes: [UInt8], fileName: String = "<memory>", options: CSVOptions) throws(CSVError)
    -> LoadedTable
  {
    let parser = CSVParser(options: options, capacityHint: 0)
    _ = try bytes.withUnsafeBufferPointer { b throws(CSVError) in try parser.consume(b, final: true) }
    return try finish(parser, sha256: ContentHash.sha256(bytes: bytes), byteCount: bytes.count)
  }

  /// Rows expected from the average record length in the first block (+5%).
  static func estimateRows(_ buffer: [UInt8], _ filled: Int, _ fileSize: Int) -> Int {
    let sample = min(filled, 1 << 20)
    var lines = 0
    for k in 0..<sample where buffer[k] == 0x0A { lines += 1 }
    guard lines > 1, fileSize > 0 else { return 0 }
    return Int(Double(fileSize) / (Double(sample) / Double(lines)) * 1.05) + 16
  }

  static func finish(_ parser: CSVParser, sha256: String, byteCount: Int) throws(CSVError) -> LoadedTable {
    if !parser.headerDone { throw CSVError("the file is empty: it needs a header row", line: 1, column: 1) }
    // A column's type is decided by all its values: an undeclared column of numbers and text is an error.
    var nanCounts: [Int] = []
    for builder in parser.builders {
      // Only a missing value or a stray text stores NaN (the number grammar has none).
      var nan = 0
      if !parser.missingRows.isEmpty || builder.strayRows > 0 {
        for i in 0..<parser.rowsRead where builder.storage[i].isNaN { nan += 1 }
      }
      nanCounts.append(nan)
      let values = parser.rowsRead - nan + builder.strayRows
      if let error = builder.mixedTypeError(values: values, missingList: parser.missingList) { throw error }
    }
    var table = try ColumnBuilder.assemble(
      parser.builders, flags: parser.flags, rowsRead: parser.rowsRead, missingRows: parser.missingRows,
      missingLines: parser.missingLines, firstMissing: parser.firstMissing, options: parser.options,
      missingList: parser.missingList, lineWord: "line", sha256: sha256, byteCount: byteCount)
    for (k, builder) in parser.builders.enumerated() {
      table.evidence[builder.name] = builder.evidence(
        kind: table.table.columns[k].kind, values: parser.rowsRead - nanCounts[k], rows: parser.rowsRead)
    }
    return table
  }
}
