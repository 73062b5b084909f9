import StudyModel

// The data summary: DataRecord, ColumnRecord, ArmSummary.

extension DataRecord: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "path": .string(path),
      "sha256": .string(sha256),
      "bytes": .integer(bytes),
      "rows_read": .integer(rowsRead),
      "rows_used": .integer(rowsUsed),
      "rows_dropped": .integer(rowsDropped),
      "dropped_by_column": .object(droppedByColumn.mapValues { JSONNode.integer($0) }),
      "first_dropped_lines": .array(firstDroppedLines.map { JSONNode.integer($0) }),
      "missing_policy": .string(missingPolicy.rawValue),
      "columns": columns.resultJSON,
      "arms": arms.resultJSON,
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> DataRecord {
    DataRecord(
      path: try r.string("path"), sha256: try r.string("sha256"), bytes: try r.int("bytes"),
      rowsRead: try r.int("rows_read"), rowsUsed: try r.int("rows_used"), rowsDropped: try r.int("rows_dropped"),
      droppedByColumn: try r.intDictionary("dropped_by_column"), firstDroppedLines: try r.ints("first_dropped_lines"),
      missingPolicy: try r.word("missing_policy"), columns: try r.values("columns"), arms: try r.values("arms"))
  }
}

extension ColumnRecord: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "name": .string(name),
      "type": .string(type.rawValue),
      "declared": .bool(declared),
      "roles": .strings(roles),
      "mean": .double(mean),
      "standard_deviation": .double(standardDeviation),
      "minimum": .double(minimum),
      "maximum": .double(maximum),
      "levels": .strings(levels),
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> ColumnRecord {
    ColumnRecord(
      name: try r.string("name"), type: try r.word("type"), declared: try r.bool("declared"), roles: try r.strings("roles"),
      mean: try r.optionalDouble("mean"), standardDeviation: try r.optionalDouble("standard_deviation"),
      minimum: try r.optionalDouble("minimum"), maximum: try r.optionalDouble("maximum"), levels: try r.strings("levels"))
  }
}

extension ArmSummary: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "arm": .string(arm),
      "count": .integer(count),
      "means": .object(means.mapValues { JSONNode.double($0) }),
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> ArmSummary {
    ArmSummary(arm: try r.string("arm"), count: try r.int("count"), means: try r.doubleDictionary("means"))
  }
}
