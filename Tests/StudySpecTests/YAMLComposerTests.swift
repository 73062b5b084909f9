import Foundation
import StudyModel
import Testing

@testable import StudySpec

@Suite("YAML composer")
struct YAMLComposerTests {
  func compose(_ text: String, limits: YAMLLimits = YAMLLimits()) -> YAMLComposer.Result {
    YAMLComposer.compose(Array(text.utf8), file: "t.yaml", limits: limits)
  }

  @Test("marks are 1-based and keep start and end; values have their own marks")
  func marks() throws {
    let result = compose("outcome:   lung\nlist:\n  - a\n  - bb\n")
    let root = try #require(result.root)
    guard case .mapping(let pairs) = root.content else {
      Issue.record("not a mapping")
      return
    }
    #expect(pairs[0].key.range.start == SourcePosition(line: 1, column: 1))
    #expect(pairs[0].value.range.start == SourcePosition(line: 1, column: 12))
    #expect(pairs[0].value.range.end == SourcePosition(line: 1, column: 16))
    guard case .sequence(let items) = pairs[1].value.content else {
      Issue.record("not a list")
      return
    }
    #expect(items[1].range.start == SourcePosition(line: 4, column: 5))
    #expect(items[1].range.end == SourcePosition(line: 4, column: 7))
  }

  @Test("columns count Unicode scalars, as libyaml does (Yams' test: 1:11)")
  func unicodeColumns() throws {
    let result = compose("test: 'テスト'\nnext: x\n")
    let root = try #require(result.root)
    guard case .mapping(let pairs) = root.content else { return }
    #expect(pairs[0].value.range.end == SourcePosition(line: 1, column: 12))
    #expect(pairs[1].value.range.start == SourcePosition(line: 2, column: 7))
  }

  @Test("a duplicate key is an error at the second key with a note at the first")
  func duplicateKeys() {
    let result = compose("a: 1\nb: 2\na: 3\n")
    #expect(result.diagnostics.count == 1)
    let d = result.diagnostics[0]
    #expect(d.message == "duplicate key 'a'")
    #expect(d.range?.start == SourcePosition(line: 3, column: 1))
    #expect(d.notes.first?.range?.start == SourcePosition(line: 1, column: 1))
  }

  @Test("a syntax error reports libyaml's problem and context with positions")
  func syntaxError() {
    let result = compose("a: [1, 2\nb: 3\n")
    #expect(result.root == nil)
    let message = result.diagnostics.first?.message ?? ""
    #expect(message.contains("while parsing a flow sequence at t.yaml:1:4"))
  }

  @Test("a second document is refused")
  func twoDocuments() {
    let result = compose("a: 1\n---\nb: 2\n")
    #expect(result.root == nil)
    #expect(result.diagnostics.first?.range?.start.line == 2)
  }

  @Test("custom tags are reported; core tags are accepted and !!str forces a string")
  func tags() throws {
    let custom = compose("a: !thing 1\n")
    #expect(custom.diagnostics.first?.message == "custom tag '!thing' is not allowed in a study file")
    let core = compose("a: !!str 012\n")
    #expect(core.diagnostics.isEmpty)
    guard case .mapping(let pairs)? = core.root?.content else {
      Issue.record("no mapping")
      return
    }
    #expect(pairs[0].value.scalar?.coreValue == .string("012"))
  }

  @Test("a 1 KB alias bomb is refused from the alias budget in milliseconds")
  func aliasBomb() {
    var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    var previous = "a"
    for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
      text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
      previous = name
    }
    #expect(text.utf8.count < 1100)
    let clock = ContinuousClock()
    var result: YAMLComposer.Result?
    let elapsed = clock.measure { result = compose(text) }
    #expect(result?.root == nil)
    #expect(result?.diagnostics.first?.message.hasPrefix("too many aliases") == true)
    #expect(elapsed < .milliseconds(500))
  }

  @Test("within the alias budget, aliases are shared, but the expanded size is still bounded")
  func aliasExpansionBudget() {
    // 4 levels x 8 aliases = 32 aliases, expanding to 8^4 * 8 = 32,768 scalars:
    // under the budget of 100,000 values. Five levels would be refused.
    var limits = YAMLLimits()
    limits.maximumAliases = 1000
    var text = "a: &a [1,2,3,4,5,6,7,8]\n"
    var previous = "a"
    for name in ["b", "c", "d", "e", "f"] {
      text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 8).joined(separator: ",") + "]\n"
      previous = name
    }
    let result = compose(text, limits: limits)
    #expect(result.root == nil)
    #expect(result.diagnostics.first?.message.hasPrefix("document too large") == true)
  }

  @Test("nesting deeper than 64 is refused; 64 is accepted")
  func nesting() {
    let deep = compose("a: " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "\n")
    #expect(deep.root == nil)
    #expect(deep.diagnostics.first?.message == "nesting deeper than 64 levels")
    let ok = compose(String(repeating: "[", count: 64) + String(repeating: "]", count: 64) + "\n")
    #expect(ok.root != nil)
  }

  @Test("a 50 MB file is refused from its size before it is read")
  func hugeFile() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("assay-huge-\(UUID().uuidString).yaml")
      .path
    #expect(FileManager.default.createFile(atPath: path, contents: nil))
    let handle = try #require(FileHandle(forWritingAtPath: path))
    try handle.truncate(atOffset: 50 * 1024 * 1024)  // sparse: no 50 MB written
    try handle.close()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let clock = ContinuousClock()
    var outcome: StudyLoader.Outcome?
    let elapsed = clock.measure { outcome = StudyLoader.load(file: path, environment: Fixtures.empty) }
    #expect(outcome?.study == nil)
    #expect(
      outcome?.diagnostics.first?.message == "file is 52428800 bytes; a study file may have at most 10485760 bytes")
    #expect(elapsed < .milliseconds(200))
  }

  @Test("invalid UTF-8 is a located reader error")
  func invalidUTF8() {
    let result = YAMLComposer.compose(Array("a: b\nc: ".utf8) + [0xFF, 0xFE] + Array("\n".utf8), file: "t.yaml")
    #expect(result.root == nil)
    #expect(result.diagnostics.first?.range?.start.line == 2)
  }
}
