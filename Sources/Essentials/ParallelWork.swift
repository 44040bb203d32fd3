import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one parallel loop of the project: independent work items spread over every core, each worker
/// with its own scratch buffer. Items are claimed from a shared counter, so a core slowed by other
/// processes simply takes fewer of them.
public enum ParallelWork {
    /// Online cores, at least 1.
    public static let cores: Int = {
        #if canImport(Glibc) || canImport(Darwin)
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 1
        #endif
    }()

    /// Runs `body(item, scratch)` for every item in `0 ..< items` on up to `cores` workers, handing each
    /// worker one 64-byte-aligned scratch buffer of `scratchFloats` floats (allocated once per worker,
    /// not per item). `body` must only write what its item owns.
    public static func run(
        _ items: Int, scratchFloats: Int = 0,
        _ body: (_ item: Int, _ scratch: UnsafeMutablePointer<Float>) -> Void
    ) {
        guard items > 0 else { return }
        let workers = min(items, cores)
        let next = WorkCounter()
        withoutActuallyEscaping(body) { body in
            // The workers only share the counter and what `body` captured, which the callers partition by item.
            let shared = UncheckedSendable(body)
            let work: @Sendable (Int) -> Void = { _ in
                let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, scratchFloats) * 4 + 64, alignment: 64)
                let scratch = raw.bindMemory(to: Float.self, capacity: max(1, scratchFloats) + 16)
                defer { raw.deallocate() }
                while true {
                    let item = next.take()
                    if item >= items { break }
                    shared.value(item, scratch)
                }
            }
            if workers <= 1 {
                work(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: workers, execute: work)
            }
        }
    }

    /// Runs `body(item)` for every item in `0 ..< items` on every core (no scratch).
    public static func run(_ items: Int, _ body: (_ item: Int) -> Void) {
        run(items, scratchFloats: 0) { item, _ in body(item) }
    }
}

/// Carries a value the caller has made safe to share across threads (disjoint writes per work item,
/// or use from one thread at a time).
public struct UncheckedSendable<Value>: @unchecked Sendable {
    /// The carried value.
    public let value: Value
    /// Wraps `value`.
    public init(_ value: Value) { self.value = value }
}

/// Hands out 0, 1, 2, … to the workers. A mutex rather than an atomic keeps the base free of
/// platform-version requirements; items are coarse (row bands, map blocks), so the lock is taken rarely.
final class WorkCounter: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var next = 0

    init() {
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    /// The next unclaimed item number.
    func take() -> Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        next += 1
        return next - 1
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }
}
