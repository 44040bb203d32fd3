import Testing
@testable import Convolution
import Essentials

/// A plan band by band must give exactly what the whole-tensor entry points give (same kernels, same
/// summation order), for any band boundaries and every border; those are themselves checked against
/// the reference in Conv2DTests / DepthwiseConv2DTests.
@Suite struct ConvolutionPlanTests {
    /// Every image of `input` through `plan`, assembled from bands of pseudo-random heights (1 …
    /// `maxRows`) computed into NaN-filled buffers (so a value the plan forgets to write shows).
    static func assembled(_ plan: ConvolutionPlan, _ input: Tensor, rng: inout SplitMix64, maxRows: Int = 4) -> [Float] {
        let (batch, height) = (plan.outputShape[0], plan.outputShape[1])
        var result = [Float](repeating: .nan, count: batch * height * plan.rowFloats)
        for image in 0..<batch {
            var first = 0
            while first < height {
                let count = min(height - first, rng.int(1...maxRows))
                var scratch = [Float](repeating: .nan, count: plan.scratchFloats(rows: count))
                var band = [Float](repeating: .nan, count: count * plan.rowFloats)
                scratch.withUnsafeMutableBufferPointer { s in
                    band.withUnsafeMutableBufferPointer { b in
                        plan.compute(input, image: image, rows: first..<(first + count), into: b.baseAddress!, scratch: s.baseAddress!)
                    }
                }
                let start = (image * height + first) * plan.rowFloats
                result.replaceSubrange(start..<(start + band.count), with: band)
                first += count
            }
        }
        return result
    }

    static func randomOptions(_ rng: inout SplitMix64, round: Int) -> ConvolutionOptions {
        let padding: Padding = [Padding.same, .valid, .explicit(top: rng.int(0...2), bottom: rng.int(0...2), left: rng.int(0...3), right: rng.int(0...3))][rng.int(0...2)]
        return ConvolutionOptions(strides: (rng.int(1...2), round % 3 == 0 ? 2 : 1), padding: padding,
                                  dilations: (rng.int(1...2), rng.int(1...2)), border: Border.allCases[round % 4])
    }

    /// 40 random geometries (every border in turn) whose whole-tensor result `make` computes, with the
    /// plan for the same input; each must equal its bands assembled.
    static func sweep(seed: UInt64, channels choices: [Int],
                      _ make: (inout SplitMix64, _ round: Int, Tensor, _ kernel: (Int, Int), ConvolutionOptions) throws -> (Tensor, ConvolutionPlan)) throws {
        var rng = SplitMix64(seed: seed)
        var checked = 0
        for round in 0..<40 {
            let channels = choices[rng.int(0...choices.count - 1)]
            let kernel = (rng.int(1...5), rng.int(1...5))
            let options = Self.randomOptions(&rng, round: round)
            let shape = [rng.int(1...2), rng.int(1...11), rng.int(1...29), channels]
            guard (try? ConvolutionGeometry(inputShape: shape, kernelHeight: kernel.0, kernelWidth: kernel.1, options: options)) != nil else { continue }
            let input = try Tensor(shape: shape, scalars: rng.floats(shape.reduce(1, *)))
            let (whole, plan) = try make(&rng, round, input, kernel, options)
            #expect(plan.outputShape == whole.shape)
            #expect(Self.assembled(plan, input, rng: &rng) == whole.scalars, "round \(round): \(shape) ⊛ \(kernel) \(options)")
            checked += 1
        }
        #expect(checked >= 20)
    }

    @Test func convBandsEqualConv2D() throws {
        try Self.sweep(seed: 0x20_5B, channels: [1, 3, 4, 16]) { rng, _, input, kernel, options in
            let (channels, out) = (input.channels, [1, 8, 12, 20][rng.int(0...3)])
            let bank = try FilterBank(height: kernel.0, width: kernel.1, inChannels: channels, outChannels: out,
                                      weights: rng.floats(kernel.0 * kernel.1 * channels * out), bias: rng.floats(out))
            return (try conv2D(input, bank, options: options), try ConvolutionPlan(inputShape: input.shape, bank: bank, options: options))
        }
    }

