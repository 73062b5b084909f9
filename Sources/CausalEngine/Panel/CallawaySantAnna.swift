import NumericKernels

/// Group-time average treatment effects for staggered adoption
/// (Callaway & Sant'Anna 2021, "Difference-in-Differences with multiple
/// time periods", Journal of Econometrics 225(2)), as R `did` 2.1.2
/// computes them for a balanced panel (`att_gt`, then `aggte`).
///
/// Estimand: for each cohort `g` (units first treated in period `g`) and
/// period `t`,
///
///     ATT(g,t) = E[Y_t(g) − Y_t(0) | G = g],
///
/// identified under no anticipation beyond `δ` periods (`anticipation`) and
/// parallel trends, possibly conditional on the covariates `X`:
/// `E[Y_t(0) − Y_{t−1}(0) | X, G = g] = E[Y_t(0) − Y_{t−1}(0) | X, C = 1]`,
/// with `C` the comparison units (never treated, or not yet treated).
///
/// Each cell is a two-period DiD (``TwoByTwoDiD``: outcome regression, IPW,
/// or Sant'Anna & Zhao's 2020 doubly robust estimator) of the cohort's
/// units against the comparison units on `ΔY = Y_t − Y_b`, where the base
/// period is
/// - for post-treatment cells (`g ≤ t`): `b` = the last period before
///   `g − δ`;
/// - for pre-treatment cells: `b = t − 1` (`varying`) or the same base as the
///   post cells (`universal`; the cell `t = b` is then reported as 0 with no
///   standard error).
/// Comparison units: never treated (`G = ∞`), or (not yet treated) never
/// treated or `G > max(t, b) + δ`, other than cohort `g` itself.
/// Covariates enter as `X = [1, x…]`, each unit's value in the earlier of
/// the cell's two periods (R `did`'s `panel2cs2`): time-invariant
/// covariates are what conditional parallel trends needs, and a covariate
/// that varies within a unit is used that way with a warning.
///
/// Inference: the influence function of cell `(g,t)` for unit `i` is
/// `ψᵢ = (n/n₁)·IFᵢ` on the cell's `n₁` units and 0 elsewhere (`n` = all
/// units), so that `se = √(Σψ²)/n` (clustered by unit; by a coarser cluster
/// with ``InfluenceVariance``). Aggregations (``Aggregate``) are linear in
/// the ATT(g,t) with estimated cohort-share weights, and their influence
/// functions add the weights' estimation effect (R `did`'s `wif`).
///
/// Pre-test (Callaway & Sant'Anna 2021, §4.1): the Wald statistic
/// `W = n·aᵀ V⁻¹ a` over the pre-treatment cells `a` with a standard error,
/// `V` their influence-function covariance times `n`; `p = P(χ²_q > W)`,
/// `q` cells. Not returned (with a warning) when `V` is singular
/// (`rcond ≤ ε`, as R).
///
/// Sample (as R `did`): an unbalanced panel is balanced first (units not
/// observed in every period are dropped, listed in the result); units
/// treated in the first period are dropped (their effect has no pre-period);
/// only cohorts `g > first period + δ` are estimated, the others stay in `n`.
/// Without never-treated units the not-yet-treated design drops the periods
/// from the last cohort's `g − δ` on, and the last cohort only serves as a
/// comparison group; the never-treated design is refused.
///
/// Cells that cannot be estimated (R's checks: a preliminary unweighted
/// logit with a score ≥ 0.999, or comparison covariates with
/// `rcond(XᵀX) < ε`) are left out with a warning, and the aggregations use
/// the others (R's `na.rm = TRUE`).
enum CallawaySantAnna {
  /// The comparison units of each cell.
  enum ControlGroup: Sendable, Hashable {
    /// Units never treated in the panel.
    case neverTreated
    /// Never-treated units and units not yet treated by `max(t, b) + δ`.
    case notYetTreated
  }

  /// The 2×2 estimator of each cell.
  typealias Approach = TwoByTwoDiD.Approach

