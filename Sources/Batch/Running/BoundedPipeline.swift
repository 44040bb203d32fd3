import Foundation

/// Two-stage pipeline: `produce` runs on its own thread (decoding the next image) while `consume` runs on
/// the caller's thread (convolving and encoding the current one). At most `maxInFlight` units exist at
/// any time, counted from the moment production starts until consumption ends, so peak memory depends
/// on that bound and never on how many inputs there are.
enum BoundedPipeline {
    /// Runs until `produce` returns nil and every produced unit has been consumed, in production order.
    static func run<Unit: Sendable>(
        maxInFlight: Int,
        produce: @escaping @Sendable () -> Unit?,
        consume: (Unit) -> Void
    ) {
        let channel = HandOff<Unit>(limit: max(1, maxInFlight))
        let producerDone = DispatchSemaphore(value: 0)
        let producer = Thread {
            while channel.reserveSlot() {
                guard let unit = produce() else {
                    channel.finish()
                    break
                }
                channel.push(unit)
            }
            producerDone.signal()
        }
        producer.stackSize = 8 << 20
        producer.start()
        while let unit = channel.pop() {
            consume(unit)
            channel.releaseSlot()
        }
        producerDone.wait()
    }
}

/// The queue between the two threads, with the in-flight count that bounds memory.
private final class HandOff<Unit>: @unchecked Sendable {
    private let condition = NSCondition()
    /// At most `limit` units, so removing from the front is cheap.
    private var queue: [Unit] = []
    private var inFlight = 0
    private var finished = false
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Waits until another unit may exist; false once production has finished.
    func reserveSlot() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while inFlight >= limit && !finished { condition.wait() }
        guard !finished else { return false }
        inFlight += 1
        return true
    }

    func push(_ unit: Unit) {
        condition.lock()
        queue.append(unit)
        condition.broadcast()
        condition.unlock()
    }

    func finish() {
        condition.lock()
        finished = true
        inFlight -= 1
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

    func releaseSlot() {
        condition.lock()
        inFlight -= 1
        condition.broadcast()
        condition.unlock()
    }
}
