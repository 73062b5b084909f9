import Foundation
import NumericKernels

/// The data of the standard study (issue 9): DoWhy's `linear_dataset`
/// shape with a binary treatment, 10 common causes, 2 instruments and a
/// continuous outcome whose true average effect is 10.
///
/// Model (row by row, from one xoshiro256** stream seeded with `seed`):
/// - `Wⱼ = μⱼ + εⱼ`, `εⱼ ~ N(0, 1)`, `j = 0…9` (means `μ` below);
/// - `Z0 ~ Bernoulli(½)`, `Z1 ~ U(0, 1)`;
/// - `T ~ Bernoulli(σ(−1.65 + Σ aⱼ Wⱼ + 0.8·Z0 + 1.0·Z1))`, σ the logistic
///   function (propensities stay mostly in (0.05, 0.95): every estimator
///   has overlap);
/// - `Y = 10·T + Σ bⱼ Wⱼ + N(0, 1)`.
///
/// Every W, Z1 and Y is written with 6 decimals (rounded half away from
/// zero), T and Z0 as 0/1, so the file is the same bytes on every machine.
/// Files: `bench/data/standard-<n>.csv`, made on demand (`AssayBench
/// generate`, the end-to-end suite, `make bench-compare`) and never committed.
enum StandardStudyData {
  static let seed: UInt64 = 20_250_909
  static let effect = 10.0
  static let sizes = [10_000, 100_000, 1_000_000]
  static let means: [Double] = [0.5, -0.3, 0.8, 0.0, -0.6, 0.2, 1.0, -0.9, 0.4, -0.1]
  static let treatmentWeights: [Double] = [0.5, -0.4, 0.3, -0.3, 0.2, -0.2, 0.1, -0.1, 0.25, -0.15]
  static let outcomeWeights: [Double] = [1.0, 2.0, -1.0, 0.5, 1.5, -2.0, 0.8, -0.6, 1.2, 0.3]
  static let instrumentWeights: [Double] = [0.8, 1.0]
  static let header = "W0,W1,W2,W3,W4,W5,W6,W7,W8,W9,Z0,Z1,T,Y"

  static func csvPath(_ n: Int) -> String { "bench/data/standard-\(n).csv" }

  /// Writes the file for `n` rows unless it exists already; returns its path.
  @discardableResult
  static func ensure(_ n: Int) -> String {
    let path = csvPath(n)
    if !FileManager.default.fileExists(atPath: path) { write(n, to: path) }
    return path
  }

  /// Writes `n` rows to `path` (through a temporary file, so a file that
  /// exists is always complete).
  static func write(_ n: Int, to path: String) {
    try? FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    let temporary = path + ".partial"
    guard FileManager.default.createFile(atPath: temporary, contents: nil),
      let handle = FileHandle(forWritingAtPath: temporary)
    else {
      print("error: cannot write \(temporary)")
      return
    }
    var g = Xoshiro256StarStar(seed: seed)
    var bytes: [UInt8] = Array((header + "\n").utf8)
    bytes.reserveCapacity(1 << 22)
    var w = [Double](repeating: 0, count: 10)
    for _ in 0..<n {
      var logit = -1.65
      var y = 0.0
      for j in 0..<10 {
        w[j] = means[j] + g.nextNormal()
        logit += treatmentWeights[j] * w[j]
        y += outcomeWeights[j] * w[j]
      }
      let z0 = g.nextUniform() < 0.5 ? 1 : 0
      let z1 = g.nextUniform()
      logit += instrumentWeights[0] * Double(z0) + instrumentWeights[1] * z1
      let t = g.nextUniform() < 1 / (1 + exp(-logit)) ? 1 : 0
      y += effect * Double(t) + g.nextNormal()
      for j in 0..<10 {
        appendFixed(w[j], to: &bytes)
        bytes.append(0x2C)
      }
      bytes.append(UInt8(0x30 + z0))
      bytes.append(0x2C)
      appendFixed(z1, to: &bytes)
      bytes.append(0x2C)
      bytes.append(UInt8(0x30 + t))
      bytes.append(0x2C)
      appendFixed(y, to: &bytes)
      bytes.append(0x0A)
      if bytes.count >= 1 << 22 {
        handle.write(Data(bytes))
        bytes.removeAll(keepingCapacity: true)
      }
    }
    handle.write(Data(bytes))
    try? handle.close()
    _ = try? FileManager.default.removeItem(atPath: path)
    try? FileManager.default.moveItem(atPath: temporary, toPath: path)
  }

  /// `value` with exactly 6 decimals (half away from zero), digit by digit.
  static func appendFixed(_ value: Double, to bytes: inout [UInt8]) {
    var scaled = Int64((abs(value) * 1_000_000).rounded(.toNearestOrAwayFromZero))
    if value < 0 && scaled != 0 { bytes.append(0x2D) }
    let whole = scaled / 1_000_000
    scaled %= 1_000_000
    var power: Int64 = 1
    while power * 10 <= whole { power *= 10 }
    while power > 0 {
      bytes.append(UInt8(0x30 + (whole / power) % 10))
      power /= 10
    }
    bytes.append(0x2E)
    var divisor: Int64 = 100_000
    while divisor > 0 {
      bytes.append(UInt8(0x30 + (scaled / divisor) % 10))
      divisor /= 10
    }
  }
}
