extension CSVParser {
  /// ``consume(_:final:)`` with a large buffer's second half parsed on
  /// another core by `tail` (see ``TailParser`` for why the result is that
  /// of a sequential read).
  ///
  /// The split is just after the first line feed at or past the middle.
  /// Buffers smaller than `tail.minimumBytes`, the header, and parsers off
  /// the fast path (a text column, a numeric missing-value token) are read
  /// sequentially.
  func consume(_ buffer: UnsafeBufferPointer<UInt8>, final: Bool, tail: TailParser) throws(CSVError) -> Int {
    let n = buffer.count
    guard headerDone, fastEligible, n >= max(tail.minimumBytes, 2), let b = buffer.baseAddress else {
      return try consume(buffer, final: final)
    }
    var split = n / 2
    while split < n && b[split] != Self.newline { split += 1 }
    split += 1
    guard split < n else { return try consume(buffer, final: final) }
    tail.start(b + split, count: n - split, parser: self)
    let head: Result<Int, CSVError>
    do throws(CSVError) {
      head = .success(try consume(UnsafeBufferPointer(start: b, count: split), final: false))
    } catch {
      head = .failure(error)
    }
    let run = tail.wait()
    var resume = try head.get()
    let kept = resume == split && fastEligible && run.rows > 0
    tail.settle(kept: kept)
    if kept {
      append(run, from: tail)
      resume = split + run.end
    }
    return try resume + consume(UnsafeBufferPointer(start: b + resume, count: n - resume), final: final)
  }

  /// Appends the rows of a tail run (parsed from the current position).
  func append(_ run: FastRun, from tail: TailParser) {
    for builder in builders { builder.reserve(rowsRead + run.rows, keeping: rowsRead) }
    for (c, k) in target.enumerated() where k >= 0 {
      if let values = tail.columns[c] { (builders[k].storage + rowsRead).initialize(from: values, count: run.rows) }
      flags[k] |= tail.modes[c] & 3
    }
    rowsRead += run.rows
    line += run.rows
    capacity = builders.map(\.capacity).min() ?? Int.max
    refreshViews()
  }
}
