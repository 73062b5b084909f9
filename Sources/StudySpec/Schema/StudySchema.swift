import StudyModel

/// The JSON Schema (draft-07) of the study format, generated from
/// ``StudyFormat`` and the method and check registries.
///
/// Editors use it for completion and hover text (every key has a
/// description); `assay schema` prints it; `schema/study-v1.schema.json` is
/// this output, committed, and a test keeps the two equal. The schema checks
/// shapes, names, enums and ranges; what refers to what (graph nodes, data
/// columns, estimator names) only `assay validate` checks.
public enum StudySchema {
  public static let identifier = "https://assay.invalid/schema/study-v1.schema.json"

  /// The schema as JSON text.
  public static func text() -> String { document().serialized() }

  public static func document() -> JSONValue {
    var definitions: [(String, JSONValue)] = [
      ("estimator", estimatorDefinition()),
      ("check", checkDefinition()),
    ]
    for method in EstimatorMethod.allCases {
      definitions.append(
        (
          "params.\(method.rawValue)",
          parametersObject(
            method.descriptor.parameters, description: "Parameters of \(method.rawValue): \(method.descriptor.summary)",
            reserved: [])
        ))
    }
    for kind in CheckKind.allCases {
      definitions.append(
        (
          "check.\(kind.rawValue)",
          parametersObject(
            kind.descriptor.parameters, description: "\(kind.rawValue): \(kind.descriptor.summary)",
            reserved: [
              (
                "check",
                .object([
                  ("description", "The check's name."),
                  ("type", "string"),
                  ("enum", .array(names(of: kind).map(JSONValue.string))),
                ])
              )
            ])
        ))
    }
    var root = mappingSchema(StudyFormat.keys, path: [])
    root.insert(
      contentsOf: [
        ("$schema", "http://json-schema.org/draft-07/schema#"),
        ("$id", .string(identifier)),
        ("title", "Assay study, format version 1"),
        (
          "description",
          "A causal study: graph, data, estimand, estimators and the checks every estimate must pass. Run it with `assay run`; check it with `assay validate`."
        ),
      ], at: 0)
    root.append(("definitions", .object(definitions)))
    return .object(root)
  }

  private static func names(of method: EstimatorMethod) -> [String] {
    [method.rawValue] + Aliases.methods.filter { $0.value == method }.map(\.key).sorted()
  }

  private static func names(of kind: CheckKind) -> [String] {
    [kind.rawValue] + Aliases.checks.filter { $0.value == kind }.map(\.key).sorted()
  }

  private static func describe(_ summary: String, default text: String?) -> String {
    guard let text else { return summary }
    return summary + " (default: \(text))"
  }

  // MARK: - Keys

  /// Members of an object schema for a mapping of keys.
  private static func mappingSchema(_ keys: [KeyDescriptor], path: [String]) -> [(String, JSONValue)] {
    var members: [(String, JSONValue)] = [("type", "object")]
    members.append(
      (
        "properties",
        .object(
          keys.map { key in
            (key.name, keySchema(key, path: path + [key.name]))
          })
      ))
    let required = keys.filter(\.isRequired).map { JSONValue.string($0.name) }
    if !required.isEmpty { members.append(("required", .array(required))) }
    members.append(("additionalProperties", false))
    switch path {
    case ["graph"]:
      members.append(("oneOf", .array(GraphFormat.allCases.map { .object([("required", [.string($0.rawValue)])]) })))
    case ["data"]:
      members.append(("oneOf", .array(["path", "sqlite", "postgres"].map { .object([("required", [.string($0)])]) })))
    case ["expectations"]:
      members.append(
        ("anyOf", .array(["sign", "significant", "value"].map { .object([("required", [.string($0)])]) })))
    default:
      break
    }
    return members
  }

  private static func keySchema(_ key: KeyDescriptor, path: [String]) -> JSONValue {
    var members: [(String, JSONValue)] = [("description", .string(describe(key.summary, default: key.defaultText)))]
    members.append(contentsOf: shapeSchema(key.shape, path: path))
    return .object(members)
  }

  private static func shapeSchema(_ shape: KeyDescriptor.Shape, path: [String]) -> [(String, JSONValue)] {
    switch shape {
    case .string(let pattern):
      var m: [(String, JSONValue)] = [("type", "string"), ("minLength", 1)]
      if let pattern { m.append(("pattern", .string(pattern))) }
      return m
    case .integer(let bounds):
      return [("type", "integer")] + boundMembers(bounds)
    case .number(let bounds):
      return [("type", "number")] + boundMembers(bounds)
    case .numberOrText:
      return [("type", ["number", "string"])]
    case .boolean:
      return [("type", "boolean")]
    case .choice(let words):
      return [("type", "string"), ("enum", .array(words.map(JSONValue.string)))]
    case .strings:
      return [("type", "array"), ("items", .object([("type", "string")]))]
    case .numbers(let count):
      var m: [(String, JSONValue)] = [("type", "array"), ("items", .object([("type", "number")]))]
      if let count { m += [("minItems", .integer(count)), ("maxItems", .integer(count))] }
      return m
    case .mapping(let keys):
      return mappingSchema(keys, path: path)
    case .dictionary(let value):
      return [("type", "object"), ("additionalProperties", .object(shapeSchema(value, path: path)))]
    case .list(let item, let minimum):
      var m: [(String, JSONValue)] = [("type", "array"), ("items", .object(shapeSchema(item, path: path)))]
      if minimum > 0 { m.append(("minItems", .integer(minimum))) }
      return m
    case .estimatorEntry:
      return [("$ref", "#/definitions/estimator")]
    case .checkEntry:
      return [("$ref", "#/definitions/check")]
    case .choiceOrStrings(let words):
      return [
        (
          "oneOf",
          [
            .object([("type", "string"), ("enum", .array(words.map(JSONValue.string)))]),
            .object([("type", "array"), ("items", .object([("type", "string")]))]),
          ]
        )
      ]
    }
  }

