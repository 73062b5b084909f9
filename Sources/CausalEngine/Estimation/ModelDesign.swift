import Foundation
import NumericKernels
import StudyModel
import Tabular

/// The design matrix of an outcome or propensity model, built from the study's
/// term language (``ModelTerm``), with where the treatment enters.
///
/// Columns, in order: the intercept; the treatment (one column for a numeric
/// treatment, one indicator per level but the first for a categorical one);
/// the main effects of the covariates (categoricals one-hot, first sorted
/// level as the named reference); the main effects of the effect modifiers
/// not already among them; the extra terms; then one block of treatment ×
/// modifier interactions per modifier. A term that is a plain variable
/// already in the model is not added twice; a term that spans a variable's
/// own main effect (`poly(x, k)`, `ns(x, df)`, `C(x)`) replaces it in place.
/// ``formula`` writes the model in R's notation, so a reader sees exactly
/// what was fitted.
///
/// Bases are fixed when the design is built (spline knots, categorical
/// levels), so ``treatmentColumnValues(at:)`` re-evaluates every column that
/// involves the treatment at another level with the same bases: the
/// standardisation (g-computation) contrast of any model, with or without
/// treatment interactions.
///
/// A value outside a transform's domain (`log` of a value ≤ 0, `sqrt` of a
/// value < 0) makes its column `NaN` there, and ``undefinedValue`` says where:
/// estimators refuse such a design; validation of the data reports it first.
/// Nothing is dropped: aliased columns are found and named by the fit.
struct ModelDesign: Sendable {
  var matrix: Matrix
  var names: [String]
  /// The right-hand side of the model in R's notation: `t + age + poly(educ, 2) + t:region`.
  var formula: String
  /// Reference levels of categorical variables, as `name=level`.
  var referenceLevels: [String]
  /// Index of the intercept column, if the design has one.
  var interceptColumn: Int?
  /// Every column whose value depends on the treatment.
  var treatmentColumns: [Int]
  /// The treatment's own column, when the treatment enters the model only
  /// as that one numeric column (so the contrast is one coefficient).
  var treatmentColumn: Int?
  /// For each effect modifier, the columns of its interactions with the treatment.
  var modifierInteractions: [(modifier: String, columns: [Int])]
  /// Where a transform is undefined, in words, when it is somewhere.
  var undefinedValue: String?

  /// One block of columns: the product of some prepared factors.
  fileprivate struct Block: Sendable {
    var factors: [PreparedFactor]
    var range: Range<Int>
    var involvesTreatment: Bool
  }

  fileprivate var blocks: [Block]
  fileprivate var treatment: String?

  /// Builds `[1, T?, covariates, modifiers, terms, T × modifiers]` (see the type's documentation).
  static func build(
    data: AnalysisData, treatment: String?, covariates: [String], terms: [ModelTerm], modifiers: [String] = [],
    intercept: Bool = true
  ) -> ModelDesign {
    var builder = Builder(data: data, treatment: treatment)
    if let treatment { builder.add([.variable(treatment)]) }
    var mainEffects = covariates
    for m in modifiers where !mainEffects.contains(m) && m != treatment { mainEffects.append(m) }
    // Terms that replace a main effect take its place; the others follow the main effects.
    var added: [ModelTerm] = []
    var replacing: [String: [ModelTerm]] = [:]
    for term in terms {
      if let v = term.replacedMainEffect, mainEffects.contains(v) {
        replacing[v, default: []].append(term)
      } else {
        added.append(term)
      }
    }
    for v in mainEffects {
      if let replacements = replacing[v] {
        for term in replacements { builder.add(term.factors) }
      } else {
        builder.add([.variable(v)])
      }
    }
    for term in added { builder.add(term.factors) }
    if let treatment {
      for m in modifiers where m != treatment {
        let columns = builder.add([.variable(treatment), .variable(m)])
        builder.modifierInteractions.append((m, columns))
      }
    }
    return builder.finish(intercept: intercept)
  }

  /// The columns that involve the treatment, re-evaluated with the treatment
  /// set to `value` in every row (a number, or a categorical treatment's
  /// level code) and the fixed bases, by column index: with the other
  /// columns of ``matrix`` unchanged, the design for g-computation, without
  /// a copy of the whole matrix.
  func treatmentColumnValues(at value: Double) -> [Int: [Double]] {
    guard let treatment else { return [:] }
    let constant = [Double](repeating: value, count: matrix.rows)
    var values: [Int: [Double]] = [:]
    for block in blocks where block.involvesTreatment {
      let columns = Builder.evaluate(block.factors, rows: matrix.rows) { factor in
        factor.variable == treatment ? constant : nil
      }
      for (offset, column) in columns.enumerated() { values[block.range.lowerBound + offset] = column }
    }
    return values
  }

