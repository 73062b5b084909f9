import StudyModel

// Provenance: versions, hashes, seed, the resolved study, and timing.

extension ProvenanceRecord: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "assay_version": .string(assayVersion),
      "study_sha256": .string(studySHA256),
      "data_sha256": .string(dataSHA256),
      "data_rows": .integer(dataRows),
      "seed": .integer(seed),
      "random_number_generator": .string(randomNumberGenerator),
      "resolved_study": .array(
        resolvedStudy.map { .object(["key": .string($0.key), "value": .string($0.value), "is_default": .bool($0.isDefault)]) }),
      "platform": .string(platform),
      "command_line": .strings(commandLine),
      "git_commit": .string(gitCommit),
      "threads": .integer(threads),
      "timing": timing.resultJSON,
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> ProvenanceRecord {
    var settings: [ResolvedSetting] = []
    for (node, at) in try r.items("resolved_study") {
      let s = try JSONObjectReader(node, path: at)
      settings.append(ResolvedSetting(key: try s.string("key"), value: try s.string("value"), isDefault: try s.bool("is_default")))
    }
    return ProvenanceRecord(
      assayVersion: try r.string("assay_version"), studySHA256: try r.string("study_sha256"),
      dataSHA256: try r.string("data_sha256"), dataRows: try r.int("data_rows"), seed: try r.uint64("seed"),
      randomNumberGenerator: try r.string("random_number_generator"), resolvedStudy: settings,
      platform: try r.string("platform"), commandLine: try r.strings("command_line"),
      gitCommit: try r.optionalString("git_commit"), threads: try r.optionalInt("threads"), timing: try r.optionalValue("timing"))
  }
}

extension TimingRecord: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "timestamp": .string(timestamp),
      "steps": steps.resultJSON,
      "total_seconds": .double(totalSeconds),
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> TimingRecord {
    TimingRecord(timestamp: try r.string("timestamp"), steps: try r.values("steps"), totalSeconds: try r.double("total_seconds"))
  }
}
