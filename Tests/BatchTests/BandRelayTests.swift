import Foundation
import Testing
@testable import Batch

/// The two-thread hand-off of one map's bands: order, values, results and both sides' errors.
@Suite struct BandRelayTests {
    struct Broken: Error, Equatable { let side: String }

    /// Bands of `count` values each, band i filled with i (the producer reuses one buffer, as streamBands does).
    static func produce(bands: Int, count: Int, failingAt failure: Int? = nil)
        -> @Sendable ((UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Int {
        { emit in
            var buffer = [UInt8](repeating: 0, count: count)
            for band in 0..<bands {
                if band == failure { throw Broken(side: "produce") }
                for i in buffer.indices { buffer[i] = UInt8(band % 256) }
                try buffer.withUnsafeBufferPointer { try emit($0) }
            }
            return bands
        }
    }

    @Test(arguments: [1, 2, 4])
    func bandsArriveInOrderWithTheirValues(depth: Int) throws {
        var seen: [UInt8] = []
        let result = try BandRelay.run(depth: depth, produce: Self.produce(bands: 300, count: 1000)) { band in
            #expect(band.count == 1000 && band.allSatisfy { $0 == band[0] })
            seen.append(band[0])
        }
        #expect(result == 300)
        #expect(seen == (0..<300).map { UInt8($0 % 256) })
    }

    @Test func anErrorOfTheProducerReachesTheCallerAfterTheBandsBeforeIt() {
        var seen = 0
        #expect(throws: Broken(side: "produce")) {
            try BandRelay.run(produce: Self.produce(bands: 50, count: 10, failingAt: 7)) { _ in seen += 1 }
        }
        #expect(seen == 7)
    }

    @Test func anErrorOfTheConsumerStopsTheProducerInsteadOfWaitingForever() {
        var seen = 0
        #expect(throws: Broken(side: "consume")) {
            try BandRelay.run(produce: Self.produce(bands: 10_000, count: 10)) { _ in
                seen += 1
                if seen == 5 { throw Broken(side: "consume") }
            }
        }
        #expect(seen == 5)
    }
}
