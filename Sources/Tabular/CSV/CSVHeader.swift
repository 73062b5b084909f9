import Foundation

/// Reads only the header row of a delimited text file.
///
/// Used by validation, which must not read the data: the file is read in
/// 64 KiB blocks until the first record ends (a quoted field may hold
/// newlines). A UTF-8 byte-order mark is skipped; CRLF line ends are
/// accepted. Refused: an empty file, an unterminated quote, an empty or
/// duplicate column name, and a header longer than 1 MiB.
public enum CSVHeader {
  static let blockSize = 64 * 1024
  static let maximumHeaderBytes = 1 << 20

  public static func read(path: String, delimiter: UInt8) throws(CSVError) -> [String] {
    let file = try RegularFile.open(path)
    let handle = FileHandle(fileDescriptor: file.descriptor, closeOnDealloc: true)
    defer { try? handle.close() }
    var bytes: [UInt8] = []
    while true {
      let block = handle.readData(ofLength: blockSize)
      bytes.append(contentsOf: block)
      if let names = try parseFirstRecord(bytes, delimiter: delimiter, complete: block.isEmpty) {
        return names
      }
      if bytes.count > maximumHeaderBytes {
        throw CSVError(
          "the header row is longer than 1 MiB", line: 1, column: 1,
          notes: ["is the delimiter right? tab-separated files need the .tsv extension or 'delimiter: tab'"])
      }
    }
  }

  /// The header fields if `bytes` holds the whole first record (or the whole
  /// file, when `complete`); `nil` when more bytes are needed.
  static func parseFirstRecord(_ bytes: [UInt8], delimiter: UInt8, complete: Bool) throws(CSVError) -> [String]? {
    var start = 0
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
    if complete, bytes.count <= start { throw CSVError("the file is empty: it needs a header row", line: 1, column: 1) }
    var fields: [(String, Int)] = []  // name, column
    var field: [UInt8] = []
    var fieldColumn = 1
    var column = 1
    var line = 1
    var inQuotes = false
    var quoteLine = 1
    var quoteColumn = 1
    var i = start
    var ended = false
    while i < bytes.count {
      let b = bytes[i]
      if inQuotes {
        if b == UInt8(ascii: "\"") {
          if i + 1 < bytes.count {
            if bytes[i + 1] == UInt8(ascii: "\"") {
              field.append(b)
              i += 2
              column += 2
              continue
            }
            inQuotes = false
          } else if !complete {
            return nil  // the next block decides whether the quote is doubled
          } else {
            inQuotes = false
          }
        } else {
          field.append(b)
          if b == UInt8(ascii: "\n") {
            line += 1
            column = 0
          }
        }
      } else if b == UInt8(ascii: "\"") && field.isEmpty {
        inQuotes = true
        quoteLine = line
        quoteColumn = column
      } else if b == delimiter {
        fields.append((String(decoding: field, as: UTF8.self), fieldColumn))
        field.removeAll(keepingCapacity: true)
        fieldColumn = column + 1
      } else if b == UInt8(ascii: "\n") {
        ended = true
        break
      } else if b == UInt8(ascii: "\r") && (i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n")) {
        ended = true
        break
      } else {
        field.append(b)
      }
      if b & 0xC0 != 0x80 { column += 1 }
      i += 1
    }
    if inQuotes {
      if !complete { return nil }
      throw CSVError("unterminated quoted field in the header", line: quoteLine, column: quoteColumn)
    }
    if !ended && !complete { return nil }
    fields.append((String(decoding: field, as: UTF8.self), fieldColumn))
    var seen: [String: Int] = [:]
    for (name, column) in fields {
      if name.isEmpty {
        throw CSVError("empty column name in the header", line: 1, column: column)
      }
      if let first = seen[name] {
        throw CSVError(
          "duplicate column name '\(name)' in the header", line: 1, column: column,
          columnName: name, notes: ["first at column \(first)"])
      }
      seen[name] = column
    }
    return fields.map(\.0)
  }
}
