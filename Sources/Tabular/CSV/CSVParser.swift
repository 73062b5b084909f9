/// The streaming state machine behind `CSVReader` (RFC 4180 with the
/// extensions documented there).
///
/// `consume` parses as many complete records as the buffer holds and
/// returns how many bytes it used; the caller keeps the rest and appends
/// the next block. A record is never split: if the buffer ends inside one,
/// its values are rolled back and it is parsed again from the larger buffer.
final class CSVParser {
  let options: CSVOptions
  let delimiter: UInt8
  let missingTokens: [[UInt8]]
  /// Some missing token is itself a number (e.g. `-999`): compare before parsing.
  let missingLooksNumeric: Bool
  var names: [String] = []
  /// For each file column, the builder that loads it, or −1.
  var target: [Int] = []
  var builders: [ColumnBuilder] = []
  var capacityHint: Int

  /// 1-based line of the parse position.
  var line = 1
  /// Offset of the current line's first byte in the current buffer.
  var lineStart = 0
  var headerDone = false
  var bomChecked = false
  var rowsRead = 0
  /// Rows (0-based) with a missing value in a loaded column, ascending.
  var missingRows: [Int] = []
  var missingLines: [Int] = []
  var firstMissing: (line: Int, column: Int, name: String)? = nil
  var scratch: [UInt8] = []
  /// The record being parsed has a quoted field that runs over line ends:
  /// where its quote opened (a field-count error then names it).
  var multilineQuote: (line: Int, column: Int)? = nil
  /// What the record being parsed added to the builders' type evidence,
  /// undone when the record is rolled back (it is parsed again).
  enum Evidence {
    case stray(String)
    case number
    case level(Int)
  }
  var pendingEvidence: [(builder: Int, evidence: Evidence)] = []
  /// Raw views for the hot loop, rebuilt when the storage grows: per file
  /// column the destination (nil when not loaded) and the builder index.
  var destinations: [UnsafeMutablePointer<Double>?] = []
  /// Per builder: bit 0 "a value other than 0/1 was seen", bit 1 "a
  /// non-integer literal was seen".
  var flags: [UInt8] = []
  /// Per builder: 1 declared binary, 2 declared integer, 0 otherwise.
  var declaredCodes: [UInt8] = []
  /// Per file column, for the fast path: the builder's flags (bits 0–1) and
  /// its declared code (bits 2–3); merged back into `flags` after each run.
  var columnModes: [UInt8] = []
  /// All loaded columns are numeric, so whole records may take the fast path.
  var fastEligible = false
  var capacity = 0
  let powers: UnsafeMutablePointer<Double> = {
    let p = UnsafeMutablePointer<Double>.allocate(capacity: 23)
    for k in 0...22 { p[k] = DecimalNumber.powers[k] }
    return p
  }()

  /// `10⁰…10⁸` as integers (the fast path's fraction scaling).
  let integerPowers: UnsafeMutablePointer<UInt64> = {
    let p = UnsafeMutablePointer<UInt64>.allocate(capacity: 9)
    var v: UInt64 = 1
    for k in 0...8 {
      p[k] = v
      v *= 10
    }
    return p
  }()

  deinit {
    powers.deallocate()
    integerPowers.deallocate()
  }

  init(options: CSVOptions, capacityHint: Int) {
    self.options = options
    delimiter = options.delimiter
    missingTokens = options.missingValues.map { Array($0.utf8) }
    missingLooksNumeric = missingTokens.contains { DecimalNumber.parseToken($0) != nil }
    self.capacityHint = capacityHint
  }

  enum Outcome {
    case done(Int)
    case needMore
  }

  static let quote: UInt8 = 0x22
  static let newline: UInt8 = 0x0A
  static let carriageReturn: UInt8 = 0x0D

