import Foundation
import Testing

@testable import NumericKernels

/// The row hash against an independent implementation
/// (Fixtures/rowhash/row_hash.py, arbitrary-precision integers).
@Suite("Row hash")
struct RowHashTests {
  static var fixture: [String: Any] { Fixture.json("rowhash/row_hash.json") }

  @Test("draws, Poisson counts, streams and thresholds equal the Python reference")
  func reference() throws {
    let draws = try #require(Self.fixture["draws"] as? [[String: Any]])
    #expect(draws.count == 360)
    for d in draws {
      let key = try #require((d["key"] as? NSNumber)?.int64Value)
      let stream = try #require((d["stream"] as? NSNumber)?.uint32Value)
      let simulation = try #require(d["simulation"] as? Int)
      let draw = try #require(d["draw"] as? Int)
      let expected = try #require((d["hash"] as? NSNumber)?.uint64Value)
      let h = RowHash.draw(row: RowHash.row(key: key, stream: stream), simulation: simulation, draw: draw)
      #expect(h == expected, "key \(key) stream \(stream) simulation \(simulation) draw \(draw)")
      #expect(RowHash.poisson(h) == d["poisson"] as? Int)
    }
    for s in try #require(Self.fixture["streams"] as? [[String: Any]]) {
      let seed = try #require((s["seed"] as? NSNumber)?.uint64Value)
      let label = try #require(s["label"] as? String)
      #expect(RowHash.stream(seed: seed, label: label) == (s["stream"] as? NSNumber)?.uint32Value)
    }
    let thresholds = try #require(Self.fixture["poisson_thresholds"] as? [NSNumber])
    #expect(RowHash.poissonThresholds == thresholds.map(\.uint64Value))
  }

  @Test("Poisson(1) counts have mean 1 and variance 1; uniforms and normals have their moments")
  func moments() {
    // 2e5 draws: the standard error of the mean is 1/sqrt(2e5) ≈ 0.0022; 5 SE tolerances.
    let n = 200_000
    var sum = 0.0
    var squares = 0.0
    var normal = 0.0
    var normalSquares = 0.0
    for key in 0..<n {
      let row = RowHash.row(key: Int64(key), stream: 12345)
      let w = Double(RowHash.poisson(RowHash.draw(row: row, simulation: 3)))
      sum += w
      squares += w * w
      let z = RowHash.normal(
        RowHash.draw(row: row, simulation: 3, draw: 0), RowHash.draw(row: row, simulation: 3, draw: 1))
      normal += z
      normalSquares += z * z
    }
    let mean = sum / Double(n)
    #expect(abs(mean - 1) < 0.012)
    #expect(abs(squares / Double(n) - mean * mean - 1) < 0.03)
    #expect(abs(normal / Double(n)) < 0.012)
    #expect(abs(normalSquares / Double(n) - 1) < 0.02)
  }
}
