/// Path arithmetic on the strings users write (no file system access).
enum Paths {
  /// The folder of a file path: `studies` for `studies/nsw.yaml`, `.` for `nsw.yaml`.
  static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    if slash == path.startIndex { return "/" }
    return String(path[..<slash])
  }

  /// `relative` resolved against `directory`, with `.` and `x/..` removed;
  /// an absolute `relative` is only normalised.
  static func resolve(_ relative: String, against directory: String) -> String {
    if relative.hasPrefix("/") { return normalize(relative) }
    if directory == "." { return normalize(relative) }
    return normalize(directory + "/" + relative)
  }

  static func normalize(_ path: String) -> String {
    let absolute = path.hasPrefix("/")
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == "..", let last = parts.last, last != ".." {
        parts.removeLast()
        continue
      }
      if part == "..", absolute { continue }
      parts.append(part)
    }
    let joined = parts.joined(separator: "/")
    if absolute { return "/" + joined }
    return joined.isEmpty ? "." : joined
  }

  /// The default report folder: `reports/<name>` beside the nearest
  /// enclosing folder named `studies`, or beside the study file when it is
  /// not inside one.
  static func defaultReportDirectory(forStudyIn directory: String, name: String) -> String {
    let parts = directory.split(separator: "/", omittingEmptySubsequences: false)
    if let index = parts.lastIndex(of: "studies") {
      let parent = parts[..<index].joined(separator: "/")
      let base = parent.isEmpty ? (directory.hasPrefix("/") ? "/" : ".") : parent
      return resolve("reports/\(name)", against: base)
    }
    return resolve("reports/\(name)", against: directory)
  }
}

/// Patterns of names in the study format, checked without regular expressions.
enum Patterns {
  private static func isLowerAlphanumeric(_ s: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(s) || ("0"..."9").contains(s)
  }

  /// `[a-z0-9][a-z0-9-]*`.
  static func isStudyName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, isLowerAlphanumeric(first) else { return false }
    return name.unicodeScalars.allSatisfy { isLowerAlphanumeric($0) || $0 == "-" }
  }

  /// A valid study name made from any text: lowercased, other characters as `-`.
  static func slug(_ text: String) -> String {
    var out = ""
    for s in text.lowercased().unicodeScalars {
      if isLowerAlphanumeric(s) {
        out.unicodeScalars.append(s)
      } else if !out.isEmpty, !out.hasSuffix("-") {
        out.append("-")
      }
    }
    while out.hasSuffix("-") { out.removeLast() }
    return out.isEmpty ? "study" : out
  }

  /// `[A-Za-z0-9][A-Za-z0-9_.-]*`.
  static func isEstimatorName(_ name: String) -> Bool {
    func alnum(_ s: Unicode.Scalar) -> Bool { s.isASCII && (isLowerAlphanumeric(s) || ("A"..."Z").contains(s)) }
    guard let first = name.unicodeScalars.first, alnum(first) else { return false }
    return name.unicodeScalars.allSatisfy { alnum($0) || $0 == "_" || $0 == "." || $0 == "-" }
  }

  /// `[A-Za-z_][A-Za-z0-9_]*`: the name of an environment variable.
  static func isEnvironmentVariable(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, isLetterOrUnderscore(first) else { return false }
    return name.unicodeScalars.allSatisfy { isLetterOrUnderscore($0) || ("0"..."9").contains($0) }
  }

  /// `[A-Za-z_][A-Za-z0-9_$.]*`, with no empty part between dots: a table,
  /// optionally schema-qualified (`public.nsw`).
  static func isTableName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, isLetterOrUnderscore(first) else { return false }
    let parts = name.split(separator: ".", omittingEmptySubsequences: false)
    return parts.allSatisfy { part in
      guard let head = part.unicodeScalars.first, isLetterOrUnderscore(head) else { return false }
      return part.unicodeScalars.allSatisfy { isLetterOrUnderscore($0) || ("0"..."9").contains($0) || $0 == "$" }
    }
  }

  private static func isLetterOrUnderscore(_ s: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(s) || ("A"..."Z").contains(s) || s == "_"
  }

  /// 64 hexadecimal digits.
  static func isSHA256(_ text: String) -> Bool {
    text.unicodeScalars.count == 64 && text.unicodeScalars.allSatisfy { $0.isASCII && $0.properties.isASCIIHexDigit }
  }
}