  /// The mean over `rows` of `x_i(t₁) − x_i(t₀)` (weighted by `weights`
  /// when given: `Σ w_i (x_i(t₁) − x_i(t₀)) / Σ w_i`): the gradient of the
  /// standardised contrast of a linear model with respect to its
  /// coefficients (the contrast itself is this dotted with them). Only the
  /// columns that involve the treatment differ, so only they are evaluated.
  func contrastGradient(rows: [Int], treated: Double, control: Double, weights: [Double]? = nil) -> [Double] {
    let x1 = treatmentColumnValues(at: treated)
    let x0 = treatmentColumnValues(at: control)
    var g = [Double](repeating: 0, count: matrix.columns)
    let total = weights.map { w in rows.reduce(0.0) { $0 + w[$1] } } ?? Double(rows.count)
    for j in treatmentColumns {
      guard let a = x1[j], let b = x0[j] else { continue }
      var sum = 0.0
      if let weights {
        for i in rows { sum += weights[i] * (a[i] - b[i]) }
      } else {
        for i in rows { sum += a[i] - b[i] }
      }
      g[j] = sum / total
    }
    return g
  }

  /// Builds the columns of one model.
  fileprivate struct Builder {
    let data: AnalysisData
    let treatment: String?
    var columns: [[Double]] = []
    var names: [String] = []
    var blocks: [Block] = []
    var formula: [String] = []
    var references: [String: String] = [:]
    var modifierInteractions: [(modifier: String, columns: [Int])] = []
    var seen: Set<[ModelTerm.Factor]> = []
    var undefined: String?

    init(data: AnalysisData, treatment: String?) {
      self.data = data
      self.treatment = treatment
    }

    /// Adds the block of a product of factors (once); returns its column indices.
    @discardableResult
    mutating func add(_ factors: [ModelTerm.Factor]) -> [Int] {
      let key = factors.sorted { $0.description < $1.description }
      if let existing = blocks.first(where: {
        $0.factors.map(\.factor).sorted { $0.description < $1.description } == key
      }) {
        return Array(existing.range)
      }
      guard seen.insert(key).inserted else { return [] }
      let prepared = factors.map { PreparedFactor($0, data: data) }
      for p in prepared {
        if let reference = p.reference { references[p.factor.variable] = reference }
        if undefined == nil, let problem = p.undefined { undefined = problem }
      }
      let values = Self.evaluate(prepared, rows: data.rowCount) { _ in nil }
      let start = columns.count
      columns += values
      names += Self.names(prepared)
      let range = start..<columns.count
      blocks.append(
        Block(
          factors: prepared, range: range, involvesTreatment: factors.contains { $0.variable == treatment }))
      formula.append(factors.map(\.description).joined(separator: ":"))
      return Array(range)
    }

    /// The columns of a product: every product of one column of each factor.
    static func evaluate(
      _ factors: [PreparedFactor], rows: Int, override: (ModelTerm.Factor) -> [Double]?
    ) -> [[Double]] {
      var products: [[Double]] = [[Double](repeating: 1, count: rows)]
      for factor in factors {
        let parts = factor.columns(override(factor.factor))
        var next: [[Double]] = []
        next.reserveCapacity(products.count * parts.count)
        for left in products {
          for right in parts { next.append(zip(left, right).map(*)) }
        }
        products = next
      }
      return products
    }

    static func names(_ factors: [PreparedFactor]) -> [String] {
      var products = [""]
      for factor in factors {
        var next: [String] = []
        for left in products {
          for right in factor.names { next.append(left.isEmpty ? right : left + ":" + right) }
        }
        products = next
      }
      return products
    }

    func finish(intercept: Bool) -> ModelDesign {
      var all = columns
      var allNames = names
      var shifted = blocks
      var interactions = modifierInteractions
      if intercept {
        all.insert([Double](repeating: 1, count: data.rowCount), at: 0)
        allNames.insert("(Intercept)", at: 0)
        for i in shifted.indices {
          shifted[i].range = (shifted[i].range.lowerBound + 1)..<(shifted[i].range.upperBound + 1)
        }
        interactions = interactions.map { ($0.modifier, $0.columns.map { $0 + 1 }) }
      }
      let treatmentColumns = shifted.filter(\.involvesTreatment).flatMap { Array($0.range) }
      var simple: Int?
      if let treatment, treatmentColumns.count == 1,
        let block = shifted.first(where: \.involvesTreatment), block.factors.count == 1,
        case .variable = block.factors[0].factor, data.column(treatment).kind != .categorical
      {
        simple = treatmentColumns[0]
      }
      let matrix = all.isEmpty ? Matrix(rows: data.rowCount, columns: 0) : Matrix(columns: all)
      return ModelDesign(
        matrix: matrix, names: allNames, formula: formula.joined(separator: " + "),
        referenceLevels: references.keys.sorted().map { "\($0)=\(references[$0]!)" },
        interceptColumn: intercept ? 0 : nil, treatmentColumns: treatmentColumns, treatmentColumn: simple,
        modifierInteractions: interactions, undefinedValue: undefined, blocks: shifted, treatment: treatment)
    }
  }
}