  /// Parses whole records from `buffer`; returns the bytes consumed.
  func consume(_ buffer: UnsafeBufferPointer<UInt8>, final: Bool) throws(CSVError) -> Int {
    guard let b = buffer.baseAddress else {
      if final && !headerDone { throw CSVError("the file is empty: it needs a header row", line: 1, column: 1) }
      return 0
    }
    let n = buffer.count
    var i = 0
    lineStart = 0
    if !bomChecked {
      if n < 3 && !final { return 0 }
      if n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { i = 3 }
      bomChecked = true
      lineStart = i
    }
    if !headerDone {
      if i == n {
        if final { throw CSVError("the file is empty: it needs a header row", line: 1, column: 1) }
        return i
      }
      switch try parseHeader(b, i, n, final) {
      case .needMore: return i  // drops a byte-order mark already seen
      case .done(let next): i = next
      }
    }
    while i < n {
      let recordStart = i
      let recordLine = line
      let recordLineStart = lineStart
      // Blank lines are not records.
      if b[i] == Self.newline {
        i += 1
        line += 1
        lineStart = i
        continue
      }
      if b[i] == Self.carriageReturn {
        if i + 1 < n && b[i + 1] == Self.newline {
          i += 2
          line += 1
          lineStart = i
          continue
        }
        if i + 1 == n && !final { return recordStart }
      }
      ensureCapacity()
      if fastEligible {
        let next = fastRecords(b, i, n)
        if next != i {
          i = next
          continue
        }
      }
      switch try parseRecord(b, i, n, final) {
      case .done(let next):
        i = next
        rowsRead += 1
      case .needMore:
        rollBack(to: rowsRead)
        line = recordLine
        lineStart = recordLineStart
        return recordStart
      }
    }
    return n
  }

  /// Undoes a partly parsed record.
  func rollBack(to rows: Int) {
    while let last = missingRows.last, last >= rows {
      missingRows.removeLast()
      if missingLines.count > missingRows.count { missingLines.removeLast() }
    }
    // Missing counts per column are recomputed from NaN at the end; the type evidence is undone here.
    for (k, evidence) in pendingEvidence.reversed() { builders[k].undo(evidence) }
    pendingEvidence.removeAll(keepingCapacity: true)
  }

  // MARK: - Positions

  /// The 1-based column (in Unicode scalars) of buffer offset `offset` on the current line.
  func column(_ b: UnsafePointer<UInt8>, _ offset: Int, lineStartingAt start: Int? = nil) -> Int {
    var c = 1
    var k = start ?? lineStart
    while k < offset {
      if b[k] & 0xC0 != 0x80 { c += 1 }
      k += 1
    }
    return c
  }

