/// How Swift names become JSON member names: snake_case, with four
/// abbreviations that every record shares.
enum JSONKeys {
  /// Names written shorter than their snake_case: `standardError` →
  /// `std_error`, `standardErrors` → `std_errors`, `adjustedStandardError` →
  /// `adjusted_std_error`, `confidenceInterval` → `ci` (`[low, high]`).
  static let abbreviations: [String: String] = [
    "standardError": "std_error",
    "standardErrors": "std_errors",
    "adjustedStandardError": "adjusted_std_error",
    "confidenceInterval": "ci",
  ]

  /// The member name of a coding key.
  static func name(_ key: String) -> String {
    abbreviations[key] ?? snakeCase(key)
  }

  /// `schemaVersion` → `schema_version`, `studySHA256` → `study_sha256`,
  /// `partialR2TreatmentOutcome` → `partial_r2_treatment_outcome`.
  ///
  /// A word starts at an upper-case letter that follows a lower-case letter
  /// or a digit, or that ends a run of capitals and starts a capitalised
  /// word (`XMLHttp` → `xml_http`). Digits stay with the word before them.
  /// A name with no capitals (a coding key already written in snake_case,
  /// such as `std_error`) is unchanged.
  static func snakeCase(_ name: String) -> String {
    let scalars = Array(name.unicodeScalars)
    guard scalars.contains(where: isUpper) else { return name }
    var out = String.UnicodeScalarView()
    for (i, c) in scalars.enumerated() {
      if isUpper(c) {
        if i > 0 {
          let previous = scalars[i - 1]
          let next = i + 1 < scalars.count ? scalars[i + 1] : nil
          if isLower(previous) || isDigit(previous) || (isUpper(previous) && next.map(isLower) == true) {
            out.append("_")
          }
        }
        out.append(contentsOf: String(c).lowercased().unicodeScalars)
      } else {
        out.append(c)
      }
    }
    return String(out)
  }

  private static func isUpper(_ c: Unicode.Scalar) -> Bool { c.value >= 65 && c.value <= 90 }
  private static func isLower(_ c: Unicode.Scalar) -> Bool { c.value >= 97 && c.value <= 122 }
  private static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
}

/// A dictionary keyed by free text (column names): its keys are data, so
/// they are written as they are, never converted to snake_case.
protocol JSONStringKeyedDictionary {
  var jsonEntries: [(String, any Encodable)] { get }
  static func decodeJSONEntries(_ entries: [(String, JSONValue)], path: [any CodingKey]) throws -> Self
}

extension Dictionary: JSONStringKeyedDictionary where Key == String, Value: Codable {
  var jsonEntries: [(String, any Encodable)] { map { ($0.key, $0.value as any Encodable) } }

  static func decodeJSONEntries(_ entries: [(String, JSONValue)], path: [any CodingKey]) throws -> Self {
    var result: [String: Value] = [:]
    for (key, value) in entries {
      result[key] = try Value(from: JSONTreeDecoder(value: value, codingPath: path + [JSONIndexKey(key)]))
    }
    return result
  }
}

/// A coding key for array positions and dictionary entries in paths.
struct JSONIndexKey: CodingKey {
  var stringValue: String
  var intValue: Int?

  init(_ string: String) {
    stringValue = string
    intValue = nil
  }

  init(index: Int) {
    stringValue = String(index)
    intValue = index
  }

  init?(stringValue: String) { self.init(stringValue) }
  init?(intValue: Int) { self.init(index: intValue) }
}
