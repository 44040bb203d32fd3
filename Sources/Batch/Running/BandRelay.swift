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
        let ring = BandRing(count: max(1, depth))
        let channel = HandOff<(slot: Int, count: Int)>(limit: ring.count)
        let finished = DispatchSemaphore(value: 0)
        let outcome = OutcomeBox<Result>()
        let producer = Thread {
            var band = 0
            outcome.value = Swift.Result {
                try produce { pixels in
                    guard channel.reserveSlot() else { throw RelayCancelled() }
                    // At most `depth` − 1 earlier bands are unconsumed now, so this slot is free.
                    let slot = band % ring.count
                    ring.store(pixels, in: slot)
                    channel.push((slot, pixels.count))
                    band += 1
                }
            }
            channel.finish()
            finished.signal()
        }
        producer.stackSize = 8 << 20
        producer.start()
        var consumeError: Error?
        while let band = channel.pop() {
            do {
                try consume(ring.band(band.slot, count: band.count))
                channel.releaseSlot()
            } catch {
                consumeError = error
                channel.cancel()
                break
            }
        }
        finished.wait()
        ring.deallocate()
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

/// The band buffers, reused round the ring: a band is copied once (a few hundred kilobytes,
/// microseconds) because the producer overwrites its own buffer for the next band. A slot is written
/// only by the producer and only while the consumer is not reading it (the hand-off's bound sees to that).
private final class BandRing: @unchecked Sendable {
    let count: Int
    private let slots: UnsafeMutableBufferPointer<UnsafeMutableBufferPointer<UInt8>>

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: UnsafeMutableBufferPointer(start: nil, count: 0))
    }

    /// Copies `pixels` into slot `slot`, growing it when the band is larger than any before.
    func store(_ pixels: UnsafeBufferPointer<UInt8>, in slot: Int) {
        if slots[slot].count < pixels.count {
            slots[slot].deallocate()
            slots[slot] = .allocate(capacity: pixels.count)
        }
        _ = UnsafeMutableBufferPointer(rebasing: slots[slot][0..<pixels.count]).initialize(from: pixels)
    }

    func band(_ slot: Int, count: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: slots[slot][0..<count])
    }

    func deallocate() {
        slots.forEach { $0.deallocate() }
        slots.deallocate()
    }
}
