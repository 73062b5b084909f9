import StudyModel
import Tabular

/// The data columns a study uses, and how to read them.
public enum StudyColumns {
  /// Every observed graph node, the weights and panel key columns, plus
  /// columns named in parameters (cluster, running variable, exact, noise,
  /// benchmark) — the columns whose missing values matter, in
  /// header-independent, deterministic order.
  public static func used(_ study: Study) -> [String] {
    let g = study.graph.graph
    var names = g.observedNodes.map { g.names[$0] }
    func add(_ name: String) { if !names.contains(name) { names.append(name) } }
    study.data.weights.map { add($0.value) }
    if let panel = study.data.panel {
      add(panel.unit.value)
      add(panel.time.value)
    }
    for estimator in study.estimators {
      for entry in estimator.params.entries {
        guard let p = estimator.method.value.descriptor.parameter(entry.name) else { continue }
        switch p.type {
        case .column: entry.value.value.stringValue.map(add)
        case .columns: (entry.value.value.stringList ?? []).forEach(add)
        default: break
        }
      }
    }
    for check in study.refutations.checks {
      for entry in check.params.entries {
        guard case .columns? = check.kind.value.descriptor.parameter(entry.name)?.type else { continue }
        (entry.value.value.stringList ?? []).forEach(add)
      }
    }
    return names
  }

  /// The study's column declarations in the data reader's terms.
  public static func declaredKinds(_ study: Study) -> [String: ColumnKind] {
    var kinds: [String: ColumnKind] = [:]
    for declaration in study.data.columns {
      switch declaration.type.value {
      case .binary: kinds[declaration.name.value] = .binary
      case .continuous: kinds[declaration.name.value] = .continuous
      case .integer: kinds[declaration.name.value] = .integer
      case .categorical: kinds[declaration.name.value] = .categorical
      }
    }
    return kinds
  }

  /// The reader options of a study's data file.
  public static func options(_ study: Study) -> CSVOptions {
    CSVOptions(
      delimiter: study.data.delimiter.value == .tab ? 9 : 44, missingValues: study.data.missingValues.value,
      declaredKinds: declaredKinds(study), columns: used(study), dropMissing: study.data.missing.value == .drop)
  }
}
