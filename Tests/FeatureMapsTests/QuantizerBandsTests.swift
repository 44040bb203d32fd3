import Convolution
import Testing
@testable import FeatureMaps
import Essentials

/// The banded path (convolve a band, read it in cache) against the whole-tensor path it replaces:
/// `conv2D`/`depthwiseConv2D` into one float tensor, then `MapStatistics.computeChannels` and
/// `Quantizer.quantizeMaps` (both checked against hand-computed references in their own suites).
@Suite struct QuantizerBandsTests {
    static func values(_ count: Int, seed: UInt32) -> [Float] {
        var state = seed | 1
        return (0..<count).map { _ in
            state = state &* 1_664_525 &+ 1_013_904_223
            return Float(state >> 8) / Float(1 << 24) * 255
        }
    }

    static func expectSame(_ banded: [MapStatistics], _ whole: [MapStatistics]) {
        #expect(banded.count == whole.count)
        for (b, w) in zip(banded, whole) {
            #expect(b.min == w.min && b.max == w.max && b.count == w.count)
            #expect(abs(b.mean - w.mean) <= 1e-4 * max(1, abs(w.mean)))
        }
    }

    @Test(arguments: [Normalization.minmax, .clamp, .abs, .signed])
    func convMapsMatchTheWholeTensorPath(mode: Normalization) throws {
        let input = try Tensor(shape: [2, 13, 17, 3], scalars: Self.values(2 * 13 * 17 * 3, seed: 7))
        let bank = try FilterBank(height: 3, width: 3, inChannels: 3, outChannels: 5,
                                  weights: Self.values(135, seed: 11).map { $0 / 255 - 0.5 }, bias: [1, -2, 0, 3, 0.5])
        let whole = try conv2D(input, bank)
        let plan = try ConvolutionPlan(inputShape: input.shape, bank: bank)
        let pixels = 13 * 17
        for image in 0..<2 {
            let slice = Array(whole.scalars[(image * pixels * 5)..<((image + 1) * pixels * 5)])
            let expectedStatistics = slice.withUnsafeBufferPointer { MapStatistics.computeChannels($0, channels: 5) }
            // 17 · 5 floats per row, 40 floats per band: one-row bands, and a band of two rows elsewhere.
            for bandFloats in [40, 170, 10_000] {
                let statistics = Quantizer.bandStatistics(plan, input: .float(input), image: image, bandFloats: bandFloats)
                Self.expectSame(statistics, expectedStatistics)
                let transforms = statistics.map { QuantizationTransform(mode: mode, statistics: $0, maximum: 255) }
                var planes = (0..<5).map { _ in [UInt8](repeating: 0, count: pixels) }
                var expected = planes
                planes.withUnsafeMutableBufferPointers { destinations in
                    let collected = Quantizer.quantizeBandsGeneric(
                        plan, input: .float(input), image: image,
                        maps: (0..<5).map { Quantizer.MapTarget(channelOffsets: [$0], transform: transforms[$0], destination: destinations[$0]) },
                        collectingStatistics: true, bandFloats: bandFloats)
                    Self.expectSame(collected, expectedStatistics)
                }
                expected.withUnsafeMutableBufferPointers { destinations in
                    slice.withUnsafeBufferPointer { source in
                        Quantizer.quantizeMaps(source, pixelStride: 5, maps: (0..<5).map {
                            Quantizer.MapTarget(channelOffsets: [$0], transform: transforms[$0], destination: destinations[$0])
                        })
                    }
                }
                #expect(planes == expected, "image \(image), band of \(bandFloats) floats")
            }
        }
    }

