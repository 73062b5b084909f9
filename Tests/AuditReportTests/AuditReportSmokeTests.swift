import Testing

@testable import AuditReport

@Suite("Audit report")
struct AuditReportSmokeTests {
  @Test("the module links")
  func links() {
    #expect(String(describing: AuditReport.self) == "AuditReport")
  }
}
