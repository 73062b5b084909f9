/// Lasso and ridge regression with the penalty chosen by cross-validation.
///
/// Both fit `y ≈ β₀ + Xβ` on standardised columns (mean 0, variance 1 with
/// the 1/n divisor; constant columns get no coefficient) and report the
/// coefficients on the original scale.
///
/// - Lasso: minimises `(1/2n)‖y − β₀ − Xβ‖² + λ‖β‖₁` by cyclic coordinate
///   descent with soft thresholding (Friedman, Hastie & Tibshirani 2010),
///   warm-started along a path of 50 penalties from `λ_max = max|xⱼᵀy|/n`
///   (where every coefficient is zero) down to `λ_max × 10⁻³`, log-spaced;
///   converged when the largest coefficient change times its column scale
///   is below `1e-7 × sd(y)`, or after 10,000 sweeps.
/// - Ridge: minimises `(1/2n)‖y − β₀ − Xβ‖² + (λ/2)‖β‖²`, solved exactly by
///   Cholesky of `XᵀX/n + λI`, over 50 log-spaced penalties from 10⁻⁴ to 10³.
///
/// The penalty minimising the K-fold cross-validated mean squared error is
/// chosen (ties to the larger penalty); the folds are given by the caller,
/// so the choice is reproducible.
public enum PenalizedRegression {
  public enum Penalty: Sendable, Hashable {
    case lasso
    case ridge
  }

  public struct Fit: Sendable {
    public var intercept: Double
    public var coefficients: [Double]
    public var penalty: Double

    public func predict(_ x: Matrix, row: Int) -> Double {
      var value = intercept
      for j in 0..<x.columns { value += coefficients[j] * x[row, j] }
      return value
    }
  }

  /// Fits with the penalty chosen by cross-validation over `folds` (one fold label per row).
  public static func fitCrossValidated(x: Matrix, y: [Double], penalty: Penalty, folds: [Int]) -> Fit {
    let path = lambdaPath(x: x, y: y, penalty: penalty)
    let labels = Array(Set(folds)).sorted()
    var error = [Double](repeating: 0, count: path.count)
    for fold in labels {
      let train = folds.indices.filter { folds[$0] != fold }
      let test = folds.indices.filter { folds[$0] == fold }
      guard train.count > 1, !test.isEmpty else { continue }
      let xTrain = subset(x, train)
      let yTrain = train.map { y[$0] }
      let fits = fitPath(x: xTrain, y: yTrain, penalty: penalty, lambdas: path)
      for (l, fit) in fits.enumerated() {
        for i in test {
          let r = y[i] - fit.predict(x, row: i)
          error[l] += r * r
        }
      }
    }
    var best = 0
    for l in path.indices where error[l] < error[best] { best = l }
    var fit = fitPath(x: x, y: y, penalty: penalty, lambdas: Array(path[...best])).last!
    fit.penalty = path[best]
    return fit
  }

  /// The penalties tried, largest first.
  static func lambdaPath(x: Matrix, y: [Double], penalty: Penalty, count: Int = 50) -> [Double] {
    switch penalty {
    case .ridge:
      return (0..<count).map { pow10(3 - 7 * Double($0) / Double(count - 1)) }
    case .lasso:
      let s = Standardized(x: x, y: y)
      var maximum = 0.0
      for j in 0..<s.columns where s.scale[j] > 0 {
        var dot = 0.0
        for i in 0..<s.rows { dot += s.x[j * s.rows + i] * s.y[i] }
        maximum = max(maximum, abs(dot) / Double(s.rows))
      }
      if maximum == 0 { maximum = 1 }
      return (0..<count).map { maximum * pow10(-3 * Double($0) / Double(count - 1)) }
    }
  }

