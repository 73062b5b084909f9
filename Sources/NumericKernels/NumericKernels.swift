/// Numeric kernels: matrices, least squares, GLMs, distributions, random numbers.
public enum NumericKernels {}
