/// Contour segments of a function sampled on a rectangular grid (marching squares).
///
/// Each grid cell whose corners lie on both sides of the level contributes one
/// segment (two at a saddle, paired by the cell's mean, the usual
/// disambiguation), with end points found by linear interpolation along the
/// cell's edges. A corner equal to the level counts as above it. Cells with a
/// non-finite corner are skipped.
enum MarchingSquares {
  struct Segment: Sendable, Hashable {
    var x1: Double, y1: Double, x2: Double, y2: Double
  }

  /// The segments of the contour at `level` of `grid[i][j]`, sampled at (`xs[j]`, `ys[i]`).
  static func segments(grid: [[Double]], xs: [Double], ys: [Double], level: Double) -> [Segment] {
    guard ys.count > 1, xs.count > 1, grid.count == ys.count, grid.allSatisfy({ $0.count == xs.count }) else {
      return []
    }
    var out: [Segment] = []
    for i in 0..<(ys.count - 1) {
      for j in 0..<(xs.count - 1) {
        // Corners counter-clockwise from bottom left: (j, i), (j+1, i), (j+1, i+1), (j, i+1).
        let corners: [(x: Double, y: Double, v: Double)] = [
          (xs[j], ys[i], grid[i][j]), (xs[j + 1], ys[i], grid[i][j + 1]),
          (xs[j + 1], ys[i + 1], grid[i + 1][j + 1]), (xs[j], ys[i + 1], grid[i + 1][j]),
        ]
        guard corners.allSatisfy({ $0.v.isFinite }) else { continue }
        var crossings: [(Double, Double)] = []
        for k in 0..<4 {
          let a = corners[k]
          let b = corners[(k + 1) % 4]
          if (a.v >= level) != (b.v >= level) {
            let t = (level - a.v) / (b.v - a.v)
            crossings.append((a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)))
          }
        }
        if crossings.count == 2 {
          out.append(Segment(x1: crossings[0].0, y1: crossings[0].1, x2: crossings[1].0, y2: crossings[1].1))
        } else if crossings.count == 4 {
          // Saddle: crossing k lies on the edge from corner k to corner k+1.
          // When the centre is on the side of corners 0 and 2, those two
          // connect through the middle and the contour cuts off corners 1
          // (edges 0, 1) and 3 (edges 2, 3); otherwise it cuts off 0 and 2.
          let centre = corners.map(\.v).reduce(0, +) / 4
          let pairs = (centre >= level) == (corners[0].v >= level) ? [(0, 1), (2, 3)] : [(0, 3), (1, 2)]
          for (p, q) in pairs {
            out.append(Segment(x1: crossings[p].0, y1: crossings[p].1, x2: crossings[q].0, y2: crossings[q].1))
          }
        }
      }
    }
    return out
  }
}
