/// Why a long table cannot be read as a panel, with the data rows involved.
///
/// `rows` are 0-based rows of the analysis data (the first few of the rows
/// involved, at most ``PanelError/rowLimit``), so the caller can point at the
/// file's lines. One error can carry several problems: `message` and `rows`
/// describe the first, `additional` the others, so that a user sees every
/// problem of the table at once.
struct PanelError: Error, Sendable, Equatable {
  /// What is wrong, in the study's words (column names, unit labels, periods).
  var message: String
  /// The 0-based data rows involved (at most ``rowLimit``, ascending).
  var rows: [Int]
  /// Further problems found in the same table.
  var additional: [PanelError] = []

  /// The number of rows an error lists.
  static let rowLimit = 10

  init(message: String, rows: [Int], additional: [PanelError] = []) {
    self.message = message
    self.rows = Array(rows.sorted().prefix(PanelError.rowLimit))
    self.additional = additional
  }

  /// Every problem, the first one first.
  var all: [PanelError] {
    var first = self
    first.additional = []
    return [first] + additional.flatMap(\.all)
  }
}
