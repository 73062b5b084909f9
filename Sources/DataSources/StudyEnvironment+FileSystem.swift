import StudyModel
import StudySpec
import Tabular

extension StudyEnvironment {
  /// The real file system, with data headers read by `Tabular` and the
  /// columns of an SQLite source read by preparing its statement.
  public static let live = StudyEnvironment.fileSystem(
    readHeader: { path, delimiter in
      do throws(CSVError) {
        return .success(try CSVHeader.read(path: path, delimiter: delimiter == .tab ? 9 : 44))
      } catch {
        return .failure(DataFileProblem(error.message, line: error.line, column: error.column, notes: error.notes))
      }
    },
    readSQLiteColumns: { path, relation in
      do throws(DatabaseError) {
        let db = try SQLiteDatabase(path: path)
        let statement: String
        switch relation {
        case .table(let name): statement = "SELECT * FROM \(name) LIMIT 0"
        case .query(let text):
          statement = "SELECT * FROM (\(DatabaseStatement.trimmedQuery(text))) AS assay_source LIMIT 0"
        }
        return .success(try db.prepare(statement).columnNames)
      } catch {
        return .failure(DataFileProblem(error.message, notes: error.notes))
      }
    })
}
