import Testing

@testable import NumericKernels

@Suite("Numeric kernels")
struct NumericKernelsSmokeTests {
  @Test("the module links")
  func links() {
    #expect(String(describing: NumericKernels.self) == "NumericKernels")
  }
}