    @Test func depthwiseColourMapsWithBiasMatchTheWholeTensorPath() throws {
        let input = try Tensor(shape: [1, 9, 11, 3], scalars: Self.values(9 * 11 * 3, seed: 3))
        // Two filters replicated over 3 channels: output channel c·2 + f, filter f's colour map reads [f, 2 + f, 4 + f].
        let kernel: [Float] = [0, -1, 0, -1, 5, -1, 0, -1, 0]
        var weights = [Float](repeating: 0, count: 9 * 3 * 2)
        for t in 0..<9 { for c in 0..<3 { weights[(t * 3 + c) * 2] = kernel[t]; weights[(t * 3 + c) * 2 + 1] = 1.0 / 9 } }
        let filter = try DepthwiseFilter(height: 3, width: 3, channels: 3, multiplier: 2, weights: weights)
        let bias: [Float] = [10, 0, 10, 0, 10, 0]
        var whole = try depthwiseConv2D(input, filter)
        for i in whole.scalars.indices { whole.scalars[i] += bias[i % 6] }
        let plan = try ConvolutionPlan(inputShape: input.shape, depthwise: filter, bias: bias)
        let offsets = [[0, 2, 4], [1, 3, 5]]
        let transform = QuantizationTransform(mode: .clamp, statistics: .empty, maximum: 255)
        var planes = offsets.map { _ in [UInt8](repeating: 0, count: 99 * 3) }
        var expected = planes
        let collected = planes.withUnsafeMutableBufferPointers { destinations in
            Quantizer.quantizeBandsGeneric(
                plan, input: .float(input), image: 0, maps: (0..<2).map { Quantizer.MapTarget(channelOffsets: offsets[$0], transform: transform, destination: destinations[$0]) },
                collectingStatistics: true, bandFloats: 66)
        }
        expected.withUnsafeMutableBufferPointers { destinations in
            whole.scalars.withUnsafeBufferPointer { source in
                Quantizer.quantizeMaps(source, pixelStride: 6, maps: (0..<2).map {
                    Quantizer.MapTarget(channelOffsets: offsets[$0], transform: transform, destination: destinations[$0])
                })
            }
        }
        #expect(planes == expected)
        Self.expectSame(collected, whole.scalars.withUnsafeBufferPointer { MapStatistics.computeChannels($0, channels: 6) })
    }

    @Test func sixteenBitBandsMatch() throws {
        let input = try Tensor(shape: [1, 6, 7, 1], scalars: Self.values(42, seed: 5))
        let bank = try FilterBank(height: 2, width: 2, inChannels: 1, outChannels: 1, weights: [1, -1, 0.5, 0.25])
        let whole = try conv2D(input, bank)
        let plan = try ConvolutionPlan(inputShape: input.shape, bank: bank)
        let statistics = Quantizer.bandStatistics(plan, input: .float(input), image: 0, bandFloats: 7)
        let transform = QuantizationTransform(mode: .minmax, statistics: statistics[0], maximum: 65535)
        var plane = [UInt16](repeating: 0, count: 42)
        _ = plane.withUnsafeMutableBufferPointer { destination in
            Quantizer.quantizeBands(plan, input: .float(input), image: 0, maps: [Quantizer.MapTarget(channelOffsets: [0], transform: transform, destination: destination)],
                                    collectingStatistics: false)
        }
        let expected = whole.scalars.withUnsafeBufferPointer {
            Quantizer.quantize16($0, pixelStride: 1, channelOffsets: [0], mode: .minmax, statistics: statistics[0])
        }
        #expect(plane == expected)
        #expect(plane.min() == 0 && plane.max() == 65535)
    }
}

/// The all-channels fast path against the per-map converter it stands in for.
@Suite struct QuantizerInterleavedTests {
    static func source(_ count: Int) -> [Float] {
        var values = QuantizerBandsTests.values(count, seed: 21).map { $0 * 2 - 300 }
        for (i, special) in [Float.nan, .infinity, -.infinity, 0, -0.0, 255.5, 254.5, 0.5].enumerated() where i * 7 < count {
            values[i * 7] = special
        }
        return values
    }

