/// Numeric kernels: matrices, least squares, GLMs, distributions, random
/// numbers, ordering and nearest neighbours, and a deterministic parallel map.
///
/// Nothing here does I/O or knows what the numbers mean. Inputs are
/// validated by the callers; kernels
/// check shapes with `precondition` and otherwise trust their input.
public enum NumericKernels {}
