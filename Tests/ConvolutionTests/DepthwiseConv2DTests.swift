import Testing
@testable import Convolution
import Essentials

/// The fast depthwise paths (flattened rows for multiplier 1, grouped conv otherwise) against the reference, every border.
@Suite struct DepthwiseConv2DTests {
    static func absolute(_ t: Tensor) -> Tensor { try! Tensor(shape: t.shape, scalars: t.scalars.map(abs)) }
    static func absolute(_ f: DepthwiseFilter) -> DepthwiseFilter {
        try! DepthwiseFilter(height: f.height, width: f.width, channels: f.channels, multiplier: f.multiplier, weights: f.weights.map(abs))
    }

    static func check(_ input: Tensor, _ filter: DepthwiseFilter, _ options: ConvolutionOptions, _ label: String) throws {
        let fast = try depthwiseConv2D(input, filter, options: options)
        let reference = try ReferenceConvolution.depthwiseConv2D(input, filter, options: options)
        let magnitude = try ReferenceConvolution.depthwiseConv2D(absolute(input), absolute(filter), options: options)
        expectClose(fast, reference, magnitude: magnitude, label)
    }

    @Test func randomizedSweepMatchesReference() throws {
        var rng = SplitMix64(seed: 0xDE97_4415E)
        var checked = 0
        for round in 0..<80 {
            let channels = [1, 2, 3, 4, 5, 16, 24][rng.int(0...6)]
            let multiplier = round % 3 == 0 ? rng.int(1...3) : 1
            let kh = rng.int(1...5), kw = rng.int(1...5)
            let padding: Padding = [Padding.same, .valid, .explicit(top: rng.int(0...2), bottom: rng.int(0...2), left: rng.int(0...3), right: rng.int(0...3))][rng.int(0...2)]
            // Horizontal stride 1 most of the time: that is the flattened-row path.
            let options = ConvolutionOptions(
                strides: (rng.int(1...3), round % 4 == 0 ? rng.int(2...3) : 1), padding: padding,
                dilations: (rng.int(1...3), rng.int(1...3)), border: Border.allCases[round % 4])
            let shape = [rng.int(1...3), rng.int(1...9), rng.int(1...23), channels]
            guard (try? ConvolutionGeometry(inputShape: shape, kernelHeight: kh, kernelWidth: kw, options: options)) != nil else { continue }
            let input = try Tensor(shape: shape, scalars: rng.floats(shape.reduce(1, *)))
            let filter = try DepthwiseFilter(
                height: kh, width: kw, channels: channels, multiplier: multiplier, weights: rng.floats(kh * kw * channels * multiplier))
            try Self.check(input, filter, options, "round \(round): \(shape) ⊛ [\(kh),\(kw),\(channels),\(multiplier)] \(options)")
            checked += 1
        }
        #expect(checked >= 40)
    }

    @Test func replicatedKernelOnRGBRows() throws {
        var rng = SplitMix64(seed: 3)
        // 45 px × 3 channels = 135 values: 4-vector groups, single vectors and a scalar tail.
        let input = try Tensor(shape: [1, 6, 45, 3], scalars: rng.floats(6 * 45 * 3))
        let blur = try DepthwiseFilter(kernel: [1, 2, 1, 2, 4, 2, 1, 2, 1].map { $0 / 16 }, height: 3, width: 3, channels: 3)
        for border in Border.allCases {
            try Self.check(input, blur, .init(border: border), "3×3 blur on RGB, \(border)")
        }
        // Hand check: a constant image stays constant under a normalised blur away from the border.
        let flat = try Tensor(shape: [1, 5, 5, 3], scalars: .init(repeating: 8, count: 75))
        let out = try depthwiseConv2D(flat, blur, options: .init(padding: .valid))
        #expect(out.shape == [1, 3, 3, 3])
        #expect(out.scalars.allSatisfy { abs($0 - 8) < 1e-5 })
    }

    @Test func manyChannelsUseTheGroupedPath() throws {
        var rng = SplitMix64(seed: 5)
        let input = try Tensor(shape: [1, 4, 5, 70], scalars: rng.floats(4 * 5 * 70))
        let filter = try DepthwiseFilter(height: 2, width: 3, channels: 70, multiplier: 1, weights: rng.floats(2 * 3 * 70))
        try Self.check(input, filter, .init(), "70 channels")
    }

    @Test func errorsAreThrownNotTrapped() throws {
        let input = try Tensor(shape: [1, 4, 4, 3], scalars: .init(repeating: 1, count: 48))
        let twoChannels = try DepthwiseFilter(height: 3, width: 3, channels: 2, multiplier: 1, weights: .init(repeating: 1, count: 18))
        #expect(throws: ConvolutionError.self) { try depthwiseConv2D(input, twoChannels) }
        let filter = try DepthwiseFilter(height: 5, width: 5, channels: 3, multiplier: 1, weights: .init(repeating: 1, count: 75))
        #expect(throws: ConvolutionError.self) { try depthwiseConv2D(input, filter, options: .init(padding: .valid)) }
        #expect(throws: ConvolutionError.self) { try depthwiseConv2D(input, filter, options: .init(strides: (1, 0))) }
    }

    @Test func intoReusesAndReshapes() throws {
        var rng = SplitMix64(seed: 9)
        let input = try Tensor(shape: [1, 5, 7, 3], scalars: rng.floats(105))
        let filter = try DepthwiseFilter(height: 3, width: 3, channels: 3, multiplier: 1, weights: rng.floats(27))
        var output = Tensor.empty
        try depthwiseConv2D(input, filter, into: &output)
        let first = output
        try depthwiseConv2D(input, filter, into: &output)
        #expect(output == first)
        let bank = try FilterBank(height: 3, width: 3, inChannels: 3, outChannels: 4, weights: rng.floats(108))
        try conv2D(input, bank, into: &output)
        let reference = try ReferenceConvolution.conv2D(input, bank)
        #expect(output.shape == [1, 5, 7, 4])
        #expect(zip(output.scalars, reference.scalars).allSatisfy { abs($0 - $1) <= 1e-4 })
        let before = output
        #expect(throws: ConvolutionError.self) { try conv2D(input, bank, options: .init(strides: (0, 0)), into: &output) }
        #expect(output == before)
    }
}
