import Crypto
import Foundation

/// SHA-256 content hashes of data files (FIPS 180-4, via swift-crypto), so
/// that a run record names exactly the bytes it analysed.
public enum ContentHash {
  /// The SHA-256 of the file at `path`, lowercase hex, read in 1 MiB blocks.
  public static func sha256(path: String) throws -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw CSVError("cannot open the file for hashing")
    }
    defer { try? handle.close() }
    var hasher = SHA256()
    while true {
      let block = handle.readData(ofLength: 1 << 20)
      if block.isEmpty { break }
      hasher.update(data: block)
    }
    return hex(hasher.finalize())
  }

  /// The SHA-256 of `bytes`, lowercase hex.
  public static func sha256(bytes: [UInt8]) -> String {
    hex(SHA256.hash(data: bytes))
  }

  static func hex(_ digest: SHA256.Digest) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(64)
    for byte in digest {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
