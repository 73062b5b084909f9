/// What was read from the data file and what the analysis used.
public struct DataRecord: Codable, Sendable {
  /// The data file (CSV or SQLite) as the study names it, resolved; for
  /// PostgreSQL, the name of the environment variable (never its value).
  public var path: String
  public var sha256: String
  public var bytes: Int
  public var rowsRead: Int
  public var rowsUsed: Int
  public var rowsDropped: Int
  /// Rows dropped for a missing value, by column (a row missing in two columns counts in both).
  public var droppedByColumn: [String: Int]
  /// The first lines (1-based, header = line 1) of dropped rows; for a
  /// database source, their positions (1-based) in `row_key` order.
  public var firstDroppedLines: [Int]
  public var missingPolicy: MissingPolicy
  public var columns: [ColumnRecord]
  /// Per-arm summaries for a binary treatment.
  public var arms: [ArmSummary]
  /// Where a database source's rows came from; nil for a data file.
  public var database: DatabaseRecord?
  /// The panel's shape, for a study on a long panel (`data.panel`).
  public var panel: PanelRecord?

  public init(
    path: String, sha256: String, bytes: Int, rowsRead: Int, rowsUsed: Int, rowsDropped: Int,
    droppedByColumn: [String: Int], firstDroppedLines: [Int], missingPolicy: MissingPolicy,
    columns: [ColumnRecord], arms: [ArmSummary], database: DatabaseRecord? = nil
  ) {
    self.path = path
    self.sha256 = sha256
    self.bytes = bytes
    self.rowsRead = rowsRead
    self.rowsUsed = rowsUsed
    self.rowsDropped = rowsDropped
    self.droppedByColumn = droppedByColumn
    self.firstDroppedLines = firstDroppedLines
    self.missingPolicy = missingPolicy
    self.columns = columns
    self.arms = arms
    self.database = database
  }
}

/// One column the analysis used.
public struct ColumnRecord: Codable, Sendable, Hashable {
  public var name: String
  public var type: ColumnType
  /// Whether the type was declared by the study or inferred from the data.
  public var declared: Bool
  /// Roles in the analysis (treatment, outcome, modifier).
  public var roles: [VariableRole]
  public var mean: Double?
  public var standardDeviation: Double?
  public var minimum: Double?
  public var maximum: Double?
  /// Levels of a categorical column, the reference level first.
  public var levels: [String]
  /// Why the column has its type (`nil` when the data source does not say).
  public var typeEvidence: TypeEvidence? = nil

  public init(
    name: String, type: ColumnType, declared: Bool, roles: [VariableRole], mean: Double?,
    standardDeviation: Double?, minimum: Double?, maximum: Double?, levels: [String] = []
  ) {
    self.name = name
    self.type = type
    self.declared = declared
    self.roles = roles
    self.mean = mean
    self.standardDeviation = standardDeviation
    self.minimum = minimum
    self.maximum = maximum
    self.levels = levels
  }
}

/// Means of the outcome and covariates in one arm of a binary treatment.
public struct ArmSummary: Codable, Sendable, Hashable {
  /// Which arm.
  public enum Arm: String, Codable, Sendable, CaseIterable {
    case treated
    case control
  }

  public var arm: Arm
  public var count: Int
  /// Column means, in the order of `DataRecord.columns`.
  public var means: [String: Double]

  public init(arm: Arm, count: Int, means: [String: Double]) {
    self.arm = arm
    self.count = count
    self.means = means
  }
}

/// Why a column has its type: every value it was decided from, and the rule
/// (types are read from a whole column, never guessed from one row).
public struct TypeEvidence: Codable, Sendable, Hashable {
  /// Non-missing values read; every one of them decided the type.
  public var valuesSeen: Int
  /// Rows read (the values plus the missing ones), before any were dropped.
  public var rowsSeen: Int
  /// The rule, in words: "all 500 values are 0 or 1".
  public var reason: String

  public init(valuesSeen: Int, rowsSeen: Int, reason: String) {
    self.valuesSeen = valuesSeen
    self.rowsSeen = rowsSeen
    self.reason = reason
  }
}
