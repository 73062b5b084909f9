import StudyModel

/// `result.json`: the run record as JSON, and back.
///
/// The document is the record through Assay's one JSON codec
/// (``JSONCodec``): snake_case member names (`standardError` → `std_error`,
/// `confidenceInterval` → `ci`, ...), every member always present (`null`
/// where the record has no value), sorted keys and fixed formatting, so that
/// the same record always gives the same bytes. Its JSON Schema,
/// `schema/result-v1.schema.json`, is generated from the same records.
///
/// `decode(encode(record))` gives back the same record (doubles are written
/// in their shortest round-tripping form), which lets `assay report
/// result.json` re-render the reports of a stored run.
public enum ResultJSON {
  /// The format version this module writes and reads.
  public static let schemaVersion = 1

  /// The record as `result.json` text.
  public static func encode(_ record: RunRecord) -> String {
    JSONCodec.encode(record)
  }

  /// The record a `result.json` text holds.
  ///
  /// - Throws: ``JSONCodecError`` for text that is not JSON, a missing or
  ///   mistyped member (with its path), or a `schema_version` this version of
  ///   Assay cannot read.
  public static func decode(_ text: String) throws(JSONCodecError) -> RunRecord {
    let root = try JSONParser.parse(text)
    guard let version = root["schema_version"] else {
      throw JSONCodecError(path: "/schema_version", message: "missing member 'schema_version'")
    }
    guard version == .integer(schemaVersion) else {
      throw JSONCodecError(
        path: "/schema_version",
        message:
          "schema version \(version.serialized().dropLast()) is not supported (this Assay reads version \(schemaVersion))"
      )
    }
    return try JSONCodec.decode(RunRecord.self, from: root)
  }
}
