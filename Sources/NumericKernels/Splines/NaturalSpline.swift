/// The natural cubic spline basis of R's `splines::ns(x, df)`: the same
/// knots, the same constraints, the same basis columns.
///
/// Construction (R 4.2, `splines::ns` with `intercept = FALSE`):
/// 1. interior knots at the type-7 sample quantiles of `x` at probabilities
///    `j / df` for `j = 1..<df` (as `seq(0, 1, length.out = df + 1)` gives
///    them); boundary knots at `min(x)` and `max(x)`;
/// 2. the cubic B-spline basis on the knot sequence with each boundary knot
///    repeated four times (`splineDesign(..., ord = 4)`), its first column
///    dropped;
/// 3. the natural constraints (second derivative 0 at both boundary knots)
///    removed by the Householder QR of their 2 × k transpose, exactly as
///    LINPACK's `dqrdc2`/`dqrsl` (R's default `qr`) compute it: the basis is
///    multiplied by `Qᵀ` and its first two columns dropped.
///
/// The knots are fixed when the basis is built, so ``evaluate(_:)`` gives the
/// columns at other values (a prediction at another treatment level, say);
/// values outside the boundary knots are extrapolated linearly, as R's
/// `predict` does.
///
/// Result: `df` columns. `df` must be at least 1; `x` must have at least two
/// distinct finite values.
public struct NaturalSpline: Sendable, Hashable {
  /// The interior knots.
  public let interiorKnots: [Double]
  /// The boundary knots: the range of the values the basis was built on.
  public let boundaryKnots: (Double, Double)
  /// The full knot sequence (boundary knots four times each).
  let knots: [Double]
  /// The Householder vectors of the constraint QR (columns of the factored matrix) and their `qraux`.
  let householder: [[Double]]
  let qraux: [Double]

  public static func == (a: NaturalSpline, b: NaturalSpline) -> Bool {
    a.interiorKnots == b.interiorKnots && a.boundaryKnots == b.boundaryKnots
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(interiorKnots)
    hasher.combine(boundaryKnots.0)
    hasher.combine(boundaryKnots.1)
  }

  /// The basis for `values` (finite), with `df` columns.
  public init(values: [Double], df: Int) {
    precondition(df >= 1, "NaturalSpline: df must be at least 1")
    let sorted = values.sorted()
    precondition(sorted.count >= 2 && sorted.first! < sorted.last!, "NaturalSpline: needs two distinct values")
    let interior = df - 1
    let step = 1.0 / Double(interior + 1)
    interiorKnots = (1...max(1, interior)).prefix(interior).map { Self.quantile(sorted, Double($0) * step) }
    boundaryKnots = (sorted.first!, sorted.last!)
    knots =
      [Double](repeating: boundaryKnots.0, count: 4) + interiorKnots
      + [Double](repeating: boundaryKnots.1, count: 4)
    // The constraints: second derivatives of the basis at both boundary
    // knots, first basis function dropped; their transpose (k × 2) is factored.
    let k = knots.count - 4 - 1
    let atLow = Self.basisRow(knots, boundaryKnots.0, derivative: 2)
    let atHigh = Self.basisRow(knots, boundaryKnots.1, derivative: 2)
    var a = [Array(atLow.dropFirst()), Array(atHigh.dropFirst())]  // two columns of length k
    var qraux = [0.0, 0.0]
    for l in 0..<2 {
      var norm = 0.0
      for i in l..<k { norm += a[l][i] * a[l][i] }
      norm = norm.squareRoot()
      guard norm != 0 else { continue }
      if a[l][l] != 0 { norm = a[l][l] < 0 ? -norm : norm }
      for i in l..<k { a[l][i] /= norm }
      a[l][l] += 1
      for j in (l + 1)..<2 {
        var t = 0.0
        for i in l..<k { t -= a[l][i] * a[j][i] }
        t /= a[l][l]
        for i in l..<k { a[j][i] += t * a[l][i] }
      }
      qraux[l] = a[l][l]
      a[l][l] = -norm
    }
    householder = a
    self.qraux = qraux
  }

