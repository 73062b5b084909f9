import NumericKernels
import StudyModel

/// `unobserved_common_cause`: simulates an unobserved confounder U over a
/// grid of strengths and reports where the estimate tips.
///
/// One U ~ N(0, 1) per unit (the same draw at every grid point, stream
/// (seed, check label, 0)). At treatment strength `k_t` and outcome strength
/// `k_y`: a continuous treatment becomes `T + k_t sd(T) U`; a binary
/// treatment is flipped for the `k_t` share of units with the largest U
/// (so the flips depend on U); the outcome becomes `Y + k_y sd(Y) U`. The
/// estimator re-estimates at every grid point.
///
/// The tipping point is the grid point of smallest `k_t + k_y` (ties: smaller
/// `k_t`) whose estimate lies on the other side of `tipping_value` from the
/// original estimate. The check fails when such a point lies at or below
/// both `plausible` strengths; without `plausible` it only reports.
struct UnobservedCommonCauseRefuter: Refuter {
  static let kind = CheckKind.unobservedCommonCause

  func refute(_ context: RefutationContext) -> CheckRecord {
    let problem = context.problem
    let options = context.check.options(as: UnobservedCommonCauseOptions.self)
    let kt = options.treatmentStrengths
    let ky = options.outcomeStrengths
    let plausible = options.plausible
    let tipping = options.tippingValue
    let rule =
      plausible.map {
        "fails when the estimate crosses \(short(tipping)) at strengths at or below the plausible ones (treatment \(short($0[0])), outcome \(short($0[1])))"
      }
      ?? "reports where the estimate crosses \(short(tipping)); no plausible strengths given, so it cannot fail"
    var rng = context.stream(0)
    let n = problem.data.rowCount
    var u = [Double](repeating: 0, count: n)
    for i in 0..<n { u[i] = rng.nextNormal() }
    let t = problem.data.values(problem.treatment)
    let y = problem.data.values(problem.outcome)
    let sdT = Self.sd(t)
    let sdY = Self.sd(y)
    let binary = problem.data.isBinary(problem.treatment)
    let order = Ordering.argsort(u).reversed() as [Int]
    let points = kt.flatMap { a in ky.map { b in (a, b) } }
    var pointProblem = problem
    pointProblem.pointOnly = true
    let base = pointProblem
    let estimator = context.estimator
    let uValues = u
    let estimates: [Double?] = ParallelMap.map(count: points.count, threads: context.threads) { index in
      let (a, b) = points[index]
      var p = base
      var newT = t
      if binary {
        let flips = Int((a * Double(n)).rounded())
        for i in order.prefix(flips) { newT[i] = newT[i] == p.treatmentValue ? p.controlValue : p.treatmentValue }
      } else {
        for i in 0..<n { newT[i] += a * sdT * uValues[i] }
      }
      let newY = (0..<n).map { y[$0] + b * sdY * uValues[$0] }
      p.data = p.data.replacing(p.treatment, with: newT).replacing(p.outcome, with: newY)
      return try? estimator.estimate(p).value
    }
    let original = context.original.value
    let side = original >= tipping
    var grid: [GridPoint] = []
    var tippingPoint: (Double, Double)?
    for (index, (a, b)) in points.enumerated() {
      let e = estimates[index]
      grid.append(GridPoint(treatmentStrength: a, outcomeStrength: b, estimate: e?.finiteOrNil))
      if let e, (e >= tipping) != side {
        if tippingPoint == nil || (a + b, a) < (tippingPoint!.0 + tippingPoint!.1, tippingPoint!.0) {
          tippingPoint = (a, b)
        }
      }
    }
    var fails = false
    if let plausible, let tippingPoint {
      fails = points.enumerated().contains { index, point in
        guard point.0 <= plausible[0], point.1 <= plausible[1], let e = estimates[index] else { return false }
        return (e >= tipping) != side
      }
      _ = tippingPoint
    }
    let detail: String
    if let tippingPoint {
      detail =
        "the estimate crosses \(short(tipping)) at treatment strength \(short(tippingPoint.0)) and outcome strength \(short(tippingPoint.1))"
        + (fails ? ", within the plausible strengths" : "")
    } else {
      detail = "the estimate stays on the same side of \(short(tipping)) over the whole grid"
    }
    var r = record(context, verdict: fails ? .failed : .passed, rule: rule, detail: detail)
    r.grid = grid
    r.reference = tipping
    r.values = [
      NamedValue("tipping treatment strength", tippingPoint?.0),
      NamedValue("tipping outcome strength", tippingPoint?.1),
      NamedValue("failed grid points", Double(estimates.filter { $0 == nil }.count)),
    ]
    return r
  }

  static func sd(_ v: [Double]) -> Double {
    let m = v.reduce(0, +) / Double(v.count)
    return (v.reduce(0.0) { $0 + ($1 - m) * ($1 - m) } / Double(max(1, v.count - 1))).squareRoot()
  }
}
