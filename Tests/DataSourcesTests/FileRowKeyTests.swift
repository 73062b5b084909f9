import Foundation
import StudyModel
import StudySpec
import Tabular
import TestSupport
import Testing

@testable import DataSources

/// `row_key` on a data file: optional, it names each row for the checks'
/// hashed draws; it must hold unique integers.
@Suite("Row keys of a data file")
struct FileRowKeyTests {
  @Test("the keys are read, and the key column leaves the table unless the study uses it")
  func keys() throws {
    let w = try Workspace()
    defer { w.remove() }
    try w.write("data.csv", "id,t,y,w\n30,1,2.5,1\n10,0,1,2\n20,1,3,0.5\n")
    let study = try #require(try w.study(data: "  path: data.csv\n  row_key: id").study)
    let loaded = try StudyDataLoader.load(study).table
    #expect(loaded.rowKeys == [30, 10, 20])
    #expect(loaded.table.columnNames == ["t", "y", "w"])
    #expect(study.resolvedSettings.contains { $0.key == "data.row_key" && $0.value == "id" })
    let used = try #require(
      try w.study(data: "  path: data.csv\n  row_key: w", graph: "dag { w -> t ; w -> y ; t -> y }").study)
    do {
      _ = try StudyDataLoader.load(used)
      Issue.record("a key of 0.5 was accepted")
    } catch {
      #expect(
        error.rendered(relativeTo: w.path).contains("row_key 'w' must hold integers; row 3 of the data holds 0.5"))
    }
  }

  @Test("a repeated key, and a key column the file does not have, are refused at row_key")
  func refusals() throws {
    let w = try Workspace()
    defer { w.remove() }
    try w.write("data.csv", "id,t,y,w\n1,1,2.5,1\n2,0,1,2\n2,1,3,0.5\n")
    let study = try #require(try w.study(data: "  path: data.csv\n  row_key: id").study)
    do {
      _ = try StudyDataLoader.load(study)
      Issue.record("a repeated key was accepted")
    } catch {
      #expect(
        error.rendered(relativeTo: w.path).contains(
          "study.yaml:6:12: error: the row key 2 appears twice: a row key must identify each row"))
    }
    let absent = try w.study(data: "  path: data.csv\n  row_key: key")
    #expect(absent.study == nil)
    var renderer = DiagnosticRenderer()
    #expect(
      renderer.text(absent.diagnostics).contains("error: row_key 'key' is not a column of 'data.csv'"))
  }
}
