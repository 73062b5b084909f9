import StudyModel

/// Estimators, refuters, the gate and the pipeline. No file I/O.
public enum CausalEngine {}
