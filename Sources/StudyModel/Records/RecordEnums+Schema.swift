import CausalGraph

// The enums the run records hold, with the words the result schema lists.

extension RunStatus: JSONSchemaEnum {}
extension RunError.Kind: JSONSchemaEnum {}
extension EffectKind: JSONSchemaEnum {}
extension EstimatorMethod: JSONSchemaEnum {}
extension EffectStrategy: JSONSchemaEnum {}
extension IdentificationMethod: JSONSchemaEnum {}
extension IdentificationStrategy: JSONSchemaEnum {}
extension Verdict: JSONSchemaEnum {}
extension CheckSeverity: JSONSchemaEnum {}
extension MissingPolicy: JSONSchemaEnum {}
extension ComputeMode: JSONSchemaEnum {}
extension DatabaseSpec.Engine: JSONSchemaEnum {}
extension ColumnType: JSONSchemaEnum {}
extension VariableRole: JSONSchemaEnum {}
extension ArmSummary.Arm: JSONSchemaEnum {}
extension PathRecord.Status: JSONSchemaEnum {}
extension PathRecord.Blocking: JSONSchemaEnum {}
extension EdgeKind: JSONSchemaEnum {}
extension EstimateStatus: JSONSchemaEnum {}
extension UncertaintyRecord.Kind: JSONSchemaEnum {}
extension BootstrapInterval: JSONSchemaEnum {}
extension IndependenceTestChoice: JSONSchemaEnum {}
extension DiscontinuityRecord.Design: JSONSchemaEnum {}
extension RegressionDiscontinuityOptions.TreatedSide: JSONSchemaEnum {}
extension RegressionDiscontinuityOptions.Kernel: JSONSchemaEnum {}
extension RegressionDiscontinuityOptions.Inference: JSONSchemaEnum {}
extension StandardErrorMethod: JSONSchemaEnum {}
extension ConfidenceSetRecord.Kind: JSONSchemaEnum {}

extension RecordedCheck: JSONSchemaEnum {
  public static var schemaValues: [String] { CheckKind.allCases.map(\.rawValue) + ["expectation"] }
  public static var anyCase: RecordedCheck { .expectation }
}

extension AdjustmentChoice: JSONSchemaDescribed {
  public static var jsonSchema: JSONValue {
    ["type": "string", "minLength": 1]
  }

  public static var schemaStandIn: AdjustmentChoice { .minimal }
}
