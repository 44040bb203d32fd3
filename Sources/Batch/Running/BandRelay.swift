import Foundation

/// Splits one map's stream over two threads: `produce` (convolution and quantisation, which hands out
/// each finished band of pixels) runs on a thread of its own while the caller's thread compresses the
/// bands with `consume` (libjpeg), with at most `depth` bands in between. A photo run with fewer maps
/// than cores would otherwise leave cores idle: one map's work is strictly serial within one thread.
enum BandRelay {
    /// Runs both sides to the end and returns what `produce` returned. Bands reach `consume` in order.
    /// The first error of either side stops both and is rethrown (a `consume` error first).
    static func run<Result: Sendable>(
        depth: Int = 2,
        produce: @escaping @Sendable (_ emit: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Result,
        consume: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws -> Result {
        let queue = BandQueue(depth: max(1, depth))
        let finished = DispatchSemaphore(value: 0)
        let outcome = OutcomeBox<Result>()
        let producer = Thread {
            outcome.value = Swift.Result { try produce { band in try queue.push(band) } }
            queue.close()
            finished.signal()
        }
        producer.stackSize = 8 << 20
        producer.start()
        var consumeError: Error?
        while let band = queue.pop() {
            do {
                try band.withUnsafeBufferPointer { try consume($0) }
                queue.recycle(band)
            } catch {
                consumeError = error
                queue.cancel()
                break
            }
        }
        finished.wait()
        if let consumeError { throw consumeError }
        return try outcome.value!.get()
    }
}

/// The result of the producer thread, read by the caller after the thread signalled its end.
private final class OutcomeBox<Result>: @unchecked Sendable {
    var value: Swift.Result<Result, Error>?
}

/// Thrown into the producer when the consumer gave up (its own error is the one reported).
private struct RelayCancelled: Error {}

/// Bands in flight between the two threads, with their buffers reused: a band is copied once (a few
/// hundred kilobytes, microseconds) because the producer overwrites its own buffer for the next band.
private final class BandQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var ready: [[UInt8]] = []
    private var spare: [[UInt8]] = []
    private var inFlight = 0
    private var closed = false
    private var cancelled = false
    private let depth: Int

    init(depth: Int) { self.depth = depth }

    /// Waits for room, then queues a copy of `band`; throws once the consumer has cancelled.
    func push(_ band: UnsafeBufferPointer<UInt8>) throws {
        condition.lock()
        defer { condition.unlock() }
        while inFlight >= depth && !cancelled { condition.wait() }
        if cancelled { throw RelayCancelled() }
        var copy = spare.popLast() ?? []
        copy.removeAll(keepingCapacity: true)
        copy.append(contentsOf: band)
        ready.append(copy)
        inFlight += 1
        condition.broadcast()
    }

    /// The next band in order, or nil once the producer closed the queue and it is empty.
    func pop() -> [UInt8]? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !closed { condition.wait() }
        return ready.isEmpty ? nil : ready.removeFirst()
    }

    /// Gives a consumed band's buffer back for the next copy.
    func recycle(_ band: [UInt8]) {
        condition.lock()
        spare.append(band)
        inFlight -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// The producer has finished (or failed): nothing more will be pushed.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer failed: the producer's next push throws instead of waiting.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
