/// GitHub's heading anchors, as github-slugger makes them: lower case,
/// characters other than letters, digits, `-`, `_` and spaces removed, spaces
/// to hyphens, and `-1`, `-2`, ... appended to a slug already taken.
struct GitHubSlugs {
  private var occurrences: [String: Int] = [:]

  mutating func next(_ heading: String) -> String {
    var base = ""
    for c in heading.lowercased() {
      if c.isLetter || c.isNumber || c == "-" || c == "_" {
        base.append(c)
      } else if c == " " {
        base.append("-")
      }
    }
    var slug = base
    while occurrences[slug] != nil {
      let count = (occurrences[base] ?? 0) + 1
      occurrences[base] = count
      slug = "\(base)-\(count)"
    }
    occurrences[slug] = 0
    return slug
  }
}
