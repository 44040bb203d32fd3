import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `items` independent work items on every core, handing each worker its own scratch buffer of
/// `scratchFloats` floats (allocated once per worker, not per item). Items are claimed from a shared
/// counter so that a core slowed by other processes simply takes fewer of them.
func parallelWorkItems(
    _ items: Int, scratchFloats: Int,
    _ body: (_ item: Int, _ scratch: UnsafeMutablePointer<Float>) -> Void
) {
    let workers = min(items, max(1, ProcessInfoCores.count))
    let next = WorkCounter()
    withoutActuallyEscaping(body) { body in
        // The workers only share the counter and what `body` captured, which the callers partition by item.
        let shared = UncheckedSendable(body)
        let run: @Sendable (Int) -> Void = { _ in
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
            run(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers, execute: run)
        }
    }
}

/// Carries a value the caller has made safe to share (disjoint writes per work item) across workers.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Active processor count without importing Foundation into the core.
enum ProcessInfoCores {
    /// Online cores, at least 1.
    static let count: Int = {
        #if canImport(Glibc) || canImport(Darwin)
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 1
        #endif
    }()
}

/// Hands out 0, 1, 2, … to the workers. A mutex rather than an atomic keeps the core free of
/// platform-version requirements; items are whole row bands, so the lock is taken rarely.
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
