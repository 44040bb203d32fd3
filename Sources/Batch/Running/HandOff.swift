import Foundation

/// The bounded queue between a producing and a consuming thread (`BoundedPipeline`, `BandRelay`):
/// units pass in order, and at most `limit` exist at once, counted from the producer's `reserveSlot`
/// until the consumer's `releaseSlot`, so memory depends on the bound, never on how many units there are.
final class HandOff<Unit>: @unchecked Sendable {
    private let condition = NSCondition()
    /// At most `limit` units, so removing from the front is cheap.
    private var queue: [Unit] = []
    private var inFlight = 0
    private var finished = false
    private var cancelled = false
    private let limit: Int

    init(limit: Int) { self.limit = max(1, limit) }

    /// Waits until another unit may exist and counts it; false once the consumer has cancelled.
    func reserveSlot() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while inFlight >= limit && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        inFlight += 1
        return true
    }

    /// Queues a unit the producer reserved a slot for.
    func push(_ unit: Unit) {
        condition.lock()
        queue.append(unit)
        condition.broadcast()
        condition.unlock()
    }

    /// The producer is done: nothing more will be pushed.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next unit in order, or nil when production finished and the queue is empty.
    func pop() -> Unit? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !finished { condition.wait() }
        guard !queue.isEmpty else { return nil }
        return queue.removeFirst()
    }

    /// A unit is gone (consumed, or reserved and never made): another may exist.
    func releaseSlot() {
        condition.lock()
        inFlight -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer gave up: the producer's next `reserveSlot` returns false instead of waiting.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
