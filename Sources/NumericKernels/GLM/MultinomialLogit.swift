import Foundation

/// The multinomial logit (baseline-category logit) of a categorical response
/// on a design, by maximum likelihood.
///
/// Model: `P(Y = k | x) = exp(xᵀβ_k) / Σ_j exp(xᵀβ_j)` for `k = 0..<K`, with
/// `β_0 = 0` (class 0 is the reference). Fitted by Newton–Raphson on the
/// stacked coefficients `θ = (β_1, …, β_{K−1})`, with the score
/// `Σ_i (y_ik − p_ik) x_i` and the information
/// `I_{kl} = Σ_i p_ik (δ_kl − p_il) x_i x_iᵀ`, until the largest step is
/// below 1e-12 (R `nnet::multinom` stops at a relative deviance change of
/// 1e-8; the fixtures were made with the tighter criterion), at most 100
/// iterations.
///
/// Edge cases: a class without units, or separation (a coefficient running
/// to infinity), leaves the iterations unconverged, which ``converged``
/// says; the caller decides what that means.
public struct MultinomialLogit: Sendable {
  /// `β_k` for `k = 1..<K`, each with one entry per design column.
  public let coefficients: [[Double]]
  /// `p_ik`: one row of K probabilities per unit.
  public let probabilities: [[Double]]
  /// The information at the estimate, `(K−1)p × (K−1)p`, blocks in class order.
  public let information: Matrix
  public let converged: Bool
  public let iterations: Int
  /// The number of classes K.
  public let classes: Int

  /// Fits `classes` classes (`response[i]` in `0..<classes`) on `design`.
  public static func fit(design x: Matrix, response y: [Int], classes: Int) -> MultinomialLogit {
    precondition(classes >= 2 && y.count == x.rows, "MultinomialLogit: bad shapes")
    let n = x.rows
    let p = x.columns
    let m = classes - 1
    var theta = [Double](repeating: 0, count: m * p)
    var probabilities = [[Double]](repeating: [Double](repeating: 1 / Double(classes), count: classes), count: n)
    var information = Matrix(rows: m * p, columns: m * p)
    var converged = false
    var iterations = 0
    while iterations < 100 {
      iterations += 1
      probabilities = Self.probabilities(x, theta, classes: classes)
      var score = [Double](repeating: 0, count: m * p)
      information = Matrix(rows: m * p, columns: m * p)
      for i in 0..<n {
        let pi = probabilities[i]
        for k in 0..<m {
          let residual = (y[i] == k + 1 ? 1.0 : 0.0) - pi[k + 1]
          for a in 0..<p { score[k * p + a] += residual * x[i, a] }
          for l in 0..<m {
            let w = pi[k + 1] * ((k == l ? 1.0 : 0.0) - pi[l + 1])
            for a in 0..<p {
              let wa = w * x[i, a]
              for b in 0..<p { information[k * p + a, l * p + b] += wa * x[i, b] }
            }
          }
        }
      }
      guard let inverse = information.luInverse() else { break }
      let step = inverse.multiplied(by: score)
      guard step.allSatisfy(\.isFinite) else { break }
      for j in theta.indices { theta[j] += step[j] }
      if step.map(abs).max() ?? 0 < 1e-12 {
        converged = true
        probabilities = Self.probabilities(x, theta, classes: classes)
        break
      }
    }
    let coefficients = (0..<m).map { k in Array(theta[(k * p)..<((k + 1) * p)]) }
    return MultinomialLogit(
      coefficients: coefficients, probabilities: probabilities, information: information, converged: converged,
      iterations: iterations, classes: classes)
  }

  /// The class probabilities of every row of `x` (rows of K), for the
  /// stacked coefficients (or a fit's own, through ``predict(_:)``).
  static func probabilities(_ x: Matrix, _ theta: [Double], classes: Int) -> [[Double]] {
    let p = x.columns
    let m = classes - 1
    return (0..<x.rows).map { i in
      var eta = [Double](repeating: 0, count: classes)
      for k in 0..<m {
        var s = 0.0
        for a in 0..<p { s += x[i, a] * theta[k * p + a] }
        eta[k + 1] = s
      }
      let top = eta.max() ?? 0
      let e = eta.map { Foundation.exp($0 - top) }
      let total = e.reduce(0, +)
      return e.map { $0 / total }
    }
  }

  /// The class probabilities at the rows of another design with the same columns.
  public func predict(_ x: Matrix) -> [[Double]] {
    Self.probabilities(x, coefficients.flatMap { $0 }, classes: classes)
  }
}
