import NumericKernels
import StudyModel
import Tabular

/// What a `compute: database` run knows of its data without the rows: each
/// column's kind and levels, the rows used, and the treatment's summary — all
/// gathered by the provenance scan (DataSources), under the same rules as a
/// table read into memory.
public struct PushdownLayout: Sendable {
  /// The kinds of the columns the analysis uses.
  public var kinds: [String: ColumnKind]
  /// The levels of categorical columns, sorted by their UTF-8 bytes (the
  /// first is the reference), as a loaded table orders them.
  public var levels: [String: [String]]
  /// Rows the analysis uses.
  public var rows: Int
  /// Units in each arm of a binary treatment.
  public var arms: Arms?
  /// The treatment's distinct values when there are at most two, its mean
  /// and standard deviation (n − 1), and the share of its higher value.
  public var treatment: TreatmentSummary

  public struct Arms: Sendable {
    public var treated: Int
    public var control: Int

    public init(treated: Int, control: Int) {
      self.treated = treated
      self.control = control
    }
  }

  public struct TreatmentSummary: Sendable {
    public var levels: [Double]
    public var mean: Double
    public var standardDeviation: Double
    public var highShare: Double

    public init(levels: [Double], mean: Double, standardDeviation: Double, highShare: Double) {
      self.levels = levels
      self.mean = mean
      self.standardDeviation = standardDeviation
      self.highShare = highShare
    }
  }

  public init(
    kinds: [String: ColumnKind], levels: [String: [String]], rows: Int, arms: Arms?, treatment: TreatmentSummary
  ) {
    self.kinds = kinds
    self.levels = levels
    self.rows = rows
    self.arms = arms
    self.treatment = treatment
  }

  /// The outcome design `[1, T, covariates, terms]` (the propensity design
  /// `[1, covariates, terms]` when `treatment` is nil) as expressions, with
  /// ``ModelDesign``'s names: a categorical covariate gives an indicator per
  /// level but its first (the reference, named in `referenceLevels`).
  /// A categorical variable inside a term is refused (not pushed down).
  func design(treatment: String?, covariates: [String], terms: [ModelTerm]) throws(EstimationFailure) -> (
    columns: [DesignExpression], names: [String], referenceLevels: [String], formula: String
  ) {
    var columns: [DesignExpression] = [.constant(1)] + (treatment.map { [.column($0)] } ?? [])
    var names = ["(Intercept)"] + (treatment.map { [$0] } ?? [])
    var references: [String: String] = [:]
    var formula = (treatment.map { [$0] } ?? []) + covariates
    for variable in covariates {
      if kinds[variable] == .categorical {
        let levels = self.levels[variable] ?? []
        if let first = levels.first { references[variable] = first }
        for level in levels.dropFirst() {
          columns.append(.indicator(variable, level: level))
          names.append("\(variable)=\(level)")
        }
      } else {
        columns.append(.column(variable))
        names.append(variable)
      }
    }
    for term in terms {
      if let plain = term.plainVariable, names.contains(plain) { continue }
      var product: DesignExpression?
      var parts: [String] = []
      for factor in term.factors {
        if factor.variable == treatment {
          throw .notApplicable(
            "the term '\(term)' involves the treatment '\(factor.variable)'; under compute: database the treatment enters linearly and alone"
          )
        }
        if kinds[factor.variable] == .categorical {
          throw .notApplicable(
            "the term '\(term)' has the categorical variable '\(factor.variable)'; under compute: database terms take numeric variables only"
          )
        }
        let power: Int
        switch factor {
        case .variable: power = 1
        case .power(_, let k): power = k
        default:
          throw .notApplicable(
            "the term '\(term)' uses '\(factor)'; under compute: database terms are products of powers of numeric variables"
          )
        }
        var powered: DesignExpression = .column(factor.variable)
        for _ in 1..<power { powered = .product(powered, .column(factor.variable)) }
        product = product.map { .product($0, powered) } ?? powered
        parts.append(factor.description)
      }
      if let product {
        columns.append(product)
        names.append(parts.joined(separator: ":"))
        formula.append(parts.joined(separator: ":"))
      }
    }
    return (
      columns, names, references.keys.sorted().map { "\($0)=\(references[$0]!)" },
      formula.joined(separator: " + ")
    )
  }
}

extension Matrix {
  /// Every entry times `factor`.
  func scaled(by factor: Double) -> Matrix {
    var m = self
    m.withUnsafeMutableBufferPointer { b in
      for i in 0..<b.count { b[i] *= factor }
    }
    return m
  }
}

/// The data of a `compute: database` run: where the sums come from, what
/// the provenance scan learned of the columns, and the data record it made.
public struct PushdownData: Sendable {
  public var source: any AggregateSource
  public var layout: PushdownLayout
  /// What was read (row counts, column summaries, arms, provenance).
  public var record: DataRecord

  public init(source: any AggregateSource, layout: PushdownLayout, record: DataRecord) {
    self.source = source
    self.layout = layout
    self.record = record
  }
}
