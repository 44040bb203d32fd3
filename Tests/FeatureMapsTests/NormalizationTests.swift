import Testing
@testable import FeatureMaps

/// Each normalisation against values computed by hand from the formulas
/// (round = half to even, as documented on `Normalization`).
@Suite struct NormalizationTests {
    /// A one-channel map through `Quantizer.quantize8` with statistics computed by `MapStatistics`.
    func pixels8(_ values: [Float], _ mode: Normalization) -> [UInt8] {
        values.withUnsafeBufferPointer { source in
            let statistics = MapStatistics.compute(source, pixelStride: 1, channelOffsets: [0])
            return Quantizer.quantize8(source, pixelStride: 1, channelOffsets: [0], mode: mode, statistics: statistics)
        }
    }

    func pixels16(_ values: [Float], _ mode: Normalization) -> [UInt16] {
        values.withUnsafeBufferPointer { source in
            let statistics = MapStatistics.compute(source, pixelStride: 1, channelOffsets: [0])
            return Quantizer.quantize16(source, pixelStride: 1, channelOffsets: [0], mode: mode, statistics: statistics)
        }
    }

    let map: [Float] = [-2, -1, 0, 1, 2, 6]

    @Test func minmax() {
        // (v + 2) · 255 / 8 = 0, 31.875, 63.75, 95.625, 127.5, 255
        #expect(pixels8(map, .minmax) == [0, 32, 64, 96, 128, 255])
        // (v + 2) · 65535 / 8 = 0, 8191.875, 16383.75, 24575.625, 32767.5 (→ even 32768), 65535
        #expect(pixels16(map, .minmax) == [0, 8192, 16384, 24576, 32768, 65535])
    }

    @Test func constantMapIsZeroUnderMinmax() {
        #expect(pixels8([7, 7, 7], .minmax) == [0, 0, 0])
        #expect(pixels16([-3, -3], .minmax) == [0, 0])
    }

    @Test func clampRoundsHalfToEven() {
        let values: [Float] = [-3, 0.5, 1.5, 2.5, 2.6, 254.5, 255, 300, .nan]
        #expect(pixels8(values, .clamp) == [0, 0, 2, 2, 3, 254, 255, 255, 0])
        // 16-bit: clip(v · 257, 0, 65535): 0.5·257 = 128.5 → 128, 1.5·257 = 385.5 → 386, 2.5·257 = 642.5 → 642
        #expect(pixels16(values, .clamp) == [0, 128, 386, 642, 668, 65406, 65535, 65535, 0])
        #expect(pixels8(map, .clamp) == [0, 0, 0, 1, 2, 6])
    }

    @Test func absTakesTheMagnitude() {
        #expect(pixels8(map, .abs) == [2, 1, 0, 1, 2, 6])
        #expect(pixels8([-300, -254.5, -0.5], .abs) == [255, 254, 0])
        #expect(pixels16(map, .abs) == [514, 257, 0, 257, 514, 1542])
    }

    @Test func signedPutsZeroAtMidGray() {
        // 127.5 + 127.5 · v / 6: 85, 106.25, 127.5 (→ 128), 148.75, 170, 255
        #expect(pixels8(map, .signed) == [85, 106, 128, 149, 170, 255])
        // 32767.5 + 32767.5 · v / 6: 21845, 27306.25, 32767.5 (→ 32768), 38228.75, 43690, 65535
        #expect(pixels16(map, .signed) == [21845, 27306, 32768, 38229, 43690, 65535])
        // Largest magnitude negative: −4 → 0, 2 → 127.5 + 63.75 = 191.25
        #expect(pixels8([-4, 2], .signed) == [0, 191])
    }

    @Test func allZeroMapUnderSignedIsMidGray() {
        #expect(pixels8([0, 0, 0], .signed) == [128, 128, 128])
        #expect(pixels16([0, 0], .signed) == [32768, 32768])
        #expect(pixels8([5, 5], .signed) == [255, 255])
    }

    @Test func transformApplyMatchesTheQuantizer() {
        // Two formulations of the rounding (Float.rounded vs the 2²³ trick) must agree, ties included.
        var values = [Float]()
        for i in -1200...1200 { values.append(Float(i) / 4) }
        values += [.nan, .infinity, -.infinity, 1e30, -1e30]
        for mode in Normalization.allCases {
            let statistics = MapStatistics(min: -300, max: 300, mean: 0, count: values.count)
            for maximum: Float in [255, 65535] {
                let transform = QuantizationTransform(mode: mode, statistics: statistics, maximum: maximum)
                for value in values {
                    #expect(Float(Quantizer.pixelBits(transform, value)) == transform.apply(value), "\(mode) \(value)")
                }
            }
        }
    }

    @Test func nonFiniteRangeIsTreatedAsConstant() {
        let statistics = MapStatistics(min: -.infinity, max: 3, mean: 0, count: 2)
        #expect(QuantizationTransform(mode: .minmax, statistics: statistics, maximum: 255).apply(3) == 0)
        #expect(QuantizationTransform(mode: .signed, statistics: statistics, maximum: 255).apply(3) == 128)
        #expect(QuantizationTransform(mode: .minmax, statistics: .empty, maximum: 255).apply(1) == 0)
    }

    @Test func defaults() {
        #expect(Normalization.defaultFor(depthwise: false) == .minmax)
        #expect(Normalization.defaultFor(depthwise: true) == .clamp)
        #expect(Normalization(rawValue: "signed") == .signed)
    }
}
