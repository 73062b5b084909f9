import NumericKernels
import StudyModel
import Tabular

/// `linear_regression` under `compute: database`: the fit, its standard
/// errors and the simulations of its checks from sums the database computes
/// (``AggregateSource``); no row leaves the database.
///
/// Design: `[1, T, covariates (categorical ones as indicators of every level
/// but the first), terms]`, as ``ModelDesign`` builds it in memory, with the
/// same column names.
///
/// Estimate: `β = G⁻¹ b` with `G = Σ aaᵀ`, `b = Σ a y` (one scan), solved by
/// Cholesky on the equilibrated system (`OLSRefitter.solve`; it declines when
/// a pivot falls below 1e-10 of its diagonal, and then the design is refused
/// as rank deficient: under `compute: database` aliased columns cannot be
/// dropped and named as the QR fit does). The effect is `(t₁ − t₀) β_T`.
///
/// Standard errors: classical `σ̂² G⁻¹`, `σ̂² = RSS/(n − p)` with
/// `RSS = yᵀy − 2βᵀb + βᵀGβ`; HC0–HC3 `G⁻¹ M G⁻¹` with
/// `M = Σ e² (1 − h)^(−k) aaᵀ` (a second scan; `h = aᵀG⁻¹a`) and HC1's
/// `n/(n − p)`; cluster-robust `G⁻¹ (Σ_g s_g s_gᵀ) G⁻¹ · G/(G − 1) ·
/// (n − 1)/(n − p)` from per-cluster score sums (a `GROUP BY` cluster), with
/// `G − 1` degrees of freedom — the formulas of `LeastSquaresFit`.
///
/// Checks (``RowHash`` draws, one scan per check, `GROUP BY` simulation):
/// bootstrap `Σ w aaᵀ` with Poisson(1) weights; subsets `Σ_{kept} aaᵀ`;
/// placebo `Σ_{chosen} a` (a two-valued treatment) or `Σ z a` (a normal
/// one), which replace the treatment's row of G; random common cause
/// `Σ u a`, `Σ u²`, which border G. The same sums as the in-memory
/// shortcuts (`OLSRefitter+RowHash`), so the two agree to rounding.
///
/// Accuracy: forming G squares the condition number of the design; for the
/// designs of causal studies (a handful of standardisable columns) the
/// Cholesky solution agrees with the QR fit to about 1e-10 relative (tested
/// to 1e-9 against `compute: local`).
struct PushdownRegression: Sendable {
  let source: any AggregateSource
  let columns: [DesignExpression]
  let names: [String]
  let response: DesignExpression
  let treatmentColumn: Int
  let contrast: Double
  let n: Double
  let gram: Matrix
  let xty: [Double]
  let yty: Double
  let columnSums: [Double]
  let outcomeSum: Double
  let coefficients: [Double]
  let referenceLevels: [String]
  /// The outcome model in R's notation (``ModelDesign``'s `formula`).
  let formula: String

  /// Fits the outcome model of `problem` (one scan).
  init(problem: EstimationProblem, layout: PushdownLayout, source: any AggregateSource) throws(EstimationFailure) {
    let design = try layout.design(
      treatment: problem.treatment, covariates: problem.adjustment, terms: problem.outcomeTerms)
    self.source = source
    columns = design.columns
    names = design.names
    referenceLevels = design.referenceLevels
    formula = "\(problem.outcome) ~ \(design.formula)"
    response = .column(problem.outcome)
    treatmentColumn = 1
    contrast = problem.contrast
    let p = columns.count
    let base = try Self.sums(source, columns + [response], weight: .one, simulations: 1, quadratic: true)[0]
    n = base.count
    var g = Matrix(rows: p, columns: p)
    for a in 0..<p { for b in 0..<p { g[a, b] = base.quadratic[a, b] } }
    gram = g
    xty = (0..<p).map { base.quadratic[$0, p] }
    yty = base.quadratic[p, p]
    columnSums = Array(base.linear.prefix(p))
    outcomeSum = base.linear[p]
    guard Int(n) > p else {
      throw .invalidData("the outcome model has \(p) columns but only \(Int(n)) rows")
    }
    guard let beta = OLSRefitter.solve(g, xty) else {
      throw .numerical(
        "the outcome model is rank deficient (or too ill-conditioned to solve from its Gram matrix); under compute: database aliased columns cannot be dropped: remove the collinear adjustment variables or terms"
      )
    }
    coefficients = beta
  }

