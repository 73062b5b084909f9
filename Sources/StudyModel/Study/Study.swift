/// A validated study: what `assay` reads from a study file, with every
/// default filled in and every value's origin kept.
///
/// A `Study` is produced only by the loader in `StudySpec`, after validation
/// found no error; the engine may trust its references (the treatment is a
/// graph node, each estimator name is unique, and so on).
public struct Study: Sendable {
  /// The study file, as the user named it.
  public var file: String
  public var version: Located<Int>
  /// `[a-z0-9-]+`; names the report folder.
  public var name: Located<String>
  public var title: Located<String>
  public var description: Located<String>?
  /// The seed every random draw derives from.
  public var seed: Located<UInt64>
  public var data: DataSpec
  public var graph: GraphSpec
  public var estimand: EstimandSpec
  public var estimators: [EstimatorSpec]
  public var refutations: RefutationSpec
  public var expectations: [ExpectationSpec]
  public var policies: PolicySpec
  public var report: ReportSpec

  public init(
    file: String, version: Located<Int>, name: Located<String>, title: Located<String>,
    description: Located<String>?, seed: Located<UInt64>, data: DataSpec, graph: GraphSpec,
    estimand: EstimandSpec, estimators: [EstimatorSpec], refutations: RefutationSpec,
    expectations: [ExpectationSpec], policies: PolicySpec, report: ReportSpec
  ) {
    self.file = file
    self.version = version
    self.name = name
    self.title = title
    self.description = description
    self.seed = seed
    self.data = data
    self.graph = graph
    self.estimand = estimand
    self.estimators = estimators
    self.refutations = refutations
    self.expectations = expectations
    self.policies = policies
    self.report = report
  }

  /// The estimator named `name`.
  public func estimator(named name: String) -> EstimatorSpec? {
    estimators.first { $0.name.value == name }
  }
}

/// The `data:` section.
///
/// Exactly one source: a delimited file (`path`), an SQLite file (`sqlite`)
/// or a PostgreSQL query (`postgres`); `database` is set for the last two.
public struct DataSpec: Codable, Sendable {
  /// The source as written: the file of `path` or `sqlite` relative to the
  /// study file, or the name of the environment variable of `postgres`.
  public var path: Located<String>
  /// The file resolved against the study file's folder (for `postgres`, the
  /// variable's name).
  public var resolvedPath: String
  /// The pinned SHA-256, lowercase hex: of the file's bytes, or of a
  /// database's result set (docs/data-sources.md, "Provenance").
  public var sha256: Located<String>?
  public var missing: Located<MissingPolicy>
  /// Field texts that mean "missing".
  public var missingValues: Located<[String]>
  public var delimiter: Located<Delimiter>
  /// Declared column types, in file order.
  public var columns: [ColumnDeclaration]
  /// The database source (`sqlite` or `postgres`); nil for a file.
  public var database: DatabaseSpec?
  /// The column that identifies each row (`row_key`): required for a
  /// database source (equal to `database.rowKey`), optional for a file. With
  /// it, the checks' simulations draw by row (`RowHash`).
  public var rowKey: Located<String>?
  /// `weights`: the column of sampling weights (positive), if any.
  public var weights: Located<String>?
  /// `panel`: the unit and time keys of a long panel, if the data are one.
  public var panel: PanelSpec?

  public init(
    path: Located<String>, resolvedPath: String, sha256: Located<String>?,
    missing: Located<MissingPolicy>, missingValues: Located<[String]>,
    delimiter: Located<Delimiter>, columns: [ColumnDeclaration], database: DatabaseSpec? = nil,
    rowKey: Located<String>? = nil, weights: Located<String>? = nil, panel: PanelSpec? = nil
  ) {
    self.weights = weights
    self.panel = panel
    self.path = path
    self.resolvedPath = resolvedPath
    self.sha256 = sha256
    self.missing = missing
    self.missingValues = missingValues
    self.delimiter = delimiter
    self.columns = columns
    self.database = database
    self.rowKey = rowKey ?? database?.rowKey
  }

  /// The declared type of `column`, if any.
  public func declaredType(of column: String) -> ColumnType? {
    columns.first { $0.name.value == column }?.type.value
  }
}

/// `data.panel`: the columns that identify a long panel's rows.
public struct PanelSpec: Codable, Sendable {
  /// The unit identifier (a state, a county, a person).
  public var unit: Located<String>
  /// The period (a year, a quarter as a number).
  public var time: Located<String>
  /// Where `panel:` is written.
  public var origin: Origin

  public init(unit: Located<String>, time: Located<String>, origin: Origin) {
    self.unit = unit
    self.time = time
    self.origin = origin
  }
}

/// A declared column type.
public struct ColumnDeclaration: Codable, Sendable {
  public var name: Located<String>
  public var type: Located<ColumnType>

  public init(name: Located<String>, type: Located<ColumnType>) {
    self.name = name
    self.type = type
  }
}
