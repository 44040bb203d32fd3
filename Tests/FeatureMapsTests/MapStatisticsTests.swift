import Testing
@testable import FeatureMaps

/// Statistics and quantisation read maps straight out of NHWC output buffers.
@Suite struct MapStatisticsTests {
    /// Plain Double reference: min, max, mean of the non-NaN values.
    func reference(_ values: [Float]) -> (min: Float, max: Float, mean: Double, count: Int) {
        let kept = values.filter { !$0.isNaN }
        return (kept.min() ?? .nan, kept.max() ?? .nan, kept.reduce(0.0) { $0 + Double($1) } / Double(kept.count), kept.count)
    }

    /// Every channel of an interleaved buffer to its own plane, in one `quantizeMaps` pass.
    static func planes<Pixel: FixedWidthInteger & UnsignedInteger & SendableMetatype>(
        _ source: UnsafeBufferPointer<Float>, channels: Int, mode: Normalization, statistics: [MapStatistics], maximum: Float
    ) -> [[Pixel]] {
        let pixels = source.count / channels
        let storage = (0..<channels).map { _ in UnsafeMutableBufferPointer<Pixel>.allocate(capacity: pixels) }
        defer { storage.forEach { $0.deallocate() } }
        let targets = (0..<channels).map { c in
            Quantizer.MapTarget(channelOffsets: [c], transform: QuantizationTransform(mode: mode, statistics: statistics[c], maximum: maximum),
                                destination: storage[c])
        }
        Quantizer.quantizeMaps(source, pixelStride: channels, maps: targets, minimumParallelWork: 1 << 20)
        return storage.map { Array($0) }
    }

