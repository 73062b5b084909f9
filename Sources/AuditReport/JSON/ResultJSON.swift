import StudyModel

/// `result.json`: the run record as JSON, and back.
///
/// The document is the record with `schema_version` and snake_case member
/// names, every member always present (`null` where the record has no
/// value), sorted keys and fixed formatting (see ``JSONNode``), so that the
/// same record always gives the same bytes. Its JSON Schema is
/// `schema/result-v1.schema.json`.
///
/// Member names are the Swift property names in snake_case, with these
/// renames: `standardError` → `std_error`, `standardErrors` → `std_errors`,
/// `adjustedStandardError` → `adjusted_std_error`, `confidenceInterval` →
/// `ci` (`[low, high]`), `studySHA256` → `study_sha256`, `dataSHA256` →
/// `data_sha256`, `partialR2…` → `partial_r2_…`, `treatmentR2`/`outcomeR2` →
/// `treatment_r2`/`outcome_r2`. Undefined numbers are `null`.
///
/// `decode(encode(record))` gives back the same record (numbers included:
/// doubles are written in their shortest round-tripping form, and 64-bit seeds
/// as exact integers), which lets `assay report result.json` re-render the
/// reports of a stored run.
public enum ResultJSON {
  /// The format version this module writes and reads.
  public static let schemaVersion = 1

  /// The record as `result.json` text.
  public static func encode(_ record: RunRecord) -> String {
    record.resultJSON.serialized()
  }

  /// The record a `result.json` text holds.
  ///
  /// - Throws: ``ResultJSONError`` for text that is not JSON, a missing or
  ///   mistyped member (with its path), or a `schema_version` this version of
  ///   Assay cannot read.
  public static func decode(_ text: String) throws(ResultJSONError) -> RunRecord {
    let root = try JSONParser.parse(text)
    let reader = try JSONObjectReader(root, path: "")
    let version = try reader.int("schema_version")
    guard version == schemaVersion else {
      throw ResultJSONError(
        path: "/schema_version",
        message: "schema version \(version) is not supported (this Assay reads version \(schemaVersion))")
    }
    return try RunRecord.decode(reader)
  }
}
