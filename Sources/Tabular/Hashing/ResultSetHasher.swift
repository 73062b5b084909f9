import Crypto

/// SHA-256 of a database result set, computed while it streams, over a
/// canonical serialization that does not depend on the database's text
/// formats (docs/data-sources.md, "Provenance").
///
/// The serialization is the column names, then every value of every row in
/// order:
/// - a column name: byte `0x03`, its UTF-8 length as a 4-byte little-endian
///   integer, its UTF-8 bytes;
/// - a null: byte `0x00`;
/// - a number: byte `0x01`, then the IEEE 754 binary64 value it reads as
///   (8 bytes, little-endian; integers and booleans too: `true` is 1);
/// - a text: byte `0x02`, its UTF-8 length (4 bytes, little-endian), its
///   bytes.
/// So the same rows give the same SHA-256 from SQLite and from PostgreSQL
/// (numbers are compared as the doubles Assay computes with), and any change
/// of a value, a type (the number 1 versus the text "1"), a column name or the
/// row order changes it. In Python: `struct.pack('<Bd', 1, v)`,
/// `struct.pack('<BI', 2, len(b)) + b`.
public final class ResultSetHasher {
  private var hasher = SHA256()
  private var buffer: [UInt8] = []
  /// Bytes serialized so far.
  public private(set) var byteCount = 0
  static let flushAt = 1 << 16

  /// A hasher whose serialization starts with `columns`.
  public init(columns: [String]) {
    buffer.reserveCapacity(Self.flushAt + 1024)
    for name in columns { text(0x03, Array(name.utf8)) }
  }

  /// A null.
  public func null() {
    buffer.append(0x00)
    flushIfFull()
  }

  /// A number.
  public func number(_ value: Double) {
    buffer.append(0x01)
    withUnsafeBytes(of: value.bitPattern.littleEndian) { buffer.append(contentsOf: $0) }
    flushIfFull()
  }

  /// A text, as UTF-8 bytes.
  public func text(_ bytes: UnsafeBufferPointer<UInt8>) {
    buffer.append(0x02)
    withUnsafeBytes(of: UInt32(truncatingIfNeeded: bytes.count).littleEndian) { buffer.append(contentsOf: $0) }
    buffer.append(contentsOf: bytes)
    flushIfFull()
  }

  /// A text.
  public func text(_ bytes: [UInt8]) { text(0x02, bytes) }

  private func text(_ tag: UInt8, _ bytes: [UInt8]) {
    buffer.append(tag)
    withUnsafeBytes(of: UInt32(truncatingIfNeeded: bytes.count).littleEndian) { buffer.append(contentsOf: $0) }
    buffer.append(contentsOf: bytes)
    flushIfFull()
  }

  @inline(__always)
  private func flushIfFull() {
    if buffer.count >= Self.flushAt { flush() }
  }

  private func flush() {
    byteCount += buffer.count
    buffer.withUnsafeBytes { hasher.update(bufferPointer: $0) }
    buffer.removeAll(keepingCapacity: true)
  }

  /// The lowercase hex digest (the hasher is then spent).
  public func finish() -> String {
    flush()
    return ContentHash.hex(hasher.finalize())
  }
}
