/// Assay's one JSON codec: `Codable` values to JSON text and back.
///
/// Every document Assay writes (`result.json`, each command's
/// `--format json`, the JSON Schemas) goes through ``JSONTreeEncoder`` and
/// ``JSONValue/serialized()``: snake_case member names, every member present
/// (`null` where there is no value), sorted keys, one number format. So the
/// same value always gives the same bytes, and `decode(encode(x))` gives `x`
/// back (doubles are written in their shortest round-tripping form).
public enum JSONCodec {
  /// The value as a JSON tree.
  public static func value(_ value: some Encodable) -> JSONValue {
    do {
      return try JSONTreeEncoder.encode(value)
    } catch {
      // Assay's records encode every member unconditionally; a throwing
      // encoder is a programmer error.
      preconditionFailure("a record could not be encoded: \(error)")
    }
  }

  /// The value as JSON text.
  public static func encode(_ value: some Encodable) -> String {
    self.value(value).serialized()
  }

  /// The value of type `T` that `text` holds.
  ///
  /// - Throws: ``JSONCodecError`` for text that is not JSON, or a missing or
  ///   mistyped member (with its path).
  public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws(JSONCodecError) -> T {
    try decode(type, from: try JSONParser.parse(text))
  }

  /// The value of type `T` that a JSON tree holds.
  public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws(JSONCodecError) -> T {
    do {
      return try JSONTreeDecoder(value: value).decodeValue(type)
    } catch let error as JSONCodecError {
      throw error
    } catch let DecodingError.dataCorrupted(context) {
      throw JSONCodecError(path: JSONTreeDecoder.path(context.codingPath), message: context.debugDescription)
    } catch {
      throw JSONCodecError(path: "", message: "\(error)")
    }
  }
}
