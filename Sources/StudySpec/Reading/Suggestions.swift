/// "Did you mean ...?" suggestions by edit distance.
enum Suggestions {
  /// The candidate nearest to `word`, when it is near enough to be a likely typo.
  ///
  /// Distance is the optimal-string-alignment (Damerau-Levenshtein) distance
  /// over lowercased Unicode scalars; a candidate qualifies when the distance
  /// is at most a third of the longer word's length (at least 1, at most 4),
  /// or when one word is a prefix of the other and the shorter one has at
  /// least four characters. Ties go to the earlier candidate.
  static func closest<C: Collection>(to word: String, in candidates: C) -> String? where C.Element == String {
    let target = Array(word.lowercased().unicodeScalars)
    var best: (String, Int)?
    for candidate in candidates where candidate != word {
      let other = Array(candidate.lowercased().unicodeScalars)
      let limit = min(4, max(1, max(target.count, other.count) / 3))
      let d = distance(target, other)
      let prefix = min(target.count, other.count) >= 4
        && (other.starts(with: target) || target.starts(with: other))
      guard d <= limit || prefix else { continue }
      if best == nil || d < best!.1 { best = (candidate, d) }
    }
    return best?.0
  }

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
