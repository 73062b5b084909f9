import StudyModel
import Testing

@testable import CausalEngine

/// The registries agree with the registry rows: each method's implementation
/// is the one its row names, and each check is applied at its row's scope.
@Suite("Registries")
struct RegistryTests {
  @Test("every method's estimator implements that method", arguments: EstimatorMethod.allCases)
  func estimators(_ method: EstimatorMethod) {
    #expect(EstimatorRegistry.estimator(for: method).method == method)
  }

  @Test("every check's implementation has its registry row's scope", arguments: CheckKind.allCases)
  func checks(_ kind: CheckKind) {
    switch (RefuterRegistry.implementation(for: kind), kind.descriptor.scope) {
    case (.estimate(let refuter), .estimate): #expect(type(of: refuter).kind == kind)
    case (.study(let check), .study): #expect(check.kind == kind)
    default: Issue.record("\(kind.rawValue): the implementation's scope differs from the registry row's")
    }
  }

  @Test("every method decodes its default parameters into its own options struct", arguments: EstimatorMethod.allCases)
  func options(_ method: EstimatorMethod) {
    let descriptor = method.descriptor
    var params = ParameterSet.filling(descriptor.parameters)
    // Required parameters have no default; give them a value of their type.
    for p in descriptor.parameters where p.isRequired && params[p.name] == nil {
      let value: ParameterValue = p.type == .column ? .string("x") : .number(0)
      params.entries.append(.init(name: p.name, value: .defaulted(value)))
    }
    let options = descriptor.decode(params)
    #expect(type(of: options) == descriptor.options)
    #expect(descriptor.standardErrors.contains(options.standardErrors))
  }
}
