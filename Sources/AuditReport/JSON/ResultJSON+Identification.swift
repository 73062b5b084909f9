import StudyModel

// Identification: the strategy, the argument, and the graph.

extension IdentificationRecord: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "strategy": .string(strategy),
      "requested": .string(requested),
      "estimand": .string(estimand),
      "adjustment_set": .strings(adjustmentSet),
      "adjustment_choice": .string(adjustmentChoice),
      "minimal_sets": .array(minimalSets.map(JSONNode.strings)),
      "minimal_sets_omitted": .integer(minimalSetsOmitted),
      "canonical_set": canonicalSet.map(JSONNode.strings) ?? .null,
      "optimal_set": optimalSet.map(JSONNode.strings) ?? .null,
      "optimal_set_reason": .string(optimalSetReason),
      "instruments": instruments.resultJSON,
      "mediators": .strings(mediators),
      "frontdoor_conditions": frontdoorConditions.resultJSON,
      "backdoor_paths": backdoorPaths.resultJSON,
      "backdoor_paths_omitted": .integer(backdoorPathsOmitted),
      "not_identifiable_reason": .string(notIdentifiableReason),
      "implied_independencies": impliedIndependencies.resultJSON,
      "graph": graph.resultJSON,
      "notes": .strings(notes),
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> IdentificationRecord {
    var minimalSets: [[String]] = []
    for (node, at) in try r.items("minimal_sets") {
      guard case .array(let names) = node else { throw ResultJSONError(path: at, message: "expected an array") }
      var set: [String] = []
      for (i, name) in names.enumerated() { set.append(try JSONObjectReader.string(name, at: at + "/" + String(i))) }
      minimalSets.append(set)
    }
    return IdentificationRecord(
      strategy: try r.string("strategy"), requested: try r.string("requested"), estimand: try r.string("estimand"),
      adjustmentSet: try r.strings("adjustment_set"), adjustmentChoice: try r.string("adjustment_choice"),
      minimalSets: minimalSets, minimalSetsOmitted: try r.int("minimal_sets_omitted"),
      canonicalSet: try r.optionalStrings("canonical_set"), optimalSet: try r.optionalStrings("optimal_set"),
      optimalSetReason: try r.optionalString("optimal_set_reason"), instruments: try r.values("instruments"),
      mediators: try r.strings("mediators"), frontdoorConditions: try r.values("frontdoor_conditions"),
      backdoorPaths: try r.values("backdoor_paths"), backdoorPathsOmitted: try r.int("backdoor_paths_omitted"),
      notIdentifiableReason: try r.optionalString("not_identifiable_reason"),
      impliedIndependencies: try r.values("implied_independencies"), graph: try r.value("graph"),
      notes: try r.strings("notes"))
  }
}

extension InstrumentRecord: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "instrument": .string(instrument),
      "conditioning_set": .strings(conditioningSet),
      "relevance": .string(relevance),
      "exclusion": .string(exclusion),
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> InstrumentRecord {
    InstrumentRecord(
      instrument: try r.string("instrument"), conditioningSet: try r.strings("conditioning_set"),
      relevance: try r.string("relevance"), exclusion: try r.string("exclusion"))
  }
}

extension ConditionRecord: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object(["condition": .string(condition), "holds": .bool(holds), "reason": .string(reason)])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> ConditionRecord {
    ConditionRecord(condition: try r.string("condition"), holds: try r.bool("holds"), reason: try r.string("reason"))
  }
}

extension PathRecord: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "path": .string(path),
      "status": .string(status),
      "blocked_by": .string(blockedBy),
      "how": .string(how),
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> PathRecord {
    PathRecord(
      path: try r.string("path"), status: try r.string("status"), blockedBy: try r.optionalString("blocked_by"),
      how: try r.optionalString("how"))
  }
}

extension IndependenceStatement: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object(["a": .string(a), "b": .string(b), "given": .strings(given)])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> IndependenceStatement {
    IndependenceStatement(a: try r.string("a"), b: try r.string("b"), given: try r.strings("given"))
  }
}

extension GraphRecord: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "nodes": .array(
        nodes.map { .object(["name": .string($0.name), "latent": .bool($0.latent), "roles": .strings($0.roles)]) }),
      "edges": .array(edges.map { .object(["from": .string($0.from), "to": .string($0.to), "kind": .string($0.kind)]) }),
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> GraphRecord {
    var nodes: [Node] = []
    for (node, at) in try r.items("nodes") {
      let n = try JSONObjectReader(node, path: at)
      nodes.append(Node(name: try n.string("name"), latent: try n.bool("latent"), roles: try n.strings("roles")))
    }
    var edges: [Edge] = []
    for (node, at) in try r.items("edges") {
      let e = try JSONObjectReader(node, path: at)
      edges.append(Edge(from: try e.string("from"), to: try e.string("to"), kind: try e.string("kind")))
    }
    return GraphRecord(nodes: nodes, edges: edges)
  }
}
