import Foundation
import TestSupport
import Testing

@testable import AuditReport
@testable import StudyModel

/// `result.json`: exact round trip, the schema, key names, nulls, errors.
@Suite("result.json")
struct ResultJSONTests {
  /// Every stored property of a record, through its synthesised `Codable`
  /// conformance: equal bytes mean equal records, NaN aside.
  static func fingerprint(_ record: RunRecord) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try encoder.encode(record)
  }

  @Test("decoding gives back exactly the record that was encoded", arguments: GoldenReportTests.samples)
  func roundTrip(_ sample: GoldenReportTests.Sample) throws {
    let text = ResultJSON.encode(sample.record)
    let decoded = try ResultJSON.decode(text)
    #expect(try Self.fingerprint(decoded) == Self.fingerprint(sample.record))
    #expect(ResultJSON.encode(decoded) == text)
  }

  @Test("a result.json written before selected_estimators existed still reads, as a full run")
  func olderRecord() throws {
    let text = ResultJSON.encode(SampleRecords.cardIV())
    let older = text.replacingOccurrences(of: "  \"selected_estimators\": null,\n", with: "")
    #expect(older != text)
    let record = try ResultJSON.decode(older)
    #expect(record.selectedEstimators == nil)
    #expect(!record.isPartial)
  }

  @Test("a partial run (--select) says so under the verdict")
  func partialRun() throws {
    var record = SampleRecords.cardIV()
    record.selectedEstimators = ["tsls"]
    let markdown = MarkdownRenderer.render(record)
    #expect(markdown.contains("**Partial run:** only `tsls` ran (`assay run --select`)"))
    #expect(!MarkdownRenderer.render(SampleRecords.cardIV()).contains("Partial run"))
    let decoded = try ResultJSON.decode(ResultJSON.encode(record))
    #expect(decoded.selectedEstimators == ["tsls"])
  }

  @Test("the huge record round-trips too")
  func hugeRoundTrip() throws {
    let record = SampleRecords.huge()
    #expect(try Self.fingerprint(ResultJSON.decode(ResultJSON.encode(record))) == Self.fingerprint(record))
  }

  @Test("re-rendering reports from a stored record gives the same reports", arguments: GoldenReportTests.samples)
  func reRender(_ sample: GoldenReportTests.Sample) throws {
    let stored = try ResultJSON.decode(ResultJSON.encode(sample.record))
    #expect(MarkdownRenderer.render(stored) == MarkdownRenderer.render(sample.record))
    #expect(HTMLRenderer.render(stored) == HTMLRenderer.render(sample.record))
  }

  @Test("validates against schema/result-v1.schema.json", arguments: GoldenReportTests.samples)
  func schema(_ sample: GoldenReportTests.Sample) throws {
    let validator = JSONSchemaValidator(schema: try Fixtures.resultSchema())
    let instance = try JSONParser.parse(ResultJSON.encode(sample.record))
    #expect(validator.errors(instance) == [])
  }

  @Test("the huge record validates too")
  func hugeSchema() throws {
    let validator = JSONSchemaValidator(schema: try Fixtures.resultSchema())
    #expect(validator.errors(try JSONParser.parse(ResultJSON.encode(SampleRecords.huge()))) == [])
  }

  @Test("the schema rejects what it must: unknown keys, wrong status, a one-sided interval")
  func schemaRejects() throws {
    let validator = JSONSchemaValidator(schema: try Fixtures.resultSchema())
    let good = try JSONParser.parse(ResultJSON.encode(SampleRecords.cardIV()))
    guard case .object(var root) = good, let e = root.firstIndex(where: { $0.0 == "estimates" }),
      case .array(var estimates) = root[e].1, case .object(var first) = estimates[0],
      let ci = first.firstIndex(where: { $0.0 == "ci" }), let status = root.firstIndex(where: { $0.0 == "status" })
    else {
      Issue.record("unexpected shape")
      return
    }
    first[ci].1 = .array([.integer(1)])
    first.append(("standard_error", .integer(1)))
    estimates[0] = .object(first)
    root[e].1 = .array(estimates)
    root[status].1 = .string("ok")
    let errors = validator.errors(.object(root))
    #expect(errors.contains { $0.hasPrefix("/status") })
    #expect(errors.contains { $0.hasPrefix("/estimates/0/ci") })
    #expect(errors.contains { $0.contains("unknown property standard_error") })
  }

  @Test("schema/result-v1.schema.json is the schema generated from the records (re-record with `make schema`)")
  func schemaIsGenerated() throws {
    let (generated, undocumented) = RunRecord.jsonSchema()
    #expect(undocumented == [], "record members without a description in RunRecord+Schema.swift")
    let committed = try String(contentsOfFile: PackagePaths.root() + "/schema/result-v1.schema.json", encoding: .utf8)
    #expect(committed == generated.serialized(), "the committed schema drifted from the records: run `make schema`")
  }

  @Test("every property of the schema has a description")
  func schemaDescriptions() throws {
    var missing: [String] = []
    func walk(_ value: JSONValue, _ path: String) {
      switch value {
      case .object(let members):
        if case .object(let properties)? = value["properties"] {
          for (name, schema) in properties where schema["description"] == nil && schema["$ref"] == nil {
            missing.append(path + "/" + name)
          }
        }
        for (key, member) in members { walk(member, path + "/" + key) }
      case .array(let items):
        for (i, item) in items.enumerated() { walk(item, path + "/\(i)") }
      default: break
      }
    }
    walk(try Fixtures.resultSchema(), "")
    #expect(missing == [])
  }

  @Test("uses the documented key names")
  func keys() throws {
    let members = try JSONParser.parse(ResultJSON.encode(SampleRecords.nsw()))
    guard case .array(let estimates)? = members["estimates"], let estimate = estimates.first,
      case .array(let refutations)? = estimate["refutations"], let check = refutations.first,
      let identification = members["identification"], let provenance = members["provenance"]
    else {
      Issue.record("unexpected shape")
      return
    }
    #expect(members["schema_version"] == .integer(1))
    #expect(members["status"] == .string("failed"))
    for key in ["study", "status", "identification", "estimates", "provenance", "study_checks", "expectations", "gate"]
    {
      #expect(members[key] != nil, "\(key)")
    }
    for key in ["strategy", "estimand", "adjustment_set", "instruments", "mediators"] {
      #expect(identification[key] != nil, "identification.\(key)")
    }
    for key in ["name", "method", "effect", "value", "std_error", "ci", "p_value", "n", "diagnostics", "refutations"] {
      #expect(estimate[key] != nil, "estimates[0].\(key)")
    }
    #expect(estimate["ci"] == .array([.number(-374.2), .number(1772.4)]))
    for key in ["check", "verdict", "severity", "p_value", "statistic", "threshold", "reference", "detail"] {
      #expect(check[key] != nil, "refutations[0].\(key)")
    }
    #expect(provenance["study_sha256"] != nil && provenance["data_sha256"] != nil)
    #expect(provenance["timing"] == .null)
  }

  @Test("undefined numbers are null; doubles keep their shortest text; big seeds stay exact")
  func numbers() throws {
    let text = ResultJSON.encode(SampleRecords.cardIV())
    #expect(text.contains("\"seed\": 18446744073709551615"))
    #expect(text.contains("\"p_value\": 1e-07"))
    #expect(text.contains("\"std_error\": 0.055,"))
    let strata = ResultJSON.encode(SampleRecords.nsw())
    #expect(strata.contains("\"statistic\": null"))
    #expect(JSONValue.format(.nan) == "null")
    #expect(JSONValue.format(3.0) == "3")
    #expect(JSONValue.format(0.1) == "0.1")
    #expect(JSONValue.format(1e300) == "1e+300")
    #expect(try ResultJSON.decode(text).provenance.seed == UInt64.max)
  }

  @Test("Foundation reads the output as JSON", arguments: GoldenReportTests.samples)
  func foundationParses(_ sample: GoldenReportTests.Sample) throws {
    let object = try JSONSerialization.jsonObject(with: Data(ResultJSON.encode(sample.record).utf8))
    #expect((object as? [String: Any])?["schema_version"] as? Int == 1)
  }

  @Test("keys are sorted and the layout is fixed")
  func layout() {
    let text = ResultJSON.encode(SampleRecords.invalidData())
    #expect(text.hasPrefix("{\n  \"data\": null,\n  \"error\": {\n    \"kind\": \"invalid_data\",\n"))
    #expect(text.hasSuffix("}\n"))
    #expect(text.contains("\"notes\": [\"missing on lines 118, 204, 311 and 9 more\", "))
  }

  @Test("a result.json of an earlier version, without a list added since, reads with the list empty")
  func olderDocument() throws {
    let text = ResultJSON.encode(SampleRecords.cardIV())
    // Version 1 documents written before `heterogeneity` existed.
    let older = text.replacingOccurrences(of: "\"heterogeneity\": [],\n", with: "")
    #expect(older != text)
    let record = try ResultJSON.decode(older)
    #expect(record.estimates.allSatisfy { $0.heterogeneity.isEmpty })
    #expect(ResultJSON.encode(record) == text)
  }

  @Test("bad input gives an error with a place")
  func errors() {
    func message(_ text: String) -> String {
      do {
        _ = try ResultJSON.decode(text)
        return "no error"
      } catch {
        return error.description
      }
    }
    #expect(
      message("{\"schema_version\": 2}")
        == "/schema_version: schema version 2 is not supported (this Assay reads version 1)")
    #expect(message("{\"schema_version\": 1}") == "/study: missing member 'study'")
    #expect(message("{\n  \"a\": [1,]\n}") == "unexpected character at line 2, column 11")
    #expect(message("{\"a\": 1, \"a\": 2}").hasPrefix("duplicate member 'a'"))
    #expect(message("[01]").hasPrefix("leading zero"))
    #expect(message("\"\\ud800\"").hasPrefix("lone surrogate"))
    #expect(message(String(repeating: "[", count: 300)).hasPrefix("nesting deeper than 200"))
    var text = ResultJSON.encode(SampleRecords.cardIV())
    text = text.replacingOccurrences(of: "\"method\": \"instrumental_variable\"", with: "\"method\": \"iv_magic\"")
    #expect(message(text) == "/estimates/0/method: unknown value 'iv_magic'")
  }

  @Test("the parser reads escapes and non-ASCII text")
  func parserText() throws {
    let node = try JSONParser.parse(#"{"s": "a\"b\\c\/d\n\u00e9\ud83d\ude00 ü"}"#)
    #expect(node == .object([("s", .string("a\"b\\c/d\né😀 ü"))]))
    var out = ""
    JSONValue.writeString("tab\there\u{01}", to: &out)
    #expect(out == #""tab\there\u0001""#)
  }
}