  func text(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> String {
    String(decoding: UnsafeBufferPointer(start: b + start, count: end - start), as: UTF8.self)
  }

  // MARK: - Fields

  /// A field's extent: content `b[start..<end]` (or `scratch` when quoted) and the terminator offset.
  struct Field {
    var start: Int
    var end: Int
    var quoted: Bool
    var terminator: Int
  }

  /// Scans one field starting at `i`. Quoted content is unescaped into `scratch`.
  func scanField(_ b: UnsafePointer<UInt8>, _ i: Int, _ n: Int, _ final: Bool, header: Bool) throws(CSVError) -> Field?
  {
    if i < n && b[i] == Self.quote {
      let quoteLine = line
      let quoteColumn = column(b, i)
      scratch.removeAll(keepingCapacity: true)
      var j = i + 1
      while true {
        if j >= n {
          if !final { return nil }
          throw CSVError(
            header ? "unterminated quoted field in the header" : "unterminated quoted field",
            line: quoteLine, column: quoteColumn, notes: ["the quote opened here is never closed"])
        }
        let c = b[j]
        if c == Self.quote {
          if j + 1 < n && b[j + 1] == Self.quote {
            scratch.append(Self.quote)
            j += 2
            continue
          }
          if j + 1 == n && !final { return nil }
          j += 1
          break
        }
        if c == Self.newline {
          if multilineQuote == nil { multilineQuote = (quoteLine, quoteColumn) }
          line += 1
          lineStart = j + 1
        }
        scratch.append(c)
        j += 1
      }
      // After the closing quote: a terminator, nothing else.
      if j < n && b[j] != delimiter && b[j] != Self.newline && b[j] != Self.carriageReturn {
        throw CSVError(
          "unexpected character '\(CSVError.excerpt(text(b, j, min(n, j + 1))))' after a closing quote", line: line,
          column: column(b, j),
          notes: ["a quoted field must end at the quote; write a literal quote as \"\""])
      }
      return Field(start: 0, end: scratch.count, quoted: true, terminator: j)
    }
    var j = i
    while j < n {
      let c = b[j]
      if c == delimiter || c == Self.newline { break }
      if c == Self.carriageReturn {
        if j + 1 < n && b[j + 1] == Self.newline { break }
        if j + 1 == n && !final { return nil }
        throw CSVError(
          "carriage return without a line feed", line: line, column: column(b, j),
          notes: ["lines must end with LF or CRLF (old Mac CR-only files are not supported)"])
      }
      if c == Self.quote {
        throw CSVError(
          "quote character inside an unquoted field", line: line, column: column(b, j),
          notes: ["quote the whole field and double the inner quote: \"a\"\"b\""])
      }
      j += 1
    }
    if j == n && !final { return nil }
    return Field(start: i, end: j, quoted: false, terminator: j)
  }

  /// After a field ending at `t`: the offset after a delimiter, or `nil` at the end of the record.
  @inline(__always)
  func isDelimiter(_ b: UnsafePointer<UInt8>, _ t: Int, _ n: Int) -> Bool { t < n && b[t] == delimiter }

  /// The offset after the line ending at `t` (LF or CRLF), or `n` at the end of the data.
  @inline(__always)
  func endOfLine(_ b: UnsafePointer<UInt8>, _ t: Int, _ n: Int) -> Int {
    if t >= n { return n }
    let next = b[t] == Self.carriageReturn ? t + 2 : t + 1
    line += 1
    lineStart = next
    return next
  }

  // MARK: - Header

  func parseHeader(_ b: UnsafePointer<UInt8>, _ start: Int, _ n: Int, _ final: Bool) throws(CSVError) -> Outcome {
    var i = start
    var fields: [(String, Int)] = []
    let savedLine = line
    while true {
      let col = column(b, i)
      guard let field = try scanField(b, i, n, final, header: true) else {
        line = savedLine
        lineStart = start
        return .needMore
      }
      let name = field.quoted ? String(decoding: scratch, as: UTF8.self) : text(b, field.start, field.end)
      fields.append((name, col))
      if isDelimiter(b, field.terminator, n) {
        i = field.terminator + 1
        continue
      }
      i = endOfLine(b, field.terminator, n)
      break
    }
    var seen: [String: Int] = [:]
    for (name, col) in fields {
      if name.isEmpty { throw CSVError("empty column name in the header", line: 1, column: col) }
      if let first = seen[name] {
        throw CSVError(
          "duplicate column name '\(CSVError.excerpt(name))' in the header", line: 1, column: col, columnName: name,
          notes: ["first at column \(first)"])
      }
      seen[name] = col
    }
    names = fields.map(\.0)
    try configureColumns()
    headerDone = true
    return .done(i)
  }

  func configureColumns() throws(CSVError) {
    let wanted = options.columns.map(Set.init) ?? Set(names)
    if let requested = options.columns {
      let absent = requested.filter { !names.contains($0) }
      if let first = absent.first {
        throw CSVError(
          absent.count == 1
            ? "column '\(first)' is not in the file"
            : "columns \(absent.map { "'\($0)'" }.joined(separator: ", ")) are not in the file",
          line: 1, column: 1, columnName: first, notes: ["the header has: \(names.joined(separator: ", "))"])
      }
    }
    for name in options.declaredKinds.keys.sorted() where !names.contains(name) {
      throw CSVError(
        "a kind is declared for column '\(name)', which is not in the file", line: 1, column: 1,
        columnName: name, notes: ["the header has: \(names.joined(separator: ", "))"])
    }
    target = []
    builders = []
    for name in names {
      if wanted.contains(name) {
        target.append(builders.count)
        builders.append(ColumnBuilder(name: name, declared: options.declaredKinds[name], capacity: capacityHint))
      } else {
        target.append(-1)
      }
    }
    flags = [UInt8](repeating: 0, count: builders.count)
    declaredCodes = builders.map { $0.declared == .binary ? 1 : $0.declared == .integer ? 2 : 0 }
    capacity = builders.map(\.capacity).min() ?? Int.max
    refreshViews()
  }

  /// Rebuilds the raw destinations, the fast path's column modes and its eligibility.
  func refreshViews() {
    destinations = target.map { $0 >= 0 ? builders[$0].storage : nil }
    columnModes = target.map { $0 >= 0 ? flags[$0] | declaredCodes[$0] << 2 : 0 }
    fastEligible = !missingLooksNumeric && builders.allSatisfy { $0.mode == .numeric }
  }

  /// Makes room for the record about to be parsed (row `rowsRead`).
  @inline(__always)
  func ensureCapacity() {
    if rowsRead < capacity { return }
    for builder in builders { builder.reserve(rowsRead + 1, keeping: rowsRead) }
    capacity = builders.map(\.capacity).min() ?? Int.max
    refreshViews()
  }

  /// Stores `value` in builder `k` for the current row.
  @inline(__always)
  func store(_ k: Int, _ value: Double) { builders[k].storage[rowsRead] = value }

  // MARK: - Records

  func parseRecord(_ b: UnsafePointer<UInt8>, _ start: Int, _ n: Int, _ final: Bool) throws(CSVError) -> Outcome {
    var i = start
    let recordLine = line
    let count = names.count
    var rowMissing = false
    multilineQuote = nil
    if !pendingEvidence.isEmpty { pendingEvidence.removeAll(keepingCapacity: true) }
    for c in 0..<count {
      let k = target[c]
      if k >= 0 {
        let builder = builders[k]
        // Fast path: an unquoted number straight from the bytes.
        if builder.mode != .categorical && !missingLooksNumeric && i < n && b[i] != Self.quote {
          let r = DecimalNumber.parse(b + i, count: n - i)
          let t = i + r.length
          if r.status == .number && (t < n || final)
            && (t == n || b[t] == delimiter || b[t] == Self.newline
              || (b[t] == Self.carriageReturn && t + 1 < n && b[t + 1] == Self.newline))
          {
            try addNumber(k, r.value, integerLiteral: r.isIntegerLiteral, b, i, t)
            if c < count - 1 {
              guard t < n && b[t] == delimiter else { throw tooFew(b, t, found: c + 1) }
              i = t + 1
            } else {
              if t < n && b[t] == delimiter {
                guard let error = tooMany(b, t, n, final) else { return .needMore }
                throw error
              }
              i = endOfLine(b, t, n)
            }
            continue
          }
        }
      }
      let fieldLine = line
      let fieldLineStart = lineStart
      guard let field = try scanField(b, i, n, final, header: false) else { return .needMore }
      if k >= 0 {
        if try addField(k, b, i, field, at: (fieldLine, fieldLineStart)) { rowMissing = true }
      }
      let t = field.terminator
      if c < count - 1 {
        guard isDelimiter(b, t, n) else { throw tooFew(b, t, found: c + 1) }
        i = t + 1
      } else {
        if isDelimiter(b, t, n) {
          guard let error = tooMany(b, t, n, final) else { return .needMore }
          throw error
        }
        i = endOfLine(b, t, n)
      }
    }
    if rowMissing {
      missingRows.append(rowsRead)
      if missingLines.count < 10 { missingLines.append(recordLine) }
    }
    return .done(i)
  }

  func tooFew(_ b: UnsafePointer<UInt8>, _ t: Int, found: Int) -> CSVError {
    if let quote = multilineQuote { return unclosedQuote(quote, found: found) }
    return CSVError(
      "this row has \(found) field\(found == 1 ? "" : "s"), the header has \(names.count)", line: line,
      column: column(b, t), notes: ["expected \(names.count) fields, found \(found)"])
  }

  /// A quoted field that ran over line ends and left its record with the
  /// wrong number of fields: most likely a closing quote is missing.
  func unclosedQuote(_ quote: (line: Int, column: Int), found: Int) -> CSVError {
    CSVError(
      "the quoted field opened here runs on to line \(line): is its closing quote missing?", line: quote.line,
      column: quote.column,
      notes: [
        "read as one field, it leaves the record with \(found) field\(found == 1 ? "" : "s") of \(names.count)",
        "a quoted field may hold line breaks; write a literal quote inside it as \"\"",
      ])
  }

  /// The too-many-fields error, or `nil` when the rest of the record is not in the buffer yet.
  func tooMany(_ b: UnsafePointer<UInt8>, _ t: Int, _ n: Int, _ final: Bool) -> CSVError? {
    // Count the remaining fields of this record (quotes respected, no unescaping).
    var extra = 0
    var j = t
    var inQuotes = false
    while j < n {
      let c = b[j]
      if c == Self.quote { inQuotes.toggle() }
      if !inQuotes {
        if c == delimiter { extra += 1 }
        if c == Self.newline || c == Self.carriageReturn { break }
      }
      j += 1
    }
    if j == n && !final { return nil }
    let found = names.count + extra
    if let quote = multilineQuote { return unclosedQuote(quote, found: found) }
    return CSVError(
      "this row has \(found) fields, the header has \(names.count)", line: line, column: column(b, t),
      notes: ["expected \(names.count) fields, found \(found)"])
  }

  /// Parses consecutive records made only of unquoted numbers on one line,
  /// without per-field bookkeeping, until one is not of that shape (or the
  /// storage is full); returns the offset after the last one parsed. That
  /// record is left, uncommitted, to the general path, which also produces
  /// every error message.
  func fastRecords(_ b: UnsafePointer<UInt8>, _ start: Int, _ n: Int) -> Int {
    let run = destinations.withUnsafeBufferPointer { outs in
      columnModes.withUnsafeMutableBufferPointer { modes in
        Self.scanFastRecords(
          b, start, n, fields: names.count, delimiter: delimiter, powers: powers, integerPowers: integerPowers,
          outs: outs, modes: modes, firstRow: rowsRead, limit: capacity)
      }
    }
    for (c, k) in target.enumerated() where k >= 0 { flags[k] |= columnModes[c] & 3 }
    rowsRead += run.rows
    line += run.rows
    if run.rows > 0 { lineStart = run.end }
    return run.end
  }

  /// What ``scanFastRecords(_:_:_:fields:delimiter:powers:integerPowers:outs:modes:firstRow:limit:)``
  /// parsed: the records (one line each) and the offset after the last.
  struct FastRun {
    var end: Int
    var rows: Int
  }

  /// The fast path's kernel: records of `fields` unquoted numbers, one per
  /// line, from offset `start` of `b[0..<n]`, each value written to
  /// `outs[c][row]` (rows from `firstRow`, at most up to `limit`) for the
  /// loaded file columns `c`, with their kind bits ORed into `modes[c]`
  /// (bits 0-1 as ``flags``, the declared code in bits 2-3). Stops before
  /// the first record of another shape, one that is incomplete in the
  /// buffer, or one that contradicts a declared kind. Reads only `b`,
  /// `powers` and `integerPowers`, so it also runs on another core
  /// (``TailParser``).
  static func scanFastRecords(
    _ b: UnsafePointer<UInt8>, _ start: Int, _ n: Int, fields count: Int, delimiter: UInt8,
    powers: UnsafePointer<Double>, integerPowers: UnsafePointer<UInt64>,
    outs: UnsafeBufferPointer<UnsafeMutablePointer<Double>?>, modes: UnsafeMutableBufferPointer<UInt8>,
    firstRow: Int, limit: Int
  ) -> FastRun {
    var row = firstRow
    var i = start
    records: while row < limit && i < n {
      var j = i
      for c in 0..<count {
        let v: Double
        let t: Int
        let isInteger: Bool
        if j + 24 <= n, let r = DecimalNumber.parseShort(b + j, powers: powers, integerPowers: integerPowers) {
          // Most fields: short decimals, eight digits at a time.
          (v, t, isInteger) = (r.value, j + r.length, r.isInteger)
        } else {
          guard j < n else { break records }
          let r = DecimalNumber.parse(b + j, count: n - j, powers: powers)
          guard r.status == .number else { break records }
          (v, t, isInteger) = (r.value, j + r.length, r.isIntegerLiteral)
        }
        guard t < n else { break records }
        let terminator = b[t]
        if terminator != delimiter || c == count - 1 {
          guard c == count - 1,
            terminator == Self.newline
              || (terminator == Self.carriageReturn && t + 1 < n && b[t + 1] == Self.newline)
          else { break records }
        }
        if let out = outs[c] {
          // Kind bookkeeping, skipped once a column has shown both a
          // non-0/1 value and a non-integer literal (mode 3, no declaration).
          let mode = modes[c]
          if mode != 3 {
            var bits: UInt8 = 0
            if v != 0 && v != 1 { bits |= 1 }
            if !isInteger { bits |= 2 }
            if bits != 0 {
              let declared = mode >> 2
              if (declared == 1 && bits & 1 != 0) || (declared == 2 && bits & 2 != 0 && v.rounded() != v) {
                break records
              }
              modes[c] = mode | bits
            }
          }
          out[row] = v
        }
        j = t + 1
      }
      // j is just past the LF, or past the CR of a CRLF.
      if b[j - 1] == Self.carriageReturn { j += 1 }
      i = j
      row += 1
    }
    return FastRun(end: i, rows: row - firstRow)
  }

  // MARK: - Values

  /// Adds a field that did not take the fast path; returns whether it was missing.
  func addField(
    _ k: Int, _ b: UnsafePointer<UInt8>, _ fieldStart: Int, _ field: Field, at position: (line: Int, lineStart: Int)
  ) throws(CSVError) -> Bool {
    let line = position.line
    let builder = builders[k]
    func column(_ b: UnsafePointer<UInt8>, _ offset: Int) -> Int {
      self.column(b, offset, lineStartingAt: position.lineStart)
    }
    // The content, with surrounding spaces trimmed for unquoted fields.
    var bytes: [UInt8]
    if field.quoted {
      bytes = scratch
    } else {
      var s = field.start
      var e = field.end
      while s < e && b[s] == 0x20 { s += 1 }
      while e > s && b[e - 1] == 0x20 { e -= 1 }
      bytes = Array(UnsafeBufferPointer(start: b + s, count: e - s))
    }
    if missingTokens.contains(bytes) {
      store(k, .nan)
      builder.missingCount += 1
      if firstMissing == nil { firstMissing = (line, column(b, fieldStart), builder.name) }
      return true
    }
    let token = String(decoding: bytes, as: UTF8.self)
    if builder.mode == .categorical {
      if builder.declared == nil && Self.readsAsNumber(bytes) {
        builder.addNumberInText(token, line: line, column: column(b, fieldStart))
        pendingEvidence.append((k, .number))
      }
      let code = builder.code(for: token)
      pendingEvidence.append((k, .level(Int(code))))
      store(k, code)
      return false
    }
    if let r = DecimalNumber.parseToken(bytes) {
      if r.status == .overflow {
        throw CSVError(
          "the number '\(CSVError.excerpt(token))' is too large for a double (overflow)", line: line,
          column: column(b, fieldStart), columnName: builder.name,
          notes: ["the largest finite double is about 1.8e308"])
      }
      try addNumber(
        k, r.value, integerLiteral: r.isIntegerLiteral, b, fieldStart, field.terminator, token: token,
        at: position)
      return false
    }
    switch token.lowercased() {
    case "true":
      try addNumber(k, 1, integerLiteral: true, b, fieldStart, field.terminator, token: token, at: position)
      return false
    case "false":
      try addNumber(k, 0, integerLiteral: true, b, fieldStart, field.terminator, token: token, at: position)
      return false
    default:
      break
    }
    if builder.mode == .undetermined {
      builder.mode = .categorical
      builder.modeLine = line
      builder.firstText = (line, column(b, fieldStart))
      let code = builder.code(for: token)
      pendingEvidence.append((k, .level(Int(code))))
      store(k, code)
      refreshViews()
      return false
    }
    if builder.declared == nil {
      // Read on: the whole column decides (see ``ColumnBuilder/mixedTypeError(values:missingList:)``).
      builder.addStray(token, line: line, column: column(b, fieldStart))
      pendingEvidence.append((k, .stray(token)))
      store(k, .nan)
      return false
    }
    var notes: [String] = []
    let lower = token.lowercased()
    if ["nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"].contains(lower) {
      notes.append("'\(token)' is not a number here; write missing values as one of: \(missingList)")
    } else if lower.hasPrefix("0x") || lower.hasPrefix("-0x") || lower.hasPrefix("+0x") {
      notes.append("hexadecimal numbers are not accepted; write the value in decimal")
    }
    if let declared = builder.declared {
      notes.append("the column is declared \(declared.rawValue)")
    }
    throw CSVError(
      "non-numeric value '\(CSVError.excerpt(token))' in numeric column '\(builder.name)'", line: line,
      column: column(b, fieldStart), columnName: builder.name, notes: notes)
  }

  /// Whether a field's content reads as a number (or `true`/`false`).
  static func readsAsNumber(_ bytes: [UInt8]) -> Bool {
    if DecimalNumber.parseToken(bytes) != nil { return true }
    let lower = String(decoding: bytes, as: UTF8.self).lowercased()
    return lower == "true" || lower == "false"
  }

  var missingList: String {
    options.missingValues.map { $0.isEmpty ? "an empty field" : "'\($0)'" }.joined(separator: ", ")
  }

  @inline(__always)
  func addNumber(
    _ k: Int, _ value: Double, integerLiteral: Bool, _ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int,
    token: String? = nil, at position: (line: Int, lineStart: Int)? = nil
  ) throws(CSVError) {
    let builder = builders[k]
    let before = builder.mode
    do throws(CSVError) {
      flags[k] |= try builder.checkNumber(value, integerLiteral: integerLiteral, line: position?.line ?? line) {
        token ?? text(b, start, end)
      }
    } catch {
      var located = error
      located.line = position?.line ?? line
      located.column = column(b, start, lineStartingAt: position?.lineStart)
      throw located
    }
    if builder.mode != before { refreshViews() }
    store(k, value)
  }
}

extension String {
  var trimmingSpaces: String {
    var s = Substring(self)
    while s.first == " " { s = s.dropFirst() }
    while s.last == " " { s = s.dropLast() }
    return String(s)
  }
}
