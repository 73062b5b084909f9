import NumericKernels

/// Uniform (simultaneous) confidence bands from influence functions by the
/// multiplier bootstrap (Callaway & Sant'Anna 2021, §4 and Algorithm 1;
/// R `did`'s `mboot` with `cband = TRUE`).
///
/// For parameters `θ₁…θ_J` with influence functions `ψᵢⱼ` over `n` units and
/// standard errors `seⱼ` (``InfluenceVariance``), each replicate `b` draws
/// Rademacher multipliers `v_c ∈ {−1, +1}` (probability ½ each; BMisc 1.4.6
/// draws the same) for every cluster `c` (every unit when clustered by unit)
/// and forms
///
///     δ_bj = Σ_c v_c S_cj / n,   S_cj = Σ_{i∈c} ψᵢⱼ,
///     t_b  = max_j |δ_bj| / seⱼ.
///
/// The critical value `c_{1−α}` is the type-1 (inverse empirical CDF)
/// quantile of `t₁…t_B` at `1 − α`, so `θ̂ⱼ ± c_{1−α}·seⱼ` covers every `θⱼ`
/// at once with probability about `1 − α`.
///
/// Differences from R `did`, by design: the t statistics divide by the
/// analytic standard errors (R divides by the bootstrap's interquartile
/// range / 1.349), so the band is `θ̂ ± c·se` with the very standard errors
/// reported; the multipliers come from the study's seed (R's come from R's
/// RNG), so bands agree with R's only up to Monte-Carlo error. As in R, a
/// critical value below the pointwise normal quantile is raised to it.
///
/// Randomness: replicate `b` uses `Xoshiro256StarStar.stream(seed:label:index: b)`,
/// so the result depends only on the seed and label, not on threads.
enum MultiplierBootstrap {
  /// The uniform critical value for `columns` of `psi` (`n × k`), each with
  /// its standard error; columns whose error is `nil` are left out. `nil`
  /// when no column is left.
  ///
  /// - Parameters:
  ///   - replicates: `B ≥ 1`.
  ///   - level: the band's coverage `1 − α`, in (0, 1).
  static func criticalValue(
    psi: Matrix, columns: [Int], standardErrors: [Double?], variance: InfluenceVariance, replicates: Int,
    level: Double, seed: UInt64, label: String
  ) -> Double? {
    precondition(replicates >= 1, "MultiplierBootstrap: \(replicates) replicates")
    precondition(level > 0 && level < 1, "MultiplierBootstrap: level \(level)")
    precondition(columns.count == standardErrors.count, "MultiplierBootstrap: one standard error per column")
    let used = columns.indices.filter { standardErrors[$0] != nil }
    guard !used.isEmpty else { return nil }
    let g = variance.clusterCount
    let n = Double(variance.units)
    // Cluster sums S (g × J), each column scaled by 1/(n·se) so that t_b = max_j |Σ_c v_c S̃_cj|.
    var scaled = Matrix(rows: g, columns: used.count)
    for (a, k) in used.enumerated() {
      let scale = 1 / (n * (standardErrors[k] ?? 1))
      scaled.setColumn(a, variance.clusterSums(psi.column(columns[k])).map { $0 * scale })
    }
    var statistics = [Double](repeating: 0, count: replicates)
    var multipliers = [Double](repeating: 0, count: g)
    let columns = used.count
    scaled.withUnsafeBufferPointer { s in
      multipliers.withUnsafeMutableBufferPointer { v in
        guard let sp = s.baseAddress, let vp = v.baseAddress else { return }
        for b in 0..<replicates {
          var generator = Xoshiro256StarStar.stream(seed: seed, label: label, index: b)
          var bits: UInt64 = 0
          for c in 0..<g {
            if c & 63 == 0 { bits = generator.next() }
            vp[c] = (bits >> UInt64(c & 63)) & 1 == 1 ? 1 : -1
          }
          var largest = 0.0
          for j in 0..<columns { largest = max(largest, abs(Kernels.dot(sp + j * g, vp, count: g))) }
          statistics[b] = largest
        }
      }
    }
    statistics.sort()
    let index = max(0, Int((level * Double(replicates)).rounded(.up)) - 1)
    let critical = statistics[min(index, replicates - 1)]
    let pointwise = Normal.quantile(1 - (1 - level) / 2)
    return max(critical, pointwise)
  }
}