  static func sums(
    _ source: any AggregateSource, _ columns: [DesignExpression], weight: RowWeight, simulations: Int, quadratic: Bool
  ) throws(EstimationFailure) -> [WeightedSums] {
    do throws(AggregateFailure) {
      return try source.sums(columns, weight: weight, simulations: simulations, quadratic: quadratic)
    } catch {
      throw .invalidData(error.message)
    }
  }

  var p: Int { columns.count }

  /// `G⁻¹`, column by column.
  func inverse() throws(EstimationFailure) -> Matrix {
    var a = Matrix(rows: p, columns: p)
    for j in 0..<p {
      var e = [Double](repeating: 0, count: p)
      e[j] = 1
      guard let column = OLSRefitter.solve(gram, e) else { throw .numerical("the Gram matrix cannot be inverted") }
      for i in 0..<p { a[i, j] = column[i] }
    }
    return a
  }

  var residualSumOfSquares: Double {
    var quadratic = 0.0
    for a in 0..<p { for b in 0..<p { quadratic += coefficients[a] * gram[a, b] * coefficients[b] } }
    let linear = zip(coefficients, xty).reduce(0.0) { $0 + $1.0 * $1.1 }
    return max(0, yty - 2 * linear + quadratic)
  }

  /// The estimate, its standard error and interval, and the model record.
  func estimate(_ problem: EstimationProblem, options: LinearRegressionOptions, layout: PushdownLayout)
    throws(EstimationFailure) -> EstimationResult
  {
    let value = contrast * coefficients[treatmentColumn]
    var result = EstimationResult(value: value, n: Int(n))
    if let arms = layout.arms {
      result.nTreated = arms.treated
      result.nControl = arms.control
    }
    let rss = residualSumOfSquares
    let rows = Int(n)
    let df = rows - p
    let tss = yty - outcomeSum * outcomeSum / n
    result.diagnostics = [
      DiagnosticValue("rank", value: Double(p)),
      DiagnosticValue("columns", value: Double(p)),
      DiagnosticValue("R squared", value: (1 - rss / tss).finiteOrNil),
      DiagnosticValue("residual df", value: Double(df)),
    ]
    if problem.pointOnly { return result }
    let bread = try inverse()
    var covariance: Matrix
    var degreesOfFreedom = Double(df)
    let described: String
    switch options.standardErrors {
    case .classical:
      covariance = bread.scaled(by: rss / Double(df))
      described = "classical"
    case .cluster:
      guard let cluster = options.cluster else { throw .invalidData("se: cluster needs a 'cluster' column") }
      let (meat, clusters) = try clusterMeat(cluster)
      guard clusters > 1 else { throw .invalidData("se: cluster needs at least two clusters, found \(clusters)") }
      let factor = Double(clusters) / Double(clusters - 1) * Double(rows - 1) / Double(df)
      covariance = Self.sandwich(bread, meat).scaled(by: factor)
      degreesOfFreedom = Double(clusters - 1)
      described = "cluster-robust (\(clusters) clusters)"
    case .hc0, .hc2, .hc3:
      let power = options.standardErrors == .hc0 ? 0 : options.standardErrors == .hc2 ? 1 : 2
      covariance = Self.sandwich(bread, try meat(inverse: bread, power: power))
      described = "\(options.standardErrors.rawValue.uppercased()) sandwich"
    default:
      covariance = Self.sandwich(bread, try meat(inverse: bread, power: 0)).scaled(by: Double(rows) / Double(df))
      described = "HC1 sandwich"
    }
    let se = abs(contrast) * covariance[treatmentColumn, treatmentColumn].squareRoot()
    result.apply(
      .wald(estimate: value, standardError: se, level: problem.confidenceLevel, degreesOfFreedom: degreesOfFreedom),
      method:
        "delta method on OLS coefficients, \(described) covariance, Student t with \(Int(degreesOfFreedom)) df (sums computed in the database)"
    )
    result.models = [
      ModelRecord(
        role: "outcome", kind: "OLS", columns: names, coefficients: coefficients.map(\.finiteOrNil),
        standardErrors: (0..<p).map { covariance[$0, $0].squareRoot().finiteOrNil }, referenceLevels: referenceLevels,
        formula: formula)
    ]
    return result
  }

  /// `Σ e² (1 − h)^(−power) aaᵀ` (one scan).
  func meat(inverse: Matrix, power: Int) throws(EstimationFailure) -> Matrix {
    var flat: [Double] = []
    for i in 0..<p { for j in 0..<p { flat.append(inverse[i, j]) } }
    let weight = RowWeight.squaredResidual(
      response: response, coefficients: coefficients, inverse: power > 0 ? flat : [], power: power)
    return try Self.sums(source, columns, weight: weight, simulations: 1, quadratic: true)[0].quadratic
  }