  private static func boundMembers(_ bounds: NumberBounds) -> [(String, JSONValue)] {
    var m: [(String, JSONValue)] = []
    if let lower = bounds.lower {
      m.append((bounds.lowerInclusive ? "minimum" : "exclusiveMinimum", number(lower)))
    }
    if let upper = bounds.upper {
      m.append((bounds.upperInclusive ? "maximum" : "exclusiveMaximum", number(upper)))
    }
    return m
  }

  private static func number(_ d: Double) -> JSONValue {
    if d == d.rounded(), abs(d) <= 9_007_199_254_740_992 { return .integer(Int(d)) }
    return .number(d)
  }

  // MARK: - Parameters

  private static func parameterSchema(_ descriptor: ParameterDescriptor) -> JSONValue {
    var m: [(String, JSONValue)] = [
      ("description", .string(describe(descriptor.summary, default: descriptor.defaultText)))
    ]
    switch descriptor.type {
    case .boolean: m.append(("type", "boolean"))
    case .integer(let b): m += [("type", "integer")] + boundMembers(b)
    case .number(let b): m += [("type", "number")] + boundMembers(b)
    case .choice(let words): m += [("type", "string"), ("enum", .array(words.map(JSONValue.string)))]
    case .column: m += [("type", "string"), ("minLength", 1)]
    case .columns, .texts:
      m += [("type", "array"), ("items", .object([("type", "string"), ("minLength", 1)]))]
    case .numbers(let b, let count):
      m += [
        ("type", "array"), ("items", .object([("type", "number")] + boundMembers(b))),
        ("minItems", .integer(count ?? 1)),
      ]
      if let count { m.append(("maxItems", .integer(count))) }
    case .numberOrChoice(let b, let words):
      m.append(
        (
          "oneOf",
          [
            .object([("type", "number")] + boundMembers(b)),
            .object([("type", "string"), ("enum", .array(words.map(JSONValue.string)))]),
          ]
        ))
    }
    if let value = descriptor.defaultValue { m.append(("default", value.json)) }
    return .object(m)
  }

  private static func parametersObject(
    _ descriptors: [ParameterDescriptor], description: String, reserved: [(String, JSONValue)]
  ) -> JSONValue {
    var m: [(String, JSONValue)] = [("description", .string(description)), ("type", "object")]
    m.append(("properties", .object(reserved + descriptors.map { ($0.name, parameterSchema($0)) })))
    let required = descriptors.filter(\.isRequired).map { JSONValue.string($0.name) }
    if !required.isEmpty { m.append(("required", .array(required))) }
    m.append(("additionalProperties", false))
    return .object(m)
  }

  // MARK: - Entries

  private static func estimatorDefinition() -> JSONValue {
    let methodNames = EstimatorMethod.allCases.flatMap(names(of:))
    var members: [(String, JSONValue)] = [
      ("description", "An estimator: a unique name, a method and the method's parameters.")
    ]
    members += mappingSchema(StudyFormat.estimatorKeys, path: ["estimators"]).map { key, value in
      guard key == "properties" else { return (key, value) }
      return (
        key,
        .object(
          StudyFormat.estimatorKeys.map { k in
            switch k.name {
            case "method":
              return (
                "method",
                .object([
                  ("description", .string(k.summary)), ("type", "string"),
                  ("enum", .array(methodNames.map(JSONValue.string))),
                ])
              )
            case "params":
              return ("params", .object([("description", .string(k.summary)), ("type", "object")]))
            default:
              return (k.name, keySchema(k, path: ["estimators", k.name]))
            }
          })
      )
    }
    let conditions: [JSONValue] = EstimatorMethod.allCases.map { method in
      let hasRequired = method.descriptor.parameters.contains(where: \.isRequired)
      var then: [(String, JSONValue)] = [
        ("properties", .object([("params", .object([("$ref", .string("#/definitions/params.\(method.rawValue)"))]))]))
      ]
      if hasRequired { then.insert(("required", ["params"]), at: 0) }
      return .object([
        (
          "if",
          .object([
            ("properties", .object([("method", .object([("enum", .array(names(of: method).map(JSONValue.string)))]))])),
            ("required", ["method"]),
          ])
        ),
        ("then", .object(then)),
      ])
    }
    members.append(("allOf", .array(conditions)))
    return .object(members)
  }

  private static func checkDefinition() -> JSONValue {
    let checkNames = CheckKind.allCases.flatMap(names(of:))
    let conditions: [JSONValue] = CheckKind.allCases.map { kind in
      .object([
        (
          "if",
          .object([
            ("properties", .object([("check", .object([("enum", .array(names(of: kind).map(JSONValue.string)))]))])),
            ("required", ["check"]),
          ])
        ),
        ("then", .object([("$ref", .string("#/definitions/check.\(kind.rawValue)"))])),
      ])
    }
    return .object([
      (
        "description",
        "A check: its name and parameters; severity, alpha, estimators (and simulations for simulated checks) are accepted by every check."
      ),
      ("type", "object"),
      (
        "properties",
        .object([
          (
            "check",
            .object([
              ("description", "The check's name."), ("type", "string"),
              ("enum", .array(checkNames.map(JSONValue.string))),
            ])
          )
        ])
      ),
      ("required", ["check"]),
      ("allOf", .array(conditions)),
    ])
  }
}
