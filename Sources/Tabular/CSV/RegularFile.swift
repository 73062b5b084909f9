import Foundation

/// Opens data files for reading: regular files only, with their size known
/// before a byte is read.
///
/// A named pipe (FIFO) would block `open` and every read forever, a device
/// can be endless, and a folder is not data; each is refused with its own
/// message. The file is opened non-blocking and checked again after opening
/// (the path may have been replaced in between).
enum RegularFile {
  /// The open file and its size in bytes.
  struct Opened {
    var descriptor: Int32
    var size: Int
  }

  static func open(_ path: String, maximumBytes: Int = .max) throws(CSVError) -> Opened {
    var info = stat()
    guard stat(path, &info) == 0 else {
      throw CSVError("cannot open the file: \(String(cString: strerror(errno)))")
    }
    try check(info)
    let fd = Foundation.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard fd >= 0 else { throw CSVError("cannot open the file: \(String(cString: strerror(errno)))") }
    guard fstat(fd, &info) == 0 else {
      close(fd)
      throw CSVError("cannot read the file: \(String(cString: strerror(errno)))")
    }
    do throws(CSVError) {
      try check(info)
    } catch {
      close(fd)
      throw error
    }
    let size = Int(info.st_size)
    if size > maximumBytes {
      close(fd)
      throw CSVError(
        "the file is \(size) bytes, more than the \(maximumBytes) a data file may have",
        notes: ["the limit protects a shared machine; see docs/security.md"])
    }
    return Opened(descriptor: fd, size: size)
  }

  /// Refuses anything but a regular file.
  static func check(_ info: stat) throws(CSVError) {
    switch info.st_mode & S_IFMT {
    case S_IFREG: return
    case S_IFDIR: throw CSVError("this is a folder, not a data file")
    case S_IFIFO:
      throw CSVError("this is a named pipe (FIFO), not a regular file: Assay reads data only from regular files")
    default:
      throw CSVError("this is not a regular file (a device or a socket): Assay reads data only from regular files")
    }
  }
}
