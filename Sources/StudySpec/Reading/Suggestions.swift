/// "Did you mean ...?" suggestions by edit distance, shared words, and a
/// table of common short names of methods.
enum Suggestions {
  /// The candidate nearest to `word`, when it is near enough to be a likely typo.
  ///
  /// Distance is the optimal-string-alignment (Damerau-Levenshtein) distance
  /// over lowercased Unicode scalars; a candidate qualifies when the distance
  /// is at most a third of the longer word's length (at least 1, at most 4),
  /// or when one word is a prefix of the other and the shorter one has at
  /// least four characters. Ties go to the earlier candidate. Failing that,
  /// the first candidate containing every word of `word` (see ``words(_:)``).
  static func closest<C: Collection>(to word: String, in candidates: C) -> String? where C.Element == String {
    let target = Array(word.lowercased().unicodeScalars)
    var best: (String, Int)?
    for candidate in candidates where candidate != word {
      let other = Array(candidate.lowercased().unicodeScalars)
      let limit = min(4, max(1, max(target.count, other.count) / 3))
      let d = distance(target, other)
      let prefix =
        min(target.count, other.count) >= 4
        && (other.starts(with: target) || target.starts(with: other))
      guard d <= limit || prefix else { continue }
      if best == nil || d < best!.1 { best = (candidate, d) }
    }
    if let best { return best.0 }
    // No near spelling: a candidate that contains every word of `word`
    // (words split at '_' and '.'; each word at least four characters), as
    // 'propensity_score_weighting' for 'propensity_weighting'.
    let words = Self.words(word)
    guard !words.isEmpty, words.allSatisfy({ $0.count >= 4 }) else { return nil }
    return candidates.first { candidate in
      candidate != word && Set(words).isSubset(of: Self.words(candidate))
    }
  }

  /// The lowercased words of a name, split at '_' and '.'.
  static func words(_ name: String) -> [String] {
    name.lowercased().split(whereSeparator: { $0 == "_" || $0 == "." }).map(String.init)
  }

  /// Short names people give estimation methods, for "did you mean" notes
  /// only: none of them is accepted in a study (the accepted spellings are
  /// `Aliases.methods`).
  static let methodNicknames: [String: String] = [
    "ols": "linear_regression", "lm": "linear_regression", "regression": "linear_regression",
    "glm": "generalized_linear_model", "logit": "generalized_linear_model",
    "logistic": "generalized_linear_model", "probit": "generalized_linear_model",
    "ipw": "propensity_score_weighting", "iptw": "propensity_score_weighting",
    "psm": "propensity_score_matching", "matching": "propensity_score_matching",
    "stratification": "propensity_score_stratification",
    "mahalanobis": "distance_matching",
    "aipw": "doubly_robust", "dr": "doubly_robust", "tmle": "doubly_robust",
    "dml": "double_ml",
    "iv": "instrumental_variable", "2sls": "instrumental_variable", "tsls": "instrumental_variable",
    "rd": "regression_discontinuity", "rdd": "regression_discontinuity",
    "frontdoor": "frontdoor_two_stage", "front_door": "frontdoor_two_stage",
  ]

  static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          value = min(value, previous2[j - 2] + 1)
        }
        current[j] = value
      }
      swap(&previous2, &previous)
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