  func clusterMeat(_ cluster: String) throws(EstimationFailure) -> (Matrix, Int) {
    do throws(AggregateFailure) {
      return try source.clusterMeat(columns, response: response, coefficients: coefficients, cluster: cluster)
    } catch {
      throw .invalidData(error.message)
    }
  }

  static func sandwich(_ bread: Matrix, _ meat: Matrix) -> Matrix {
    bread.multiplied(by: meat).multiplied(by: bread)
  }

  // MARK: - Checks

  /// `(t₁ − t₀) β_T` from a Gram matrix and `Xᵀy`; nil when ill-conditioned.
  func contrast(gram g: Matrix, xty b: [Double]) -> Double? {
    OLSRefitter.solve(g, b).map { contrast * $0[treatmentColumn] }
  }

  /// The Gram matrix and `Xᵀy` of one simulation's quadratic sums.
  func system(_ sums: WeightedSums) -> (Matrix, [Double]) {
    var g = Matrix(rows: p, columns: p)
    for a in 0..<p { for b in 0..<p { g[a, b] = sums.quadratic[a, b] } }
    return (g, (0..<p).map { sums.quadratic[$0, p] })
  }

  /// Bootstrap: Poisson(1) weights from the row hash.
  func bootstrap(stream: UInt32, simulations: Int) throws(EstimationFailure) -> [Double?] {
    try Self.sums(
      source, columns + [response], weight: .poisson(stream: stream), simulations: simulations, quadratic: true
    )
    .map { sums in
      let (g, b) = system(sums)
      return contrast(gram: g, xty: b)
    }
  }

  /// Subsets: the rows whose draw is below `threshold`.
  func subsets(stream: UInt32, threshold: UInt64, simulations: Int) throws(EstimationFailure) -> [Double?] {
    try Self.sums(
      source, columns + [response], weight: .bernoulli(stream: stream, threshold: threshold), simulations: simulations,
      quadratic: true
    ).map { sums in
      let (g, b) = system(sums)
      return contrast(gram: g, xty: b)
    }
  }

  /// A two-valued placebo: `high` where the draw is below `threshold`.
  func binaryPlacebo(stream: UInt32, threshold: UInt64, low: Double, high: Double, simulations: Int)
    throws(EstimationFailure) -> [Double?]
  {
    try Self.sums(
      source, columns + [response], weight: .bernoulli(stream: stream, threshold: threshold), simulations: simulations,
      quadratic: false
    ).map { sums in
      replacingTreatment(
        xt: (0..<p).map { low * columnSums[$0] + (high - low) * sums.linear[$0] },
        tt: low * low * (n - sums.count) + high * high * sums.count,
        ty: low * outcomeSum + (high - low) * sums.linear[p])
    }
  }

  /// A normal placebo `mean + sd · z` (z from draws 0 and 1).
  func normalPlacebo(stream: UInt32, mean: Double, sd: Double, simulations: Int) throws(EstimationFailure) -> [Double?]
  {
    try Self.sums(
      source, columns + [response], weight: .normal(stream: stream), simulations: simulations, quadratic: false
    )
    .map { sums in
      replacingTreatment(
        xt: (0..<p).map { mean * columnSums[$0] + sd * sums.linear[$0] },
        tt: n * mean * mean + 2 * mean * sd * sums.count + sd * sd * sums.squares,
        ty: mean * outcomeSum + sd * sums.linear[p])
    }
  }

  /// The contrast with the treatment column replaced by t: `Xᵀt`, `tᵀt`, `tᵀy`.
  func replacingTreatment(xt: [Double], tt: Double, ty: Double) -> Double? {
    var g = gram
    var b = xty
    for a in 0..<p where a != treatmentColumn {
      g[a, treatmentColumn] = xt[a]
      g[treatmentColumn, a] = xt[a]
    }
    g[treatmentColumn, treatmentColumn] = tt
    b[treatmentColumn] = ty
    return contrast(gram: g, xty: b)
  }

  /// Random common causes: u from draws 0 and 1, bordering G.
  func randomCommonCause(stream: UInt32, simulations: Int) throws(EstimationFailure) -> [Double?] {
    try Self.sums(
      source, columns + [response], weight: .normal(stream: stream), simulations: simulations, quadratic: false
    )
    .map { sums in
      var g = Matrix(rows: p + 1, columns: p + 1)
      for a in 0..<p { for b in 0..<p { g[a, b] = gram[a, b] } }
      for a in 0..<p {
        g[a, p] = sums.linear[a]
        g[p, a] = sums.linear[a]
      }
      g[p, p] = sums.squares
      return contrast(gram: g, xty: xty + [sums.linear[p]])
    }
  }
}
