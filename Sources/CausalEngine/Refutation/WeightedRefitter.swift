import NumericKernels

/// A refitter that re-estimates on resampled rows from counts (and, when it
/// needs them, the listing of the resampled rows in the full path's order)
/// instead of a copy of the data: ``PropensityRefitter``,
/// ``DoublyRobustRefitter``. The draws below are the full path's, from the
/// same streams, so a simulation's rows are the same either way.
protocol WeightedRefitter: Sendable {
  var rowCount: Int { get }
  /// `D` of the observed treatment.
  var indicator: [Double] { get }
  /// The warm start of subset and bootstrap refits (nil: none).
  var start: [Double]? { get }
  /// Whether ``estimate(counts:rows:indicator:start:)`` reads the listing of rows.
  var needsRows: Bool { get }
  /// `D` for a treatment value, as ``TreatmentIndicator`` reads it; nil for another value.
  func level(_ value: Double) -> Double?
  /// The estimate on the rows counted `counts[i]` times (nil: each once),
  /// listed in `rows` (nil: every row once, in order), with indicator `d`;
  /// nil when the shortcut declines (the caller re-estimates in full).
  func estimate(counts: [Double]?, rows: [Int]?, indicator d: [Double], start: [Double]?) -> Double?
}

extension WeightedRefitter {
  /// Counts of each row in a listing of rows.
  func counts(of rows: [Int]) -> [Double] {
    var counts = [Double](repeating: 0, count: rowCount)
    for i in rows { counts[i] += 1 }
    return counts
  }

  /// Bootstrap resamples, one per generator: the rows of
  /// `Sampling.resampleIndices(count: n, from: n)` (the full path's draws, in its order).
  func resampled(generators: inout [Xoshiro256StarStar]) -> [Double?] {
    let n = rowCount
    return generators.indices.map { s in
      let drawn = Sampling.resampleIndices(count: n, from: n, using: &generators[s])
      return estimate(
        counts: counts(of: drawn), rows: needsRows ? drawn : nil, indicator: indicator, start: start)
    }
  }

  /// Subsets of `size` rows, one per generator (the full path's `subsetMask` draws).
  func keeping(size: Int, generators: inout [Xoshiro256StarStar]) -> [Double?] {
    let n = rowCount
    return generators.indices.map { s in
      let mask = Sampling.subsetMask(n: n, size: size, using: &generators[s])
      let rows = mask.indices.filter { mask[$0] }
      return estimate(counts: counts(of: rows), rows: rows, indicator: indicator, start: start)
    }
  }

  /// Placebo treatments taking `high` on `raisedCount` rows chosen at
  /// random and `low` elsewhere (the full path's `subsetMask` draws); the
  /// refit starts at the intercept-only model (``LogisticRefit/nullStart(columns:intercept:indicator:weights:)``).
  func replacingBinaryTreatment(raisedCount: Int, low: Double, high: Double, generators: inout [Xoshiro256StarStar])
    -> [Double?]
  {
    let n = rowCount
    guard let dHigh = level(high), let dLow = level(low) else { return generators.map { _ in nil } }
    return generators.indices.map { s in
      let mask = Sampling.subsetMask(n: n, size: raisedCount, using: &generators[s])
      return estimate(counts: nil, rows: nil, indicator: mask.map { $0 ? dHigh : dLow }, start: nil)
    }
  }

  /// Hashed subsets: row i kept when its draw is below `threshold` (``DataSubsetRefuter``).
  func keeping(rows keys: [UInt64], threshold: UInt64, simulations: [Int]) -> [Double?] {
    simulations.map { k in
      let rows = keys.indices.filter { RowHash.draw(row: keys[$0], simulation: k) < threshold }
      return estimate(counts: counts(of: rows), rows: rows, indicator: indicator, start: start)
    }
  }

  /// Hashed bootstrap resamples: row i listed `RowHash.poisson` times, in
  /// row order (``BootstrapRefuter``).
  func poissonResampled(rows keys: [UInt64], simulations: [Int]) -> [Double?] {
    simulations.map { k in
      var rows: [Int] = []
      rows.reserveCapacity(keys.count)
      for i in keys.indices {
        for _ in 0..<RowHash.poisson(RowHash.draw(row: keys[i], simulation: k)) { rows.append(i) }
      }
      return estimate(counts: counts(of: rows), rows: rows, indicator: indicator, start: start)
    }
  }

  /// Hashed two-valued placebos: row i takes `high` when its draw is below
  /// `threshold`, `low` otherwise (``PlaceboTreatmentRefuter``'s draws).
  func replacingBinaryTreatment(rows keys: [UInt64], threshold: UInt64, low: Double, high: Double, simulations: [Int])
    -> [Double?]
  {
    guard let dHigh = level(high), let dLow = level(low) else { return simulations.map { _ in nil } }
    return simulations.map { k in
      let d = keys.map { RowHash.draw(row: $0, simulation: k) < threshold ? dHigh : dLow }
      return estimate(counts: nil, rows: nil, indicator: d, start: nil)
    }
  }
}
