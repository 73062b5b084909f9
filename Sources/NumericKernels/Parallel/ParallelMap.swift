import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A deterministic parallel map over `0..<count`.
///
/// Each index is computed independently by `body(i)` and stored at position
/// `i`, so the result is identical for any number of threads (provided
/// `body` itself depends only on `i`, e.g. draws from
/// `Xoshiro256StarStar.stream(seed:label:index: i)`).
///
/// Scheduling: `threads` workers run under `DispatchQueue.concurrentPerform`
/// and take chunks of indices from a shared counter protected by a lock
/// (workers block, never spin). `threads == 1` (or `count ≤ 1`) runs inline
/// on the calling thread.
public enum ParallelMap {
  /// `[body(0), body(1), …, body(count − 1)]`, computed by `threads` workers.
  public static func map<T: Sendable>(count: Int, threads: Int, _ body: @Sendable (Int) -> T) -> [T] {
    precondition(count >= 0 && threads >= 1, "ParallelMap.map: count \(count), threads \(threads)")
    if threads == 1 || count <= 1 { return (0..<count).map(body) }
    let slots = ResultSlots<T>(count: count)
    let counter = ChunkCounter(count: count, chunk: max(1, count / (threads * 8)))
    DispatchQueue.concurrentPerform(iterations: min(threads, count)) { _ in
      while let range = counter.take() {
        for i in range { slots.store(body(i), at: i) }
      }
    }
    return slots.collect()
  }
}

/// Hands out consecutive index ranges under a mutex.
final class ChunkCounter: @unchecked Sendable {
  private let lock = Mutex()
  private var next = 0
  private let count: Int
  private let chunk: Int

  init(count: Int, chunk: Int) {
    self.count = count
    self.chunk = chunk
  }

  func take() -> Range<Int>? {
    lock.withLock {
      guard next < count else { return nil }
      let start = next
      next = min(count, next + chunk)
      return start..<next
    }
  }
}

/// Write-once result storage; each slot is written by exactly one worker.
final class ResultSlots<T>: @unchecked Sendable {
  private let pointer: UnsafeMutablePointer<T?>
  private let count: Int

  init(count: Int) {
    self.count = count
    pointer = UnsafeMutablePointer<T?>.allocate(capacity: count)
    pointer.initialize(repeating: nil, count: count)
  }

  deinit {
    pointer.deinitialize(count: count)
    pointer.deallocate()
  }

  func store(_ value: T, at index: Int) { pointer[index] = value }

  func collect() -> [T] {
    (0..<count).map { i in
      guard let value = pointer[i] else { preconditionFailure("ParallelMap: index \(i) was not computed") }
      return value
    }
  }
}

/// A pthread mutex (blocking; no spinning).
final class Mutex: @unchecked Sendable {
  private let handle: UnsafeMutablePointer<pthread_mutex_t>

  init() {
    handle = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    handle.initialize(to: pthread_mutex_t())
    pthread_mutex_init(handle, nil)
  }

  deinit {
    pthread_mutex_destroy(handle)
    handle.deinitialize(count: 1)
    handle.deallocate()
  }

  func withLock<R>(_ body: () -> R) -> R {
    pthread_mutex_lock(handle)
    defer { pthread_mutex_unlock(handle) }
    return body()
  }
}
