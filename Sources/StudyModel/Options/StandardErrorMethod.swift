/// How an estimator computes its standard error: the words of the `se`
/// parameter across every method. Each method's `se` parameter lists the
/// ones it offers (its capability), and `bootstrap` is handled for all of
/// them in one place by the engine.
public enum StandardErrorMethod: String, ParameterChoice, Codable {
  /// White's heteroskedasticity-robust sandwich with the n/(n − k) factor.
  case hc1
  /// The homoskedastic OLS covariance.
  case classical
  case hc0
  case hc2
  case hc3
  /// Cluster-robust (needs the `cluster` parameter).
  case cluster
  /// Nearest-neighbour residuals (regression discontinuity: rdrobust's default).
  case nearestNeighbor = "nn"
  /// The delta method on the model's covariance.
  case delta
  /// M-estimation that accounts for the estimated propensity score.
  case sandwich
  /// Abadie & Imbens' matching variance.
  case abadieImbens = "abadie_imbens"
  /// Within-stratum variances.
  case stratified
  /// The influence function of the doubly robust estimator.
  case influence
  /// The orthogonal score of double machine learning.
  case orthogonal
  /// The nonparametric bootstrap of rows, refitting everything.
  case bootstrap
}

/// A bootstrap interval.
public enum BootstrapInterval: String, ParameterChoice, Codable {
  case percentile
  /// The basic (reflected) interval.
  case basic
}
