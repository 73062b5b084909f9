/// A record type `result.json` holds as an object.
protocol ResultJSONCodable {
  /// The object.
  var resultJSON: JSONNode { get }
  /// The value read back from its object.
  static func decode(_ reader: JSONObjectReader) throws(ResultJSONError) -> Self
}

extension Array where Element: ResultJSONCodable {
  var resultJSON: JSONNode { .array(map(\.resultJSON)) }
}

extension Optional where Wrapped: ResultJSONCodable {
  var resultJSON: JSONNode { self?.resultJSON ?? .null }
}
