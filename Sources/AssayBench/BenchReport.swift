import Foundation

/// The figures of one `make bench` run.
struct BenchReport {
  struct Row {
    var group: String
    var name: String
    var value: Double
    var unit: String
    var note: String
  }

  var rows: [Row] = []

  mutating func add(_ group: String, _ name: String, _ value: Double, _ unit: String, note: String = "") {
    rows.append(Row(group: group, name: name, value: value, unit: unit, note: note))
    print(
      String(
        format: "  %-14@ %-48@ %12.3f %-8@ %@", group as NSString, name as NSString, value,
        unit as NSString, note as NSString))
  }

  func printTable() {
    print("\n\(rows.count) figures")
  }

  func write(to path: String) {
    let items = rows.map { row -> [String: Any] in
      ["group": row.group, "name": row.name, "value": row.value, "unit": row.unit, "note": row.note]
    }
    let document: [String: Any] = ["figures": items]
    guard let data = try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
    else { return }
    try? FileManager.default.createDirectory(atPath: "bench", withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: path, contents: data)
  }
}

/// Times `body`, taking the best of `repetitions` runs (seconds).
func bestTime(repetitions: Int = 5, _ body: () -> Void) -> Double {
  var best = Double.infinity
  let clock = ContinuousClock()
  for _ in 0..<repetitions {
    let elapsed = clock.measure(body)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    best = min(best, seconds)
  }
  return best
}