  /// The base period of pre-treatment cells.
  enum BasePeriod: Sendable, Hashable {
    /// The period before `t` (short differences).
    case varying
    /// The last period before `g − δ`, as for the post-treatment cells.
    case universal
  }

  /// Which cohort indicator the overall `group` aggregation's weight
  /// influence term uses.
  enum GroupWeightInfluence: Sendable, Hashable {
    /// `1{Gᵢ = g_k}` for cohort `k`: the statistically intended term (Python
    /// `csdid` 0.4.3 computes it).
    case intended
    /// R `did` 2.1.2's term, `1{Gᵢ = cohort of the k-th ATT(g,t) cell}`,
    /// reproduced for comparison only (see the fixtures' README).
    case didCompatible
  }

  /// How to estimate.
  struct Options: Sendable {
    var controlGroup: ControlGroup
    var approach: Approach
    var basePeriod: BasePeriod
    /// `δ`, in units of the period column.
    var anticipation: Int
    /// Covariate names (a subset of the panel's covariates).
    var covariates: [String]
    /// The level of the uniform bands, in (0, 1).
    var confidenceLevel: Double
    /// Multiplier-bootstrap replicates for uniform bands; `nil` for none.
    var bootstrap: Int?
    /// The study seed (bootstrap multipliers).
    var seed: UInt64
    /// The label the bootstrap's random streams derive from (the estimator's name).
    var streamLabel: String
    /// One cluster id per data row (constant within unit), for standard
    /// errors clustered above the unit; `nil` clusters by unit.
    var clusters: [Int]?
    /// The overall `group` aggregation's weight term (``GroupWeightInfluence``).
    var groupWeightInfluence: GroupWeightInfluence

    init(
      controlGroup: ControlGroup, approach: Approach, basePeriod: BasePeriod, anticipation: Int,
      covariates: [String], confidenceLevel: Double, bootstrap: Int?, seed: UInt64, streamLabel: String,
      clusters: [Int]? = nil, groupWeightInfluence: GroupWeightInfluence = .intended
    ) {
      self.controlGroup = controlGroup
      self.approach = approach
      self.basePeriod = basePeriod
      self.anticipation = anticipation
      self.covariates = covariates
      self.confidenceLevel = confidenceLevel
      self.bootstrap = bootstrap
      self.seed = seed
      self.streamLabel = streamLabel
      self.clusters = clusters
      self.groupWeightInfluence = groupWeightInfluence
    }
  }

  /// One group-time effect ATT(g,t).
  struct CellEffect: Sendable, Equatable {
    /// `g`.
    var cohort: Double
    /// `t`.
    var time: Double
    /// The base period `b` of `ΔY = Y_t − Y_b`.
    var basePeriod: Double
    /// ATT(g,t).
    var value: Double
    /// `nil` for the reference cell of a universal base (value 0 by construction)
    /// or a degenerate influence function.
    var standardError: Double?
    /// The number of units in the cell's 2×2 (cohort plus comparison units).
    var units: Int
    /// Whether `g ≤ t` (a treated period).
    var isPost: Bool { cohort <= time }
  }

  /// An aggregation of the ATT(g,t) (R `did`'s `aggte`).
  struct Aggregate: Sendable {
    /// The overall parameter.
    var value: Double
    /// Its standard error (`nil` when degenerate).
    var standardError: Double?
    /// Per event time, cohort or calendar period (`key`); empty for `simple`.
    var elements: [(key: Double, value: Double, standardError: Double?)]
    /// The multiplier-bootstrap critical value for a uniform band over the
    /// elements (`nil` without bootstrap).
    var uniformCriticalValue: Double?
  }

  /// Per-unit influence functions (`n` units, in ``units`` order).
  struct Influence: Sendable {
    /// The units' labels.
    var units: [String]
    /// `n × cells`: column `k` is cell `k`'s `ψ` (R `did`'s `inffunc`).
    var cells: Matrix
    var simple: [Double]
    var dynamic: [Double]
    var group: [Double]
    var calendar: [Double]
  }

