import Foundation
import StudyModel
import StudySpec
import TestSupport
import Testing

/// The invalid-study corpus: each file's diagnostics equal its golden file,
/// and the JSON Schema rejects exactly the files whose first line says so.
@Suite("Invalid study corpus")
struct InvalidCorpusTests {
  static let files = Fixtures.files(in: "invalid")

  @Test("the corpus holds at least 30 invalid studies")
  func size() {
    #expect(Self.files.count >= 30)
  }

  @Test("each invalid study prints exactly its golden diagnostics", arguments: files)
  func golden(_ path: String) {
    let outcome = StudyLoader.load(file: path, environment: Fixtures.environment)
    #expect(outcome.study == nil, "an invalid fixture loaded without errors")
    #expect(outcome.diagnostics.containsErrors)
    let text = Fixtures.render(outcome.diagnostics)
    let golden = path.replacingOccurrences(of: ".yaml", with: ".diagnostics")
    if let failure = Snapshot.compare(text, goldenPath: golden) { Issue.record(Comment(rawValue: failure)) }
  }

  @Test("the validator and the JSON Schema agree", arguments: files)
  func schemaAgreement(_ path: String) throws {
    let text = Fixtures.text(path)
    let firstLine = text.prefix { $0 != "\n" }
    let expectsReject = firstLine.hasPrefix("# schema: reject")
    #expect(
      expectsReject || firstLine.hasPrefix("# schema: accept ("),
      "the first line must say '# schema: reject' or '# schema: accept (reason)'")
    let composed = YAMLComposer.compose(Array(text.utf8), file: path)
    let schemaRejects: Bool
    if let root = composed.root {
      let errors = JSONSchemaValidator(schema: StudySchema.document()).errors(YAMLJSON.convert(root))
      #expect(!errors.contains { $0.contains("unsupported") }, "\(errors)")
      schemaRejects = !errors.isEmpty
    } else {
      schemaRejects = true  // not readable as YAML at all, or refused by the YAML limits
    }
    #expect(
      schemaRejects == expectsReject,
      "the schema \(schemaRejects ? "rejects" : "accepts") \(path) but the fixture says otherwise")
  }
}
