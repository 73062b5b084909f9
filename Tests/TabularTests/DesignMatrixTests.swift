import Testing

@testable import NumericKernels
@testable import Tabular

@Suite("Design matrices")
struct DesignMatrixTests {
  static func table() throws -> DataTable {
    let text = "y,age,educ,female\n1,30,high,1\n2,40,college,0\n3,50,none,1\n4,60,college,0\n"
    return try CSVReader.read(bytes: Array(text.utf8), options: CSVOptions()).table
  }

  @Test("one-hot coding drops and names the reference level; columns named educ=level")
  func oneHot() throws {
    let design = DesignMatrix.make(
      table: try Self.table(), rows: nil, variables: ["age", "educ"], terms: [], intercept: true)
    // Levels sorted by bytes: college < high < none; the reference is "college".
    #expect(design.names == ["(Intercept)", "age", "educ=high", "educ=none"])
    #expect(design.referenceLevels == ["educ": "college"])
    #expect(design.matrix.column(2) == [1, 0, 0, 0])
    #expect(design.matrix.column(3) == [0, 0, 1, 0])
    #expect(design.matrix.column(1) == [30, 40, 50, 60])
  }

  @Test("without an intercept the first categorical keeps every level (R's model.matrix)")
  func noIntercept() throws {
    let (matrix, names) = DesignMatrix.build(
      table: try Self.table(), rows: nil, variables: ["educ", "age"], terms: [], intercept: false)
    #expect(names == ["educ=college", "educ=high", "educ=none", "age"])
    // The indicators sum to the constant.
    for i in 0..<4 { #expect(matrix[i, 0] + matrix[i, 1] + matrix[i, 2] == 1) }
  }

  @Test("powers and interactions, including categorical × numeric")
  func terms() throws {
    let (matrix, names) = DesignMatrix.build(
      table: try Self.table(), rows: nil, variables: ["age"],
      terms: [[("age", 2)], [("educ", 1), ("age", 1)], [("female", 1), ("age", 1)]], intercept: true)
    #expect(names == ["(Intercept)", "age", "age^2", "educ=high:age", "educ=none:age", "female:age"])
    #expect(matrix.column(2) == [900, 1600, 2500, 3600])
    #expect(matrix.column(3) == [30, 0, 0, 0])
    #expect(matrix.column(4) == [0, 0, 50, 0])
    #expect(matrix.column(5) == [30, 0, 50, 0])
  }

  @Test("row index views select and repeat rows without touching the table")
  func rows() throws {
    let table = try Self.table()
    let (matrix, _) = DesignMatrix.build(
      table: table, rows: [3, 3, 0], variables: ["age"], terms: [], intercept: false)
    #expect(matrix.column(0) == [60, 60, 30])
    #expect(table.column(named: "age")?.values == [30, 40, 50, 60])
  }

  @Test("a dummy-variable trap is aliased by least squares, by name")
  func trap() throws {
    let (matrix, names) = DesignMatrix.build(
      table: try Self.table(), rows: nil, variables: ["educ", "age"], terms: [], intercept: true)
    var columns = (0..<matrix.columns).map { matrix.column($0) }
    // Add the reference indicator back: with the intercept it is a linear combination.
    columns.append([0, 1, 0, 1])
    let fit = LeastSquares.fit(
      design: Matrix(columns: columns), response: [1, 2, 3, 5], columnNames: names + ["educ=college"])
    #expect(fit.rank == 4)
    #expect(fit.aliasedColumns.count == 1)
  }
}
