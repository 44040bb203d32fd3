import Testing
@testable import Convolution
import Essentials

/// `ConvolutionRows` band by band must give exactly what the whole-tensor fast entry points give (same
/// kernels, same summation order), for any band boundaries; those are themselves checked against the
/// reference in FastConvolutionTests / FastDepthwiseTests.
@Suite struct ConvolutionRowsTests {
    /// Every image of `rows` assembled from bands of pseudo-random heights.
    static func assembled(_ rows: ConvolutionRows, rng: inout SplitMix64) -> [Float] {
        let (batch, height) = (rows.outputShape[0], rows.outputShape[1])
        var result = [Float](repeating: .nan, count: batch * height * rows.rowFloats)
        for image in 0..<batch {
            var first = 0
            while first < height {
                let count = min(height - first, rng.int(1...4))
                let scratch = [Float](repeating: .nan, count: rows.scratchFloats(rows: count))
                var band = [Float](repeating: .nan, count: count * rows.rowFloats)
                scratch.withUnsafeBufferPointer { s in
                    band.withUnsafeMutableBufferPointer { b in
                        rows.compute(image: image, rows: first..<(first + count), into: b.baseAddress!,
                                     scratch: UnsafeMutablePointer(mutating: s.baseAddress!))
                    }
                }
                let start = (image * height + first) * rows.rowFloats
                result.replaceSubrange(start..<(start + band.count), with: band)
                first += count
            }
        }
        return result
    }

    static func randomOptions(_ rng: inout SplitMix64, round: Int) -> ConvolutionOptions {
        let padding: Padding = [Padding.same, .valid, .explicit(top: rng.int(0...2), bottom: rng.int(0...2), left: rng.int(0...3), right: rng.int(0...3))][rng.int(0...2)]
        return ConvolutionOptions(strides: (rng.int(1...2), round % 3 == 0 ? 2 : 1), padding: padding,
                                  dilations: (rng.int(1...2), rng.int(1...2)))
    }

    @Test func convBandsEqualConv2D() throws {
        var rng = SplitMix64(seed: 0x20_5B)
        var checked = 0
        for round in 0..<40 {
            let channels = [1, 3, 4, 16][rng.int(0...3)]
            let (kh, kw, out) = (rng.int(1...5), rng.int(1...5), [1, 8, 12, 20][rng.int(0...3)])
            let options = Self.randomOptions(&rng, round: round)
            let shape = [rng.int(1...2), rng.int(1...11), rng.int(1...29), channels]
            guard (try? ConvolutionGeometry(inputShape: shape, kernelHeight: kh, kernelWidth: kw, options: options)) != nil else { continue }
            let input = try Tensor(shape: shape, scalars: rng.floats(shape.reduce(1, *)))
            let bank = try FilterBank(height: kh, width: kw, inChannels: channels, outChannels: out,
                                      weights: rng.floats(kh * kw * channels * out), bias: rng.floats(out))
            let whole = try conv2D(input, bank, options: options)
            let rows = try ConvolutionRows(input, bank, options: options)
            #expect(rows.outputShape == whole.shape)
            #expect(Self.assembled(rows, rng: &rng) == whole.scalars, "round \(round): \(shape) ⊛ [\(kh),\(kw),\(channels),\(out)]")
            checked += 1
        }
        #expect(checked >= 20)
    }

    @Test func depthwiseBandsEqualDepthwiseConv2D() throws {
        var rng = SplitMix64(seed: 0xD3_97)
        var checked = 0
        for round in 0..<40 {
            let channels = [1, 3, 4, 12][rng.int(0...3)]
            let multiplier = round % 4 == 0 ? 2 : 1
            let (kh, kw) = (rng.int(1...5), rng.int(1...5))
            let options = Self.randomOptions(&rng, round: round)
            let shape = [rng.int(1...2), rng.int(1...11), rng.int(1...29), channels]
            guard (try? ConvolutionGeometry(inputShape: shape, kernelHeight: kh, kernelWidth: kw, options: options)) != nil else { continue }
            let input = try Tensor(shape: shape, scalars: rng.floats(shape.reduce(1, *)))
            let filter = try DepthwiseFilter(height: kh, width: kw, channels: channels, multiplier: multiplier,
                                             weights: rng.floats(kh * kw * channels * multiplier))
            let whole = try depthwiseConv2D(input, filter, options: options)
            let rows = try ConvolutionRows(input, depthwise: filter, options: options)
            #expect(rows.outputShape == whole.shape)
            #expect(Self.assembled(rows, rng: &rng) == whole.scalars, "round \(round): \(shape) ⊛ [\(kh),\(kw),\(channels),\(multiplier)]")
            checked += 1
        }
        #expect(checked >= 20)
    }

    @Test func mismatchedChannelsThrowLikeTheWholeTensorPath() throws {
        let input = try Tensor(zeros: [1, 4, 4, 3])
        let filter = try DepthwiseFilter(kernel: [1, 2, 3, 4], height: 2, width: 2, channels: 2)
        #expect(throws: ConvolutionError.self) { try ConvolutionRows(input, depthwise: filter) }
        let bank = try FilterBank(height: 3, width: 3, inChannels: 2, outChannels: 1, weights: Array(repeating: 1, count: 18))
        #expect(throws: ConvolutionError.self) { try ConvolutionRows(input, bank) }
    }
}
