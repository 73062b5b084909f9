/// The number of cross-fitting folds, shared by the cross-fitted methods.
public enum CrossFitting {
  public static let folds = Parameter<Int>(
    "folds", .integer(.closed(2, 100)), default: 5, "Cross-fitting folds.")
}

/// The parameters of `doubly_robust`.
public struct DoublyRobustOptions: EstimatorOptions {
  /// The outcome model of each arm.
  public enum OutcomeModel: String, ParameterChoice, Codable {
    /// Logistic for a binary outcome, else linear.
    case auto
    case linear
    case logistic
  }

  public static let outcomeModel = Parameter<OutcomeModel>(
    "outcome_model", default: .auto,
    "Outcome model: linear, logistic, or auto (logistic for a binary outcome).")
  public static let se = Parameter<StandardErrorMethod>(
    "se", choices: [.influence, .bootstrap], default: .influence,
    "Standard errors from the influence function, or the bootstrap.")
  public static let parameters = [CrossFitting.folds.descriptor, outcomeModel.descriptor, se.descriptor]

  public var folds: Int
  public var outcomeModel: OutcomeModel
  public var standardErrors: StandardErrorMethod

  public init(_ params: ParameterSet) {
    folds = params.value(CrossFitting.folds)
    outcomeModel = params.value(Self.outcomeModel)
    standardErrors = params.value(Self.se)
  }
}

/// The parameters of `double_ml`.
public struct DoubleMachineLearningOptions: EstimatorOptions {
  /// The nuisance models.
  public enum Model: String, ParameterChoice, Codable {
    case lasso, ridge, ols
  }

  public static let model = Parameter<Model>(
    "model", default: .lasso, "Nuisance models; the lasso and ridge penalties are chosen by cross-validation.")
  public static let se = Parameter<StandardErrorMethod>(
    "se", choices: [.orthogonal, .bootstrap], default: .orthogonal,
    "Standard errors from the orthogonal score, or the bootstrap.")
  public static let parameters = [CrossFitting.folds.descriptor, model.descriptor, se.descriptor]

  public var folds: Int
  public var model: Model
  public var standardErrors: StandardErrorMethod

  public init(_ params: ParameterSet) {
    folds = params.value(CrossFitting.folds)
    model = params.value(Self.model)
    standardErrors = params.value(Self.se)
  }

  public func validate(_ v: inout OptionsValidation) {
    if v.sampleWeights, model != .ols {
      v.error(
        "the \(model.rawValue) nuisance models are not fitted with sampling weights here, and the data have them",
        at: v.range(of: Self.model), notes: [.init("write 'model: ols' (weighted least squares)")])
    }
  }
}