  /// The basis columns (`df` of them) at `values`.
  public func evaluate(_ values: [Double]) -> [[Double]] {
    let k = knots.count - 4 - 1
    let df = k - 2
    var columns = [[Double]](repeating: [Double](repeating: 0, count: values.count), count: df)
    for (r, x) in values.enumerated() {
      guard x.isFinite else {
        for j in 0..<df { columns[j][r] = .nan }
        continue
      }
      var row: [Double]
      if x < boundaryKnots.0 || x > boundaryKnots.1 {
        // Linear extrapolation from the nearer boundary knot.
        let b = x < boundaryKnots.0 ? boundaryKnots.0 : boundaryKnots.1
        let value = Self.basisRow(knots, b, derivative: 0)
        let slope = Self.basisRow(knots, b, derivative: 1)
        row = zip(value, slope).map { $0 + $1 * (x - b) }
      } else {
        row = Self.basisRow(knots, x, derivative: 0)
      }
      var y = Array(row.dropFirst())
      applyQTransposed(&y)
      for j in 0..<df { columns[j][r] = y[j + 2] }
    }
    return columns
  }

  /// `y ← Qᵀ y` (LINPACK `dqrsl`, job `qty`).
  private func applyQTransposed(_ y: inout [Double]) {
    let k = y.count
    for l in 0..<2 where qraux[l] != 0 {
      var u = householder[l]
      u[l] = qraux[l]
      var t = 0.0
      for i in l..<k { t -= u[i] * y[i] }
      t /= u[l]
      for i in l..<k { y[i] += t * u[i] }
    }
  }

  /// The cubic B-spline basis functions (or a derivative) at `x`: one value
  /// per basis function (`knots.count - 4`), by the Cox–de Boor recursion.
  /// The last interval is closed on the right, so `x` at the upper boundary
  /// knot is inside it (as `splineDesign` treats it).
  static func basisRow(_ t: [Double], _ x: Double, derivative: Int) -> [Double] {
    let order = 4
    let count = t.count - order
    // Interval: the largest i with t[i] <= x < t[i+1], or the last non-empty one at the right end.
    var interval = -1
    for i in 0..<(t.count - 1) where t[i] <= x && x < t[i + 1] { interval = i }
    if interval < 0 {
      for i in stride(from: t.count - 2, through: 0, by: -1) where t[i] < t[i + 1] && x == t[i + 1] {
        interval = i
        break
      }
    }
    // Order-1 basis, then raise the order; derivatives by the derivative recursion.
    var b = [Double](repeating: 0, count: t.count - 1)
    if interval >= 0 { b[interval] = 1 }
    func divide(_ a: Double, _ d: Double) -> Double { d == 0 ? 0 : a / d }
    for k in 2...order {
      var next = [Double](repeating: 0, count: t.count - k)
      let differentiate = order - k < derivative
      for i in 0..<(t.count - k) {
        if differentiate {
          let kk = Double(k - 1)
          next[i] = kk * (divide(b[i], t[i + k - 1] - t[i]) - divide(b[i + 1], t[i + k] - t[i + 1]))
        } else {
          next[i] =
            divide((x - t[i]) * b[i], t[i + k - 1] - t[i]) + divide((t[i + k] - x) * b[i + 1], t[i + k] - t[i + 1])
        }
      }
      b = next
    }
    return Array(b.prefix(count))
  }

  /// R's type-7 quantile of sorted values, with R's arithmetic:
  /// `index = 1 + (n − 1) p`, `(1 − h) x[lo] + h x[hi]`.
  static func quantile(_ sorted: [Double], _ p: Double) -> Double {
    let n = sorted.count
    let index = 1 + Double(n - 1) * p
    let lo = Int(index.rounded(.down))
    let hi = Int(index.rounded(.up))
    let low = sorted[lo - 1]
    guard index > Double(lo), sorted[hi - 1] != low else { return low }
    let h = index - Double(lo)
    return (1 - h) * low + h * sorted[hi - 1]
  }
}
