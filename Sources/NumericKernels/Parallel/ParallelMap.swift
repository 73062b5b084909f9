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
/// Scheduling: the calling thread and up to `threads − 1` helpers queued on
/// the global dispatch queue take chunks of indices from a shared counter
/// protected by a lock (workers block, never spin). A helper that starts
/// after the caller has taken the last chunk leaves at once, and the caller
/// waits only for helpers that are computing. So a map nested inside
/// another one (a check's simulations inside the map over checks) gets the
/// cores the outer map no longer uses: when the outer map runs out of
/// tasks, its idle worker picks up the inner map's queued helper instead of
/// leaving a core idle while the last task runs alone
/// (`DispatchQueue.concurrentPerform` runs a nested map on one thread).
/// `threads == 1` (or `count ≤ 1`) runs inline on the calling thread.
public enum ParallelMap {
  /// `[body(0), body(1), …, body(count − 1)]`, computed by `threads` workers.
  public static func map<T: Sendable>(count: Int, threads: Int, _ body: @Sendable (Int) -> T) -> [T] {
    precondition(count >= 0 && threads >= 1, "ParallelMap.map: count \(count), threads \(threads)")
    if threads == 1 || count <= 1 { return (0..<count).map(body) }
    let slots = ResultSlots<T>(count: count)
    let work = SharedWork(count: count, chunk: max(1, count / (threads * 8)))
    withoutActuallyEscaping(body) { body in
      work.open { i in slots.store(body(i), at: i) }
      for _ in 1..<min(threads, count) {
        DispatchQueue.global().async { work.help() }
      }
      work.participate()
      // No helper holds `body` once this returns.
      work.closeAndWait()
    }
    return slots.collect()
  }
}

/// The chunks of one map, the body that computes an index, and the helpers
/// computing: helpers enter only while the map is open, and closing waits
/// for those inside, then drops the body.
final class SharedWork: @unchecked Sendable {
  private let counter: ChunkCounter
  private let condition = Condition()
  private var body: ((Int) -> Void)?
  private var active = 0

  init(count: Int, chunk: Int) { counter = ChunkCounter(count: count, chunk: chunk) }

  func open(_ body: @escaping (Int) -> Void) {
    condition.withLock { self.body = body }
  }

  /// The caller's share: chunks until none is left.
  func participate() {
    guard let body = condition.withLock({ self.body }) else { return }
    while let range = counter.take() { for i in range { body(i) } }
  }

  /// A helper's share: nothing when the map is closed already.
  func help() {
    guard enterAndCompute() else { return }
    condition.withLock {
      active -= 1
      if active == 0 { condition.broadcast() }
    }
  }

  /// Enters an open map and runs chunks; the body is released on return,
  /// before the helper leaves (so that closing leaves no reference to it).
  private func enterAndCompute() -> Bool {
    let entered: ((Int) -> Void)? = condition.withLock {
      guard let body else { return nil }
      active += 1
      return body
    }
    guard let body = entered else { return false }
    while let range = counter.take() { for i in range { body(i) } }
    return true
  }

  /// Closes the map (helpers that have not entered will not) and waits for the helpers inside.
  func closeAndWait() {
    condition.withLock {
      body = nil
      while active > 0 { condition.wait() }
    }
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

/// A pthread mutex with a condition variable.
final class Condition: @unchecked Sendable {
  private let mutex = Mutex()
  private let condition: UnsafeMutablePointer<pthread_cond_t>

  init() {
    condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    condition.initialize(to: pthread_cond_t())
    pthread_cond_init(condition, nil)
  }

  deinit {
    pthread_cond_destroy(condition)
    condition.deinitialize(count: 1)
    condition.deallocate()
  }

  func withLock<R>(_ body: () -> R) -> R { mutex.withLock(body) }

  /// Waits for a broadcast; call with the lock held (inside `withLock`).
  func wait() { pthread_cond_wait(condition, mutex.handle) }

  /// Wakes every waiter; call with the lock held.
  func broadcast() { pthread_cond_broadcast(condition) }
}

/// A pthread mutex (blocking; no spinning).
final class Mutex: @unchecked Sendable {
  /// The pthread mutex (``Condition`` waits on it).
  fileprivate let handle: UnsafeMutablePointer<pthread_mutex_t>

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