/// One factor of a term with its basis fixed on the data: the levels of a
/// categorical coding, the knots of a spline.
private struct PreparedFactor: Sendable {
  let factor: ModelTerm.Factor
  /// The values of the data column (level codes for a categorical column).
  let values: [Double]
  /// For a categorical coding: the values (codes) that get an indicator, and their names.
  let indicatorValues: [Double]
  let names: [String]
  /// The dropped reference level of a categorical coding.
  let reference: String?
  let spline: NaturalSpline?
  /// Where the transform is undefined, in words.
  let undefined: String?

  init(_ factor: ModelTerm.Factor, data: AnalysisData) {
    self.factor = factor
    let column = data.column(factor.variable)
    values = column.values
    let v = factor.variable
    var indicatorValues: [Double] = []
    var names: [String] = []
    var reference: String?
    var spline: NaturalSpline?
    var undefined: String?
    func categorical(requested: String?) {
      // Levels: the column's own (sorted text) levels, or the distinct numbers of a numeric column.
      let levels: [(text: String, value: Double)]
      if column.kind == .categorical {
        levels = column.levels.enumerated().map { ($0.element, Double($0.offset)) }
      } else {
        levels = Set(column.values.filter(\.isFinite)).sorted().map { (JSONValue.format($0), $0) }
      }
      var referenceIndex = 0
      if let requested {
        if let i = levels.firstIndex(where: { $0.text == requested || Double($0.text) == Double(requested) }) {
          referenceIndex = i
        } else {
          undefined =
            "C(\(v), ref = \(requested)): '\(v)' has no level '\(requested)' (its levels: "
            + levels.prefix(10).map(\.text).joined(separator: ", ") + ")"
        }
      }
      reference = levels.isEmpty ? nil : levels[referenceIndex].text
      for (i, level) in levels.enumerated() where i != referenceIndex {
        indicatorValues.append(level.value)
        names.append("\(v)=\(level.text)")
      }
    }
    switch factor {
    case .variable:
      if column.kind == .categorical { categorical(requested: nil) } else { names = [v] }
    case .categorical(_, let requested):
      categorical(requested: requested)
    case .power(_, let k):
      names = ["\(v)^\(k)"]
    case .log:
      names = ["log(\(v))"]
      if let i = column.values.firstIndex(where: { $0.isFinite && $0 <= 0 }) {
        undefined =
          "log(\(v)) is undefined: '\(v)' is \(JSONValue.format(column.values[i])) in row \(i + 1) of the data used"
      }
    case .squareRoot:
      names = ["sqrt(\(v))"]
      if let i = column.values.firstIndex(where: { $0.isFinite && $0 < 0 }) {
        undefined =
          "sqrt(\(v)) is undefined: '\(v)' is \(JSONValue.format(column.values[i])) in row \(i + 1) of the data used"
      }
    case .polynomial(_, let k):
      names = [v] + (2...max(2, k)).prefix(k - 1).map { "\(v)^\($0)" }
    case .naturalSpline(_, let df):
      let finite = column.values.filter(\.isFinite)
      if Set(finite).count >= 2 {
        spline = NaturalSpline(values: finite, df: df)
      } else {
        undefined = "ns(\(v), \(df)) needs at least two distinct values of '\(v)'"
      }
      names = (1...df).map { "ns(\(v), \(df))\($0)" }
    }
    if column.kind == .categorical, !factor.acceptsCategoricalColumn {
      undefined = "\(factor) needs a numeric column; '\(v)' is categorical"
    }
    self.indicatorValues = indicatorValues
    self.names = names
    self.reference = reference
    self.spline = spline
    self.undefined = undefined
  }

  /// The factor's columns on the data, or on `override` values (a treatment level).
  func columns(_ override: [Double]?) -> [[Double]] {
    let x = override ?? values
    switch factor {
    case .variable:
      if indicatorValues.isEmpty, names.count == 1, reference == nil { return [x] }
      return indicatorValues.map { level in x.map { $0.isNaN ? .nan : ($0 == level ? 1 : 0) } }
    case .categorical:
      return indicatorValues.map { level in x.map { $0.isNaN ? .nan : ($0 == level ? 1 : 0) } }
    case .power(_, let k):
      return [x.map { Self.raise($0, k) }]
    case .log:
      return [x.map { $0 > 0 ? Foundation.log($0) : .nan }]
    case .squareRoot:
      return [x.map { $0 >= 0 ? $0.squareRoot() : .nan }]
    case .polynomial(_, let k):
      return (1...k).map { p in x.map { Self.raise($0, p) } }
    case .naturalSpline(_, let df):
      guard let spline else { return [[Double]](repeating: [Double](repeating: .nan, count: x.count), count: df) }
      return spline.evaluate(x)
    }
  }

  /// `x^k` by repeated multiplication (exact for the small powers of designs).
  static func raise(_ x: Double, _ k: Int) -> Double {
    var result = 1.0
    for _ in 0..<k { result *= x }
    return result
  }
}
