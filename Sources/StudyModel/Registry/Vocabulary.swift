// The closed vocabularies of the study format. Each enum's raw value is its
// YAML spelling; Swift code uses the case names, which are written in words.
// `StudyFormat.aliases` adds the other spellings users bring (DoWhy's names).

/// The causal effect a study asks for: the population it averages over.
public enum EffectKind: String, CaseIterable, Codable, Sendable {
  /// E[Y(t) - Y(c)] over all units.
  case averageTreatmentEffect = "ate"
  /// E[Y(t) - Y(c) | T = t] over the treated units.
  case averageTreatmentEffectOnTreated = "att"
  /// E[Y(t) - Y(c) | T = c] over the control units.
  case averageTreatmentEffectOnControls = "atc"

  /// The units the effect averages over, in words.
  public var population: String {
    switch self {
    case .averageTreatmentEffect: "all units"
    case .averageTreatmentEffectOnTreated: "the treated units"
    case .averageTreatmentEffectOnControls: "the control units"
    }
  }
}

/// Which valid adjustment set back-door estimators use.
///
/// Coded as its text: `minimal`, `optimal`, `all`, or the study's list
/// `[age, educ]`.
public enum AdjustmentChoice: Hashable, Codable, Sendable, CustomStringConvertible {
  /// A minimal set (the first in a deterministic enumeration order).
  case minimal
  /// The optimal set O(X, Y) of Henckel, Perkovic & Maathuis (2022).
  case optimal
  /// The canonical set of Perkovic et al. (2018): every observed node that may be adjusted for.
  case all
  /// A set the study names; identification checks that it is valid.
  case explicit([String])

  public static let words = ["minimal", "optimal", "all"]

  public var description: String {
    switch self {
    case .minimal: "minimal"
    case .optimal: "optimal"
    case .all: "all"
    case .explicit(let names): "[" + names.joined(separator: ", ") + "]"
    }
  }

  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    switch text {
    case "minimal": self = .minimal
    case "optimal": self = .optimal
    case "all": self = .all
    default:
      guard text.hasPrefix("["), text.hasSuffix("]") else {
        throw DecodingError.dataCorrupted(
          .init(codingPath: decoder.codingPath, debugDescription: "not an adjustment choice: '\(text)'"))
      }
      let inner = text.dropFirst().dropLast()
      self = .explicit(
        inner.isEmpty ? [] : inner.split(separator: ", ", omittingEmptySubsequences: false).map(String.init))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(description)
  }
}

/// How a data column is to be read.
public enum ColumnType: String, CaseIterable, Codable, Sendable {
  /// 0/1 or true/false.
  case binary
  case continuous
  case integer
  /// Text levels, one-hot encoded in models with the first level as reference.
  case categorical
}

/// What to do with rows that have a missing value in a column the study uses.
public enum MissingPolicy: String, CaseIterable, Codable, Sendable {
  /// Refuse the data, counting the rows and naming the first ones.
  case error
  /// Keep complete cases over the columns the study uses; the record says how many rows went.
  case drop
}

/// Where a database source's arithmetic runs (`data.compute`).
public enum ComputeMode: String, CaseIterable, Codable, Sendable {
  /// Read the rows into memory and compute there.
  case local
  /// Send aggregate queries (Gram matrices, weighted sums) to the database;
  /// the rows stay where they are.
  case database
}

/// The field separator of a data file.
public enum Delimiter: String, CaseIterable, Codable, Sendable {
  case comma
  case tab

  public var character: Character { self == .comma ? "," : "\t" }
}

/// How the study file writes its graph.
public enum GraphFormat: String, CaseIterable, Codable, Sendable {
  case dagitty
  case dot
  case edges
}

/// Whether a failed check fails the gate.
public enum CheckSeverity: String, ParameterChoice, Codable {
  case error
  case warn
}

/// What to do when a numerical problem is detected.
public enum ProblemPolicy: String, CaseIterable, Codable, Sendable {
  /// Stop the estimator with a numerical failure (exit code 3).
  case error
  /// Record the problem as a warning and go on.
  case warn
}

/// A report file format.
public enum ReportFormat: String, CaseIterable, Codable, Sendable {
  /// `report.md`.
  case markdown
  /// `report.html`.
  case html
  /// `result.json`.
  case json
  /// `junit.xml`, one test case per estimate and per check.
  case junit
}