    /// Deterministic pseudo-random values (a small LCG, so failures reproduce).
    func values(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 200_000) / 100 - 1000
        }
    }

    @Test func convLayoutStridedMap() {
        // [1, 2, 2, 3] output: pixel p holds (f0, f1, f2) = (p, 10p − 5, −p).
        let buffer: [Float] = [0, -5, 0, 1, 5, -1, 2, 15, -2, 3, 25, -3]
        buffer.withUnsafeBufferPointer { source in
            let f1 = MapStatistics.compute(source, pixelStride: 3, channelOffsets: [1])
            #expect(f1 == MapStatistics(min: -5, max: 25, mean: 10, count: 4))
            let all = MapStatistics.computeChannels(source, channels: 3)
            #expect(all[0] == MapStatistics(min: 0, max: 3, mean: 1.5, count: 4))
            #expect(all[1] == f1)
            #expect(all[2] == MapStatistics(min: -3, max: 0, mean: -1.5, count: 4))
            // minmax of f1: (v + 5) · 255 / 30 → 0, 85, 170, 255
            let pixels = Quantizer.quantize8(source, pixelStride: 3, channelOffsets: [1], mode: .minmax, statistics: f1)
            #expect(pixels == [0, 85, 170, 255])
            // All three planes in one pass: f0 = p → p · 85, f1 as above; then f2 = −p under abs.
            let planes: [[UInt8]] = Self.planes(source, channels: 3, mode: .minmax, statistics: all, maximum: 255)
            #expect(planes == [[0, 85, 170, 255], [0, 85, 170, 255], [255, 170, 85, 0]])  // f2 = −p: (3 − p) · 85
            let absolute: [[UInt16]] = Self.planes(source, channels: 3, mode: .abs, statistics: all, maximum: 65535)
            #expect(absolute[2] == [0, 257, 514, 771])
        }
    }

    @Test func depthwiseColourLayout() {
        // C = 2 channels, F = 3 filters: output channel c·3 + f holds 100c + 10f + p for pixel p.
        var buffer = [Float]()
        for p in 0..<2 { for c in 0..<2 { for f in 0..<3 { buffer.append(Float(100 * c + 10 * f + p)) } } }
        buffer.withUnsafeBufferPointer { source in
            let offsets = [2, 5]  // filter 2 on channels 0 and 1
            let statistics = MapStatistics.compute(source, pixelStride: 6, channelOffsets: offsets)
            #expect(statistics == MapStatistics(min: 20, max: 121, mean: 70.5, count: 4))
            #expect(statistics == MapStatistics.merging(MapStatistics.computeChannels(source, channels: 6).enumerated()
                .filter { offsets.contains($0.offset) }.map(\.element)))
            // clamp keeps values; the destination is interleaved per pixel: (c0, c1) of p0 then p1.
            let pixels = Quantizer.quantize8(source, pixelStride: 6, channelOffsets: offsets, mode: .clamp, statistics: statistics)
            #expect(pixels == [20, 120, 21, 121])
            // Same map with the colour order reversed (offsets decide the output channel order).
            let reversed = Quantizer.quantize16(source, pixelStride: 6, channelOffsets: [5, 2], mode: .clamp, statistics: statistics)
            let expected: [UInt16] = [30840, 5140, 31097, 5397]  // v · 257
            #expect(reversed == expected)
        }
    }

    @Test(arguments: [1, 3, 5, 8, 24, 37])
    func computeChannelsMatchesAPlainLoop(channels: Int) {
        var buffer = values(channels * 1500 + channels * 7, seed: UInt64(channels))
        buffer[channels * 3] = .nan  // ignored
        buffer.withUnsafeBufferPointer { source in
            let all = MapStatistics.computeChannels(source, channels: channels)
            for c in 0..<channels {
                let expected = reference(stride(from: c, to: buffer.count, by: channels).map { buffer[$0] })
                #expect(all[c].min == expected.min && all[c].max == expected.max && all[c].count == expected.count)
                #expect(abs(Double(all[c].mean) - expected.mean) <= 1e-4 * max(1, abs(expected.mean)), "channel \(c)")
                let single = MapStatistics.compute(source, pixelStride: channels, channelOffsets: [c])
                #expect(single.isClose(to: all[c]))
            }
        }
    }

    @Test func emptyAndAllNaNMaps() {
        let nan: [Float] = [.nan, .nan]
        nan.withUnsafeBufferPointer { source in
            let statistics = MapStatistics.compute(source, pixelStride: 1, channelOffsets: [0])
            #expect(statistics.count == 0 && statistics.min.isNaN && statistics.max.isNaN)
            #expect(MapStatistics.computeChannels(source, channels: 2).allSatisfy { $0.count == 0 })
            #expect(Quantizer.quantize8(source, pixelStride: 1, channelOffsets: [0], mode: .minmax, statistics: statistics) == [0, 0])
        }
        let empty: [Float] = []
        empty.withUnsafeBufferPointer { source in
            #expect(MapStatistics.compute(source, pixelStride: 1, channelOffsets: [0]).count == 0)
        }
    }

    @Test func fusedMultiMapPassEqualsOneMapAtATime() {
        // The parallel path (lowered threshold), with a pixel count that does not split evenly into 8 chunks.
        let filters = 4, pixels = 4099
        let buffer = values(pixels * filters, seed: 99)
        buffer.withUnsafeBufferPointer { source in
            let statistics = MapStatistics.computeChannels(source, channels: filters)
            var fused = [[UInt8]](repeating: [UInt8](repeating: 0, count: pixels), count: filters)
            let modes: [Normalization] = [.minmax, .clamp, .abs, .signed]
            let storage = fused.map { _ in UnsafeMutableBufferPointer<UInt8>.allocate(capacity: pixels) }
            defer { storage.forEach { $0.deallocate() } }
            let targets = (0..<filters).map { f in
                Quantizer.MapTarget(channelOffsets: [f],
                                    transform: QuantizationTransform(mode: modes[f], statistics: statistics[f], maximum: 255),
                                    destination: storage[f])
            }
            Quantizer.quantizeMaps(source, pixelStride: filters, maps: targets, minimumParallelWork: 1000)
            for f in 0..<filters {
                fused[f] = Array(storage[f])
                let single = Quantizer.quantize8(source, pixelStride: filters, channelOffsets: [f], mode: modes[f], statistics: statistics[f])
                #expect(fused[f] == single, "map \(f)")
                // Spot-check against the formula.
                let transform = QuantizationTransform(mode: modes[f], statistics: statistics[f], maximum: 255)
                for p in stride(from: 0, to: pixels, by: 7) {
                    #expect(Float(fused[f][p]) == transform.apply(buffer[p * filters + f]))
                }
            }
        }
    }
}

extension MapStatistics {
    /// Whether the values are the same up to `tolerance` (relative to the larger magnitude): statistics
    /// computed in a different order differ in the mean's last bits.
    func isClose(to other: MapStatistics, tolerance: Float = 1e-5) -> Bool {
        func close(_ a: Float, _ b: Float) -> Bool {
            (a.isNaN && b.isNaN) || Swift.abs(a - b) <= tolerance * Swift.max(1, Swift.abs(a), Swift.abs(b))
        }
        return count == other.count && close(min, other.min) && close(max, other.max) && close(mean, other.mean)
    }
}
