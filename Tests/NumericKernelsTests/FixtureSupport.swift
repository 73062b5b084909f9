import Foundation
import TestSupport

/// Reads the committed reference files under `Tests/NumericKernelsTests/Fixtures`.
enum Fixture {
  static var directory: String { PackagePaths.root() + "/Tests/NumericKernelsTests/Fixtures" }

  /// A JSON fixture as Foundation objects.
  static func json(_ relativePath: String) -> [String: Any] {
    let path = directory + "/" + relativePath
    guard let data = FileManager.default.contents(atPath: path),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { fatalError("cannot read fixture \(path)") }
    return object
  }

  /// A numeric CSV fixture: header names and columns.
  static func csv(_ relativePath: String) -> (names: [String], columns: [[Double]]) {
    let path = directory + "/" + relativePath
    guard let data = FileManager.default.contents(atPath: path) else { fatalError("cannot read fixture \(path)") }
    let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
    let names = lines[0].split(separator: ",").map(String.init)
    var columns = [[Double]](repeating: [], count: names.count)
    for line in lines.dropFirst() {
      for (j, field) in line.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
        columns[j].append(Double(field) ?? .nan)
      }
    }
    return (names, columns)
  }
}

/// `|a − b| / |b|` (or `|a − b|` when `b == 0`).
func relativeError(_ a: Double, _ b: Double) -> Double {
  if a == b { return 0 }
  return b == 0 ? abs(a) : abs(a - b) / abs(b)
}

/// The log relative error `−log₁₀(|c − t|/|t|)` of McCullough (1998), capped at 15.
func logRelativeError(_ computed: Double, _ certified: Double) -> Double {
  let r = relativeError(computed, certified)
  if r == 0 { return 15 }
  return min(15, -log10(r))
}

extension Dictionary where Key == String, Value == Any {
  func doubles(_ key: String) -> [Double] { (self[key] as? [Any])?.compactMap { ($0 as? NSNumber)?.doubleValue } ?? [] }
  func double(_ key: String) -> Double { (self[key] as? NSNumber)?.doubleValue ?? .nan }
  func object(_ key: String) -> [String: Any] { self[key] as? [String: Any] ?? [:] }
}