  /// Fits along `lambdas` (decreasing), warm-starting each from the previous.
  static func fitPath(x: Matrix, y: [Double], penalty: Penalty, lambdas: [Double]) -> [Fit] {
    let s = Standardized(x: x, y: y)
    let n = Double(s.rows)
    var beta = [Double](repeating: 0, count: s.columns)
    var fits: [Fit] = []
    switch penalty {
    case .lasso:
      var residual = s.y
      let tolerance = 1e-7 * max(s.yScale, 1e-300)
      for lambda in lambdas {
        for _ in 0..<10_000 {
          var largest = 0.0
          for j in 0..<s.columns where s.scale[j] > 0 {
            let offset = j * s.rows
            var rho = 0.0
            for i in 0..<s.rows { rho += s.x[offset + i] * residual[i] }
            rho = rho / n + beta[j]  // columns have unit variance
            let updated = rho > lambda ? rho - lambda : (rho < -lambda ? rho + lambda : 0)
            let change = updated - beta[j]
            if change != 0 {
              for i in 0..<s.rows { residual[i] -= change * s.x[offset + i] }
              beta[j] = updated
              largest = max(largest, abs(change))
            }
          }
          if largest < tolerance { break }
        }
        fits.append(s.unstandardize(beta))
      }
    case .ridge:
      var gram = Matrix(rows: s.columns, columns: s.columns)
      var xty = [Double](repeating: 0, count: s.columns)
      for a in 0..<s.columns {
        for i in 0..<s.rows { xty[a] += s.x[a * s.rows + i] * s.y[i] }
        xty[a] /= n
        for b in a..<s.columns {
          var dot = 0.0
          for i in 0..<s.rows { dot += s.x[a * s.rows + i] * s.x[b * s.rows + i] }
          gram[a, b] = dot / n
          gram[b, a] = dot / n
        }
      }
      for lambda in lambdas {
        var g = gram
        for j in 0..<s.columns { g[j, j] += s.scale[j] > 0 ? lambda : 1 }
        if let inverse = g.inverse() {
          beta = inverse.multiplied(by: xty).enumerated().map { s.scale[$0.offset] > 0 ? $0.element : 0 }
        }
        fits.append(s.unstandardize(beta))
      }
    }
    return fits
  }

  static func subset(_ x: Matrix, _ rows: [Int]) -> Matrix {
    Matrix(columns: (0..<x.columns).map { j in rows.map { x[$0, j] } })
  }

  static func pow10(_ e: Double) -> Double { LibM.exp(e * 2.302585092994046) }

  /// Centred and scaled copies of x (column-major) and y.
  struct Standardized {
    var rows: Int
    var columns: Int
    var x: [Double]
    var y: [Double]
    var means: [Double]
    var scale: [Double]
    var yMean: Double
    var yScale: Double

    init(x matrix: Matrix, y response: [Double]) {
      rows = matrix.rows
      columns = matrix.columns
      let n = Double(rows)
      x = matrix.columnMajorValues
      means = []
      scale = []
      for j in 0..<columns {
        let offset = j * rows
        var mean = 0.0
        for i in 0..<rows { mean += x[offset + i] }
        mean /= n
        var ss = 0.0
        for i in 0..<rows { ss += (x[offset + i] - mean) * (x[offset + i] - mean) }
        let sd = (ss / n).squareRoot()
        for i in 0..<rows { x[offset + i] = sd > 0 ? (x[offset + i] - mean) / sd : 0 }
        means.append(mean)
        scale.append(sd > 1e-12 * max(abs(mean), 1) ? sd : 0)
      }
      let mean = response.reduce(0, +) / n
      let centred = response.map { $0 - mean }
      yMean = mean
      y = centred
      yScale = (centred.reduce(0.0) { $0 + $1 * $1 } / n).squareRoot()
    }

    func unstandardize(_ beta: [Double]) -> Fit {
      var coefficients = [Double](repeating: 0, count: columns)
      var intercept = yMean
      for j in 0..<columns where scale[j] > 0 {
        coefficients[j] = beta[j] / scale[j]
        intercept -= coefficients[j] * means[j]
      }
      return Fit(intercept: intercept, coefficients: coefficients, penalty: 0)
    }
  }
}
