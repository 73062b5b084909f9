/// Numeric kernels: matrices, least squares, GLMs, distributions, random
/// numbers, ordering and nearest neighbours, and a deterministic parallel map.
///
/// Nothing here does I/O or knows about causal inference. Inputs are
/// validated by the caller (`StudySpec`, `Tabular`, `CausalEngine`); kernels
/// check shapes with `precondition` and otherwise trust their input.
public enum NumericKernels {}
