import StudyModel

extension ReportBuilder {
  /// The data: what was read and dropped, the panel's shape, the columns, the arms, balance and overlap.
  mutating func addData() {
    heading(2, "Data", id: "data")
    guard let data = record.data else {
      paragraph("No data summary: the run stopped before the data was read (see the verdict above).")
      return
    }
    let counts: [(String, [ReportInline])] = [
      ("Rows read", [.text(NumberFormat.integer(data.rowsRead))]),
      ("Rows used", [.text(NumberFormat.integer(data.rowsUsed))]),
      ("Rows dropped", [.text(NumberFormat.integer(data.rowsDropped))]),
      ("Missing values", [.text(ReportBuilder.missingPolicyWords(data.missingPolicy))]),
    ]
    if let database = data.database {
      let sqlite = database.engine == .sqlite
      table(
        ReportBuilder.fields(
          "The database source",
          [
            (sqlite ? "SQLite file" : "Connection", [.code(sqlite ? data.path : "$" + data.path)]),
            (sqlite ? "SQLite version" : "Server version", [.text(database.serverVersion)]),
            ("Query", [.code(database.query)]),
            ("Row key", [.code(database.rowKey)]),
            ("Compute", [.text(database.compute.rawValue)]),
            ("SHA-256 of the result set", [.code(data.sha256)]),
          ] + counts))
    } else {
      table(
        ReportBuilder.fields(
          "The data file",
          [
            ("File", [.code(data.path)]),
            ("SHA-256", [.code(data.sha256)]),
            ("Size", [.text("\(NumberFormat.integer(data.bytes)) bytes")]),
          ] + counts))
    }
    if data.rowsDropped > 0 || !data.droppedByColumn.isEmpty {
      heading(3, "Dropped rows", id: "dropped-rows")
      paragraph(
        "\(data.rowsDropped) of \(data.rowsRead) rows were dropped for a missing value in a column the study uses "
          + "(a row missing in two columns counts in both).")
      var table = ReportTable(
        caption: "Rows with a missing value, by column", columns: ["Column", "Rows"], alignments: [.left, .right])
      for (column, count) in data.droppedByColumn.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
        table.append([[.code(column)], [.text(NumberFormat.integer(count))]])
      }
      self.table(table)
      if !data.firstDroppedLines.isEmpty, let database = data.database {
        paragraph(
          "First dropped rows (counted from 1 in \(database.rowKey) order): "
            + data.firstDroppedLines.map(String.init).joined(separator: ", ") + ".")
      } else if !data.firstDroppedLines.isEmpty {
        paragraph(
          "First dropped lines of the data file (header = line 1): "
            + data.firstDroppedLines.map(String.init).joined(separator: ", ") + ".")
      }
    }
    if let panel = data.panel { addPanelShape(panel) }
    addColumns(data)
    addArms(data)
    addBalance()
    addOverlap()
  }

  static func missingPolicyWords(_ policy: MissingPolicy) -> String {
    switch policy {
    case .error: "error: a missing value in a used column refuses the data"
    case .drop: "drop: complete cases over the used columns"
    }
  }

  private mutating func addColumns(_ data: DataRecord) {
    heading(3, "Columns", id: "columns")
    var table = ReportTable(
      caption: "Columns the analysis used",
      columns: ["Column", "Type", "Type from", "Roles", "Mean", "SD", "Min", "Max", "Levels"],
      alignments: [.left, .left, .left, .left, .right, .right, .right, .right, .left])
    for column in data.columns {
      table.append([
        [.code(column.name)], [.text(column.type.rawValue)], [.text(column.declared ? "study" : "inferred")],
        [.text(column.roles.isEmpty ? NumberFormat.missing : column.roles.map(\.rawValue).joined(separator: ", "))],
        [.text(NumberFormat.estimate(column.mean))], [.text(NumberFormat.estimate(column.standardDeviation))],
        [.text(NumberFormat.estimate(column.minimum))], [.text(NumberFormat.estimate(column.maximum))],
        [
          .text(
            column.levels.isEmpty
              ? NumberFormat.missing : column.levels.joined(separator: ", ") + " (first is the reference)")
        ],
      ])
    }
    self.table(table)
  }

  private mutating func addArms(_ data: DataRecord) {
    guard !data.arms.isEmpty else { return }
    heading(3, "Arms", id: "arms")
    let arms = data.arms
    let twoArms = arms.count == 2
    var columns = ["Column"] + arms.map { "\($0.arm) (n = \($0.count))" }
    if twoArms { columns.append("Difference (\(arms[0].arm) − \(arms[1].arm))") }
    var table = ReportTable(
      caption: "Column means by treatment arm", columns: columns,
      alignments: [.left] + Array(repeating: .right, count: columns.count - 1))
    var names = data.columns.map(\.name).filter { name in arms.contains { $0.means[name] != nil } }
    for name in Set(arms.flatMap { $0.means.keys }).sorted() where !names.contains(name) { names.append(name) }
    for name in names {
      var row: [[ReportInline]] = [[.code(name)]]
      for arm in arms { row.append([.text(NumberFormat.estimate(arm.means[name]))]) }
      if twoArms {
        let difference = arms[0].means[name].flatMap { a in arms[1].means[name].map { a - $0 } }
        row.append([.text(NumberFormat.estimate(difference))])
      }
      table.append(row)
    }
    self.table(table)
  }

  /// Covariate balance across the estimators that weight or match.
  private mutating func addBalance() {
    let withBalance = record.estimates.filter { !$0.balance.isEmpty }
    guard !withBalance.isEmpty else { return }
    heading(3, "Covariate balance", id: "balance")
    var covariates: [String] = []
    for estimate in withBalance {
      for row in estimate.balance where !covariates.contains(row.covariate) { covariates.append(row.covariate) }
    }
    let before: [Double?] = covariates.map { covariate in
      withBalance.lazy.compactMap { $0.balance.first { $0.covariate == covariate }?.before }.first
    }
    let after: [(estimator: String, values: [Double?])] = withBalance.map { estimate in
      (estimate.name, covariates.map { covariate in estimate.balance.first { $0.covariate == covariate }?.after })
    }
    paragraph(
      "Standardised mean differences (SMD) of each covariate between the arms, before adjustment and after each "
        + "estimator's weighting or matching. An absolute SMD above \(NumberFormat.fixed(LovePlot.threshold, decimals: 1)) "
        + "(Austin 2009) is flagged.")
    figure(caption: [
      .text("Love plot: absolute SMD before (hollow circles) and after adjustment, with the 0.1 threshold.")
    ]) { id in
      LovePlot(covariates: covariates, before: before, after: after).svg(id: id)
    }
    var table = ReportTable(
      caption: "Standardised mean differences",
      columns: ["Covariate", "Before"] + after.map { "After \($0.estimator)" },
      alignments: [.left] + Array(repeating: .right, count: after.count + 1))
    for (row, covariate) in covariates.enumerated() {
      var cells: [[ReportInline]] = [[.code(covariate)], ReportBuilder.smd(before[row])]
      for series in after { cells.append(ReportBuilder.smd(series.values[row])) }
      let unbalanced = after.contains { ($0.values[row].map(abs) ?? 0) > LovePlot.threshold }
      table.append(cells, style: unbalanced ? .warning : nil)
    }
    self.table(table)
  }

  /// An SMD cell, flagged above the threshold.
  static func smd(_ value: Double?) -> [ReportInline] {
    let text = NumberFormat.fixed(value, decimals: 3)
    if let value, abs(value) > LovePlot.threshold { return [.flagged([.text(text)])] }
    return [.text(text)]
  }

  /// Propensity-score histograms, one per distinct histogram (estimators sharing a propensity model share one).
  private mutating func addOverlap() {
    var groups: [(histogram: Histogram, estimators: [String])] = []
    for estimate in record.estimates {
      guard let histogram = estimate.propensityHistogram else { continue }
      if let i = groups.firstIndex(where: { $0.histogram == histogram }) {
        groups[i].estimators.append(estimate.name)
      } else {
        groups.append((histogram, [estimate.name]))
      }
    }
    guard !groups.isEmpty else { return }
    heading(3, "Propensity-score overlap", id: "overlap")
    paragraph(
      "Estimated propensity scores by arm. Effects are identified only where both arms have units; bins with units "
        + "of one arm only show where an estimator extrapolates.")
    for group in groups {
      let who = group.estimators.joined(separator: ", ")
      figure(caption: [
        .text(
          "Propensity scores of treated (above) and control (below) units, from the propensity model of \(who); each half has its own count scale."
        )
      ]) { id in
        OverlapHistogram(histogram: group.histogram, estimators: group.estimators).svg(id: id)
      }
      var table = ReportTable(
        caption: "Units per propensity-score bin (\(who))", columns: ["Propensity score", "Treated", "Control"],
        alignments: [.left, .right, .right])
      let edges = group.histogram.edges
      var emptyBins = 0
      for bin in 0..<max(0, edges.count - 1) {
        let treated = bin < group.histogram.treated.count ? group.histogram.treated[bin] : 0
        let control = bin < group.histogram.control.count ? group.histogram.control[bin] : 0
        if treated == 0 && control == 0 {
          emptyBins += 1
          continue
        }
        let lonely = (treated == 0) != (control == 0)
        table.append(
          texts: [
            "[\(NumberFormat.fixed(edges[bin], decimals: 3)), \(NumberFormat.fixed(edges[bin + 1], decimals: 3)))",
            String(treated), String(control),
          ], style: lonely ? .warning : nil)
      }
      self.table(table)
      if emptyBins > 0 {
        paragraph("\(emptyBins) of \(edges.count - 1) bins hold no units and are not listed.")
      }
    }
  }
}