    static func compare<Pixel: FixedWidthInteger & UnsignedInteger & SendableMetatype>(
        _ pixel: Pixel.Type, channels: Int, offsets: [[Int]], mode: Normalization, pixels: Int
    ) -> Bool? {
        let values = source(pixels * channels)
        let maximum: Float = Pixel.self == UInt8.self ? 255 : 65535
        let transforms = offsets.enumerated().map { f, _ in
            QuantizationTransform(mode: mode, statistics: MapStatistics(min: -Float(f) - 100, max: Float(f) + 50, mean: 0, count: 1), maximum: maximum)
        }
        var fast = offsets.map { [Pixel](repeating: 7, count: pixels * $0.count) }
        var slow = fast
        let handled = fast.withUnsafeMutableBufferPointers { d in
            values.withUnsafeBufferPointer { s in
                Quantizer.quantizeInterleaved(s, channels: channels, maps: offsets.indices.map {
                    Quantizer.MapTarget(channelOffsets: offsets[$0], transform: transforms[$0], destination: d[$0])
                })
            }
        }
        guard handled else { return nil }
        slow.withUnsafeMutableBufferPointers { d in
            values.withUnsafeBufferPointer { s in
                Quantizer.quantizeMaps(s, pixelStride: channels, maps: offsets.indices.map {
                    Quantizer.MapTarget(channelOffsets: offsets[$0], transform: transforms[$0], destination: d[$0])
                }, minimumParallelWork: .max)
            }
        }
        return fast == slow
    }

    @Test(arguments: [Normalization.minmax, .clamp, .abs, .signed])
    func sameAsPerMapConversion(mode: Normalization) {
        // Conv maps (one channel each), depthwise colour maps, an odd channel count, an unread channel.
        #expect(Self.compare(UInt8.self, channels: 8, offsets: (0..<8).map { [$0] }, mode: mode, pixels: 301) == true)
        #expect(Self.compare(UInt8.self, channels: 12, offsets: (0..<4).map { [$0, 4 + $0, 8 + $0] }, mode: mode, pixels: 257) == true)
        #expect(Self.compare(UInt16.self, channels: 7, offsets: [[6, 0], [3]], mode: mode, pixels: 99) == true)
        #expect(Self.compare(UInt16.self, channels: 1, offsets: [[0]], mode: mode, pixels: 5) == true)
        // One map reading every channel in order: written straight into its destination.
        #expect(Self.compare(UInt8.self, channels: 3, offsets: [[0, 1, 2]], mode: mode, pixels: 77) == true)
    }

    @Test func declinesWhatItCannotDo() {
        // A channel in two maps, and more lanes than the fast path keeps (lcm(33, 16) = 528).
        #expect(Self.compare(UInt8.self, channels: 4, offsets: [[0, 1], [1]], mode: .clamp, pixels: 10) == nil)
        #expect(Self.compare(UInt8.self, channels: 33, offsets: [[0]], mode: .clamp, pixels: 10) == nil)
        let values = [Float](repeating: 1, count: 8)
        var planes = [[UInt8](repeating: 0, count: 4), [UInt8](repeating: 0, count: 4)]
        let mixed = planes.withUnsafeMutableBufferPointers { d in
            values.withUnsafeBufferPointer { s in
                Quantizer.quantizeInterleaved(s, channels: 2, maps: [
                    Quantizer.MapTarget(channelOffsets: [0], transform: QuantizationTransform(mode: .abs, statistics: .empty, maximum: 255), destination: d[0]),
                    Quantizer.MapTarget(channelOffsets: [1], transform: QuantizationTransform(mode: .clamp, statistics: .empty, maximum: 255), destination: d[1]),
                ])
            }
        }
        #expect(!mixed)
    }
}

fileprivate extension Array {
    /// Pointers to every element array of an array of arrays, for the duration of `body`.
    mutating func withUnsafeMutableBufferPointers<Element2, R>(_ body: ([UnsafeMutableBufferPointer<Element2>]) throws -> R) rethrows -> R
    where Element == [Element2] {
        var pointers: [UnsafeMutableBufferPointer<Element2>] = []
        for i in indices {
            let count = self[i].count
            let p = UnsafeMutableBufferPointer<Element2>.allocate(capacity: count)
            _ = p.initialize(from: self[i])
            pointers.append(p)
        }
        defer { pointers.forEach { $0.deallocate() } }
        let result = try body(pointers)
        for i in indices { self[i] = [Element2](pointers[i]) }
        return result
    }
}
