import CausalGraph
import NumericKernels
import StudyModel

/// `graph_falsification`: the node-permutation test of Eulig, Mastakouri,
/// Blöbaum, Hardt & Janzing (2023, "Toward falsifying causal graphs using a
/// permutation-based test"), as DoWhy's `falsify_graph` defines it.
///
/// Local Markov conditions (LMC) of a DAG: for every node X and every
/// non-descendant Y that is not a parent, `X ⊥ Y | pa(X)` (unconditional for
/// roots). Each is tested on the data (``IndependenceTests``, `test`); a
/// p-value ≤ alpha is a violation. The statistic is the share of violated
/// LMCs. The same is done for S random permutations of the node labels
/// (stream per permutation). Two p-values:
/// - `p_LMC`: the share of permuted graphs whose share of violations is at
///   most the given graph's;
/// - `p_MEC`: the share of permuted graphs in the given graph's Markov
///   equivalence class (all their parental triples d-separated in the
///   given graph), i.e. not distinguishable by independences.
/// Verdict: falsified (the check fails) when `p_LMC > alpha > p_MEC`; not
/// informative (reported as not applicable) when `p_MEC ≥ alpha`; otherwise
/// not falsified. Graphs with hidden confounders (bidirected edges after
/// latent projection) have no LMC in this sense and are not applicable.
enum GraphFalsificationCheck {
  static func run(
    _ check: CheckSpec, graph study: MixedGraph, data: AnalysisData, seed: UInt64, streamLabel: String, threads: Int
  ) -> CheckRecord {
    let alpha = check.common.alpha
    let permutations = check.common.simulations
    let test = check.options(as: GraphFalsificationOptions.self).test
    let rule =
      "fails (graph falsified) when p_LMC > \(short(alpha)) > p_MEC; not informative when p_MEC >= \(short(alpha))"
    func record(_ verdict: Verdict, _ detail: String) -> CheckRecord {
      CheckRecord(
        check: .check(.graphFalsification), estimator: nil, verdict: verdict, severity: check.severity,
        summary: CheckKind.graphFalsification.descriptor.summary, rule: rule, detail: detail,
        location: check.origin.range)
    }
    let (g, _) = study.latentProjection()
    guard g.bidirectedEdges.isEmpty else {
      return record(
        .notApplicable,
        "the graph has hidden common causes (bidirected edges); the local Markov conditions of a DAG do not apply")
    }
    let n = g.count
    var memo: [String: Double?] = [:]
    func pValue(_ x: Int, _ y: Int, _ z: [Int]) -> Double? {
      let key = "\(min(x, y)),\(max(x, y))|" + z.sorted().map(String.init).joined(separator: ",")
      if let cached = memo[key] { return cached }
      let statement = IndependenceStatement(a: g.names[x], b: g.names[y], given: z.sorted().map { g.names[$0] })
      let p = IndependenceTests.run(statement, data: data, test: test)?.pValue
      memo[key] = p
      return p
    }
    /// Parental triples (x, y, pa(x)) of a DAG given as parent lists.
    func triples(_ parents: [[Int]]) -> [(Int, Int, [Int])] {
      var children = [[Int]](repeating: [], count: n)
      for v in 0..<n { for p in parents[v] { children[p].append(v) } }
      var out: [(Int, Int, [Int])] = []
      for x in 0..<n {
        var descendants = Set([x])
        var stack = [x]
        while let v = stack.popLast() { for c in children[v] where descendants.insert(c).inserted { stack.append(c) } }
        for y in 0..<n where !descendants.contains(y) && !parents[x].contains(y) {
          out.append((x, y, parents[x].sorted()))
        }
      }
      return out
    }
    func violations(_ parents: [[Int]]) -> (violated: Int, tests: Int) {
      var violated = 0
      var tests = 0
      for (x, y, z) in triples(parents) {
        guard let p = pValue(x, y, z) else { continue }
        tests += 1
        if p <= alpha { violated += 1 }
      }
      return (violated, tests)
    }
    let given = violations(g.parents)
    guard given.tests > 0 else {
      return record(.notApplicable, "the graph implies no testable local Markov condition")
    }
    let givenShare = Double(given.violated) / Double(given.tests)
    var shares: [Double] = []
    var sameClass = 0
    for k in 0..<permutations {
      var rng = Xoshiro256StarStar.stream(seed: seed, label: streamLabel, index: k)
      let pi = Sampling.permutation(n, using: &rng)
      // Node v of the permuted graph is variable pi[v]: edge a -> b becomes pi[a] -> pi[b].
      var parents = [[Int]](repeating: [], count: n)
      for v in 0..<n { parents[pi[v]] = g.parents[v].map { pi[$0] } }
      let result = violations(parents)
      shares.append(Double(result.violated) / Double(max(1, result.tests)))
      let tripleSet = triples(parents)
      let separatedInGiven = tripleSet.allSatisfy { x, y, z in g.isSeparated([x], [y], given: z) }
      if separatedInGiven { sameClass += 1 }
    }
    let pLMC = Double(shares.filter { $0 <= givenShare }.count) / Double(permutations)
    let pMEC = Double(sameClass) / Double(permutations)
    let verdict: Verdict
    var detail =
      "the graph violates \(given.violated) of \(given.tests) local Markov conditions and is better than \(short(100 * (1 - pLMC)))% of \(permutations) node permutations (p_LMC = \(short(pLMC))); \(sameClass) of them lie in its Markov equivalence class (p_MEC = \(short(pMEC)))"
    if pLMC > alpha && alpha > pMEC {
      verdict = .failed
      detail += "; the graph is falsified: it explains the data's independences no better than random graphs"
    } else if pMEC >= alpha {
      verdict = .notApplicable
      detail += "; not informative: too many permuted graphs imply the same independences"
    } else {
      verdict = .passed
      detail += "; not falsified"
    }
    return CheckRecord(
      check: .check(.graphFalsification), estimator: nil, verdict: verdict, severity: check.severity,
      summary: CheckKind.graphFalsification.descriptor.summary, rule: rule, detail: detail, statistic: pLMC,
      statisticName: "p_LMC", threshold: alpha, reference: givenShare, pValue: pLMC,
      values: [
        NamedValue("p_MEC", pMEC), NamedValue("violated LMCs", Double(given.violated)),
        NamedValue("tested LMCs", Double(given.tests)),
      ],
      simulated: shares, location: check.origin.range)
  }
}
