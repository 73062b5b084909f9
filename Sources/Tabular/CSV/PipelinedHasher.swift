import Crypto
import Dispatch

/// SHA-256 of a byte stream, optionally computed on a second core while the
/// caller parses.
///
/// Concurrent mode copies each block (a memory copy is about ten times
/// faster than hashing it) and hashes the copies in order on a serial
/// queue; a semaphore keeps at most two blocks in flight, so memory stays
/// bounded. Used for files of `concurrentFrom` bytes and more, on machines
/// with a second core. (The limit was 256 MiB while parsing ran at about
/// 250 MB/s: a 125 MB file read 240 MB/s sequentially and 150–170 MB/s
/// pipelined on the shared 2-core build machine. With parsing at about
/// 650 MB/s and SHA-256 at about 1.3 GB/s (SHA-NI), hashing is a third of a
/// sequential read, and handing it to the second core pays from a few
/// blocks on; see `make bench`, "csv".)
final class PipelinedHasher: @unchecked Sendable {
  /// Files at least this large are hashed on a second core (16 MiB: four blocks).
  static let concurrentFrom = 16 << 20

  private var hasher = SHA256()
  private let queue: DispatchQueue?
  private let slots = DispatchSemaphore(value: 2)
  /// The two copy buffers, used in turn (allocated once: a fresh 4 MiB
  /// array per block cost a thousand page faults each).
  private var buffers: [UnsafeMutableRawBufferPointer] = []
  private var nextBuffer = 0

  init(concurrent: Bool) {
    queue = concurrent ? DispatchQueue(label: "assay.csv.sha256") : nil
  }

  deinit {
    queue?.sync {}
    for buffer in buffers { buffer.deallocate() }
  }

  func update(_ bytes: UnsafeRawBufferPointer) {
    guard let queue else {
      hasher.update(bufferPointer: bytes)
      return
    }
    // At most two blocks are in flight and the queue hashes them in order,
    // so once a slot is free the buffer used two blocks ago is free too.
    slots.wait()
    let index = nextBuffer
    nextBuffer = 1 - nextBuffer
    if buffers.count <= index {
      buffers.append(.allocate(byteCount: max(bytes.count, 1), alignment: 64))
    } else if buffers[index].count < bytes.count {
      buffers[index].deallocate()
      buffers[index] = .allocate(byteCount: bytes.count, alignment: 64)
    }
    guard let target = buffers[index].baseAddress else { return }
    if let base = bytes.baseAddress { target.copyMemory(from: base, byteCount: bytes.count) }
    // The address travels as an integer (a raw pointer is not Sendable);
    // the buffer is not touched again until this block is hashed.
    let address = Int(bitPattern: target)
    let count = bytes.count
    queue.async {
      self.hasher.update(
        bufferPointer: UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: address), count: count))
      self.slots.signal()
    }
  }

  /// Waits for the queued blocks and returns the lowercase hex digest.
  func finish() -> String {
    queue?.sync {}
    return ContentHash.hex(hasher.finalize())
  }
}