  /// Everything estimated.
  struct Result: Sendable {
    /// ATT(g,t), cohort by cohort, period by period.
    var cells: [CellEffect]
    /// `θ_simple = Σ_{g≤t} p_g ATT(g,t) / Σ_{g≤t} p_g`.
    var simple: Aggregate
    /// Event study: `θ(e) = Σ_{t−g=e} p_g ATT(g,t)/Σ p_g`; overall = mean of `θ(e)`, `e ≥ 0`.
    var dynamic: Aggregate
    /// By cohort: `θ(g)` = mean of its post cells; overall `Σ p_g θ(g)/Σ p_g`.
    var group: Aggregate
    /// By period: `θ(t) = Σ_{g≤t} p_g ATT(g,t)/Σ p_g`; overall = mean over `t ≥ min g`.
    var calendar: Aggregate
    /// The Wald pre-test of parallel trends before treatment (`W`, its
    /// degrees of freedom `q`, `P(χ²_q > W)`); `nil` without pre-treatment
    /// cells or when their covariance is singular (see ``warnings``).
    var preTest: (statistic: Double, df: Int, pValue: Double)?
    /// The number of pre-treatment cells with a standard error.
    var preTestCells: Int
    /// The multiplier-bootstrap critical value for a uniform band over the cells.
    var cellsUniformCriticalValue: Double?
    var influence: Influence
    /// The number of units `n`.
    var units: Int
    /// Of them, the units never treated (cohort `∞`).
    var neverTreatedUnits: Int
    /// Units dropped because they are not observed in every period.
    var droppedForBalance: [String]
    /// Units dropped because they were treated in the first period (or, as R
    /// `did` does then, belong to a cohort that cannot be estimated).
    var droppedAlreadyTreated: [String]
    /// The estimated cohorts.
    var cohorts: [Double]
    /// The periods used.
    var periods: [Double]
    var warnings: [String]
  }

  /// Estimates every ATT(g,t), the four aggregations and the pre-test.
  static func estimate(_ input: PanelData, options: Options) throws(EstimationFailure) -> Result {
    var warnings: [String] = []
    let panel = input.balanced()
    let dropped = panel.droppedForBalance
    if !dropped.isEmpty {
      let list = dropped.prefix(5).joined(separator: ", ") + (dropped.count > 5 ? ", …" : "")
      warnings.append(
        "\(dropped.count) of \(input.unitCount) units are not observed in every period and were dropped, as R did does by default (units \(list))"
      )
    }
    guard panel.unitCount > 0, panel.periods.count >= 2 else {
      throw .invalidData("no unit is observed in every period (at least two periods are needed)")
    }
    if let w = panel.weights, let problem = panel.unitConstancyError(w, name: "sampling weights") {
      throw .invalidData(problem.message)
    }
    var unitClusters: [Int]? = nil
    if let clusters = options.clusters {
      let rows = panel.dataRows.map { clusters[$0] }
      if let problem = panel.unitConstancyError(rows.map(Double.init), name: "the cluster") {
        throw .invalidData(problem.message)
      }
      var perUnit = [Int](repeating: 0, count: panel.unitCount)
      for r in 0..<panel.rowCount { perUnit[panel.unitOfRow[r]] = rows[r] }
      unitClusters = perUnit
    }
    let covariateColumns = options.covariates.map { name -> Int in
      guard let k = panel.covariateNames.firstIndex(of: name) else {
        preconditionFailure("CallawaySantAnna: covariate '\(name)' is not in the panel")
      }
      return k
    }
    for k in covariateColumns where panel.unitConstancyError(panel.covariates[k], name: "") != nil {
      warnings.append(
        "the covariate '\(panel.covariateNames[k])' varies within units: each cell uses its value in the earlier of the cell's two periods, as R did does"
      )
    }
    var sample = Sample(panel: panel, covariateColumns: covariateColumns, clusters: unitClusters)
    let cohorts = try sample.prepare(options: options, warnings: &warnings)
    let cells = try estimateCells(sample, cohorts: cohorts, options: options, warnings: &warnings)
    return try summarise(
      sample, cohorts: cohorts, cells: cells, options: options, droppedForBalance: dropped, warnings: warnings)
  }
}
