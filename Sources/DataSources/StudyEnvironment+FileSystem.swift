import StudyModel
import StudySpec
import Tabular

extension StudyEnvironment {
  /// The real file system, with data headers read by `Tabular`.
  public static let live = StudyEnvironment.fileSystem { path, delimiter in
    do throws(CSVError) {
      return .success(try CSVHeader.read(path: path, delimiter: delimiter == .tab ? 9 : 44))
    } catch {
      return .failure(DataFileProblem(error.message, line: error.line, column: error.column, notes: error.notes))
    }
  }
}