    @Test func depthwiseBandsEqualDepthwiseConv2D() throws {
        try Self.sweep(seed: 0xD3_97, channels: [1, 3, 4, 12]) { rng, round, input, kernel, options in
            let multiplier = round % 4 == 0 ? 2 : 1
            let filter = try DepthwiseFilter(height: kernel.0, width: kernel.1, channels: input.channels, multiplier: multiplier,
                                             weights: rng.floats(kernel.0 * kernel.1 * input.channels * multiplier))
            return (try depthwiseConv2D(input, filter, options: options), try ConvolutionPlan(inputShape: input.shape, depthwise: filter, options: options))
        }
    }

    @Test func depthwiseBiasIsAddedAfterTheConvolution() throws {
        var rng = SplitMix64(seed: 0xB1A5)
        for multiplier in [1, 2] {
            let input = try Tensor(shape: [1, 6, 13, 3], scalars: rng.floats(6 * 13 * 3))
            let filter = try DepthwiseFilter(height: 3, width: 3, channels: 3, multiplier: multiplier, weights: rng.floats(27 * multiplier))
            let bias = rng.floats(3 * multiplier)
            var expected = try depthwiseConv2D(input, filter, options: .init(border: .replicate))
            for i in expected.scalars.indices { expected.scalars[i] += bias[i % bias.count] }
            let plan = try ConvolutionPlan(inputShape: input.shape, depthwise: filter, bias: bias, options: .init(border: .replicate))
            #expect(Self.assembled(plan, input, rng: &rng) == expected.scalars, "multiplier \(multiplier)")
            var whole = Tensor.empty
            try plan.convolve(input, into: &whole)
            #expect(whole == expected)
        }
        let filter = try DepthwiseFilter(kernel: [1, 2, 3, 4], height: 2, width: 2, channels: 3)
        #expect(throws: ConvolutionError.self) { try ConvolutionPlan(inputShape: [1, 4, 4, 3], depthwise: filter, bias: [1, 2]) }
    }

    @Test func onePlanServesManyInputsOfItsShape() throws {
        var rng = SplitMix64(seed: 0x9A1)
        let bank = try FilterBank(height: 3, width: 3, inChannels: 3, outChannels: 5, weights: rng.floats(135), bias: rng.floats(5))
        let plan = try ConvolutionPlan(inputShape: [2, 7, 9, 3], bank: bank, options: .init(border: .reflect))
        var output = Tensor.empty
        for _ in 0..<3 {
            let input = try Tensor(shape: [2, 7, 9, 3], scalars: rng.floats(2 * 7 * 9 * 3))
            try plan.convolve(input, into: &output)
            #expect(output == (try conv2D(input, bank, options: .init(border: .reflect))))
        }
        let before = output
        #expect(throws: ConvolutionError.self) { try plan.convolve(try Tensor(zeros: [1, 7, 9, 3]), into: &output) }
        #expect(output == before)
    }

    @Test func emptyImagesPadToZerosPlusBias() throws {
        // Explicit padding around a zero-width input: every tap reads padding, so only the bias remains.
        let input = try Tensor(shape: [1, 3, 0, 2], scalars: [])
        let bank = try FilterBank(height: 1, width: 3, inChannels: 2, outChannels: 2, weights: .init(repeating: 1, count: 12), bias: [0.5, -1])
        for border in Border.allCases {
            let options = ConvolutionOptions(padding: .explicit(top: 0, bottom: 0, left: 2, right: 2), border: border)
            let output = try conv2D(input, bank, options: options)
            #expect(output.shape == [1, 3, 2, 2])
            #expect(output.scalars == [0.5, -1, 0.5, -1, 0.5, -1, 0.5, -1, 0.5, -1, 0.5, -1], "\(border)")
            #expect(output == (try ReferenceConvolution.conv2D(input, bank, options: options)), "\(border)")
        }
    }

    @Test func mismatchedChannelsThrowLikeTheWholeTensorPath() throws {
        let filter = try DepthwiseFilter(kernel: [1, 2, 3, 4], height: 2, width: 2, channels: 2)
        #expect(throws: ConvolutionError.self) { try ConvolutionPlan(inputShape: [1, 4, 4, 3], depthwise: filter) }
        let bank = try FilterBank(height: 3, width: 3, inChannels: 2, outChannels: 1, weights: Array(repeating: 1, count: 18))
        #expect(throws: ConvolutionError.self) { try ConvolutionPlan(inputShape: [1, 4, 4, 3], bank: bank) }
        #expect(throws: ConvolutionError.self) { try ConvolutionPlan(inputShape: [4, 4, 3], bank: bank) }
    }
}
