import Foundation
import StudyModel
import StudySpec
import TestSupport
import Testing

@Suite("JSON Schema of the study format")
struct SchemaTests {
  @Test("schema/study-v1.schema.json is the generated schema (re-record with `make schema`)")
  func committedSchemaIsCurrent() {
    let path = Fixtures.root + "/schema/study-v1.schema.json"
    if let failure = Snapshot.compare(StudySchema.text(), goldenPath: path) {
      Issue.record(Comment(rawValue: failure + "\nrun `make schema` to regenerate it"))
    }
  }

  @Test("every key has a description, and there are no unknown keywords")
  func descriptions() {
    func visit(_ value: JSONValue, path: String) {
      guard case .object(let members) = value else {
        if case .array(let items) = value { for (i, item) in items.enumerated() { visit(item, path: "\(path)/\(i)") } }
        return
      }
      if !path.hasSuffix("/if"), case .object(let properties)? = value["properties"] {
        for (key, schema) in properties where schema["description"] == nil && schema["$ref"] == nil {
          Issue.record("\(path)/properties/\(key) has no description")
        }
      }
      for (key, member) in members { visit(member, path: "\(path)/\(key)") }
    }
    visit(StudySchema.document(), path: "")
  }

  @Test("method and check names are enums in the schema")
  func enums() {
    let schema = StudySchema.document()
    let methods = schema["definitions"]?["estimator"]?["properties"]?["method"]?["enum"]
    for method in EstimatorMethod.allCases {
      #expect(
        methods.map { if case .array(let a) = $0 { a.contains(.string(method.rawValue)) } else { false } } == true)
    }
    let checks = schema["definitions"]?["check"]?["properties"]?["check"]?["enum"]
    for kind in CheckKind.allCases {
      #expect(checks.map { if case .array(let a) = $0 { a.contains(.string(kind.rawValue)) } else { false } } == true)
    }
  }

  static let validFiles =
    Fixtures.files(in: "valid")
    + [Fixtures.root + "/studies"].flatMap { StudyFiles.expand([$0]).files }

  @Test("every valid study and every example study validates against the schema", arguments: validFiles)
  func validStudiesPassSchema(_ path: String) throws {
    let composed = YAMLComposer.compose(Array(Fixtures.text(path).utf8), file: path)
    let root = try #require(composed.root)
    let errors = JSONSchemaValidator(schema: StudySchema.document()).errors(YAMLJSON.convert(root))
    #expect(errors.isEmpty, "\(errors)")
  }

  @Test("every valid study and every example study loads without errors", arguments: validFiles)
  func validStudiesLoad(_ path: String) {
    let outcome = StudyLoader.load(file: path, environment: Fixtures.environment)
    #expect(outcome.study != nil, "\(Fixtures.render(outcome.diagnostics))")
    #expect(!outcome.diagnostics.contains { $0.severity == .warning }, "\(Fixtures.render(outcome.diagnostics))")
  }
}

@Suite("Format documentation")
struct FormatDocumentationTests {
  @Test("docs/study-format.md holds the current generated reference (re-record with `make docs`)")
  func referenceIsCurrent() {
    let doc = Fixtures.text(Fixtures.root + "/docs/study-format.md")
    #expect(doc.contains(FormatReference.markdown()), "run `make docs` to regenerate the reference tables")
  }

  @Test("every method, check and parameter is documented")
  func everythingDocumented() {
    let doc = Fixtures.text(Fixtures.root + "/docs/study-format.md")
    for method in EstimatorMethod.allCases {
      #expect(doc.contains("### Method `\(method.rawValue)`"))
      for p in method.descriptor.parameters { #expect(doc.contains("| `\(p.name)` |"), "\(p.name)") }
    }
    for kind in CheckKind.allCases {
      #expect(doc.contains("### Check `\(kind.rawValue)`"))
    }
  }
}
