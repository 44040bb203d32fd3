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
                    channel.releaseSlot()
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
