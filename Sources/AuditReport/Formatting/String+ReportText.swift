/// Small text helpers of the report renderers (no Foundation, so no locale).
extension String {
  /// The text without trailing zeros after a decimal point (and without a
  /// bare point); in scientific notation, of the mantissa.
  func trimmingTrailingZeros() -> String {
    if let e = firstIndex(of: "e") {
      return String(self[..<e]).trimmingTrailingZeros() + self[e...]
    }
    guard contains(".") else { return self }
    var text = self
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
  }

  /// The text with underscores as spaces.
  func replacingUnderscores() -> String {
    String(map { $0 == "_" ? " " : $0 })
  }

  /// The text with its first letter in upper case.
  var capitalizedFirst: String {
    guard let first else { return self }
    return first.uppercased() + dropFirst()
  }

  /// The text with `|` escaped as `\|`.
  func replacingPipes() -> String {
    var out = ""
    for c in self {
      if c == "|" { out += "\\|" } else { out.append(c) }
    }
    return out
  }

  /// The text on one line: line breaks and tabs become spaces.
  func flattenedLines() -> String {
    String(map { $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\r\n" ? " " : $0 })
  }
}

extension StringProtocol {
  /// The text without the given characters at either end.
  func trimming(_ set: String) -> String {
    var slice = Substring(self)
    while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
    while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
    return String(slice)
  }
}
