import Testing
@testable import Convolution
import Essentials

/// Sweep helpers on the seeded generator, so every sweep case is reproducible from its seed.
extension SplitMix64 {
    mutating func floats(_ count: Int) -> [Float] { (0..<count).map { _ in Float.random(in: -1...1, using: &self) } }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
}

/// Compares two results element by element with a tolerance scaled by Σ|x·w| of each output, computed
/// independently here from the formula (float rounding differs with summation order, nothing else may).
func expectClose(_ fast: Tensor, _ reference: Tensor, magnitude: Tensor, _ label: String) {
    #expect(fast.shape == reference.shape, "\(label)")
    guard fast.shape == reference.shape else { return }
    var worst: Float = 0
    for i in 0..<fast.scalars.count {
        let tolerance = 1e-5 * magnitude.scalars[i] + 1e-6
        let error = abs(fast.scalars[i] - reference.scalars[i])
        if !(error <= tolerance) { worst = max(worst, error.isNaN ? .infinity : error / tolerance) }
    }
    #expect(worst == 0, "\(label): error up to \(worst)× tolerance")
}

/// The fast core against the plain reference over a randomized, fixed-seed sweep of geometries and borders.
@Suite struct Conv2DTests {
    /// Absolute values everywhere, so the reference yields Σ|x·w| + |bias| per output.
    static func absolute(_ t: Tensor) -> Tensor { try! Tensor(shape: t.shape, scalars: t.scalars.map(abs)) }
    static func absolute(_ b: FilterBank) -> FilterBank {
        try! FilterBank(height: b.height, width: b.width, inChannels: b.inChannels, outChannels: b.outChannels,
                        weights: b.weights.map(abs), bias: b.bias?.map(abs))
    }

    static func check(_ input: Tensor, _ bank: FilterBank, _ options: ConvolutionOptions, _ label: String) throws {
        let fast = try conv2D(input, bank, options: options)
        let reference = try ReferenceConvolution.conv2D(input, bank, options: options)
        let magnitude = try ReferenceConvolution.conv2D(absolute(input), absolute(bank), options: options)
        expectClose(fast, reference, magnitude: magnitude, label)
    }

    static func randomPadding(_ rng: inout SplitMix64) -> Padding {
        switch rng.int(0...2) {
        case 0: return .same
        case 1: return .valid
        default: return .explicit(top: rng.int(0...3), bottom: rng.int(0...3), left: rng.int(0...3), right: rng.int(0...3))
        }
    }

    @Test func randomizedSweepMatchesReference() throws {
        var rng = SplitMix64(seed: 0x5EED_0002)
        let inChannelChoices = [1, 2, 3, 4, 16]
        let outChannelChoices = [1, 3, 7, 8, 9, 12, 16, 17, 24, 33, 64]
        var checked = 0
        for round in 0..<80 {
            let cin = inChannelChoices[rng.int(0...4)]
            let cout = outChannelChoices[rng.int(0...outChannelChoices.count - 1)]
            let kh = rng.int(1...5), kw = rng.int(1...5)
            let options = ConvolutionOptions(
                strides: (rng.int(1...4), rng.int(1...4)), padding: Self.randomPadding(&rng),
                dilations: (rng.int(1...3), rng.int(1...3)), border: Border.allCases[round % 4])
            let shape = [rng.int(1...3), rng.int(1...13), rng.int(1...19), cin]
            let input = try Tensor(shape: shape, scalars: rng.floats(shape.reduce(1, *)))
            let bank = try FilterBank(
                height: kh, width: kw, inChannels: cin, outChannels: cout, weights: rng.floats(kh * kw * cin * cout),
                bias: rng.int(0...1) == 0 ? nil : rng.floats(cout))
            // Geometries with an empty output must throw the reference's error; skip them here.
            guard (try? ConvolutionGeometry(inputShape: shape, kernelHeight: kh, kernelWidth: kw, options: options)) != nil else { continue }
            try Self.check(input, bank, options, "round \(round): \(shape) ⊛ [\(kh),\(kw),\(cin),\(cout)] \(options)")
            checked += 1
        }
        #expect(checked >= 40)
    }

    @Test func wideRowsUseWholeBlocksAndShiftedTails() throws {
        var rng = SplitMix64(seed: 7)
        for (width, cout) in [(97, 8), (103, 16), (200, 12), (6, 32), (12, 5), (13, 40)] {
            let input = try Tensor(shape: [1, 3, width, 3], scalars: rng.floats(3 * width * 3))
            let bank = try FilterBank(height: 3, width: 3, inChannels: 3, outChannels: cout, weights: rng.floats(27 * cout), bias: rng.floats(cout))
            for border in Border.allCases {
                try Self.check(input, bank, .init(border: border), "width \(width) cout \(cout) \(border)")
            }
        }
    }

    @Test func threeWideKernelsSharingColumns() throws {
        // Stride 1, dilation 1, ≤ 8 outputs per group, 1/3/16 input channels: the column-sharing kernel.
        var rng = SplitMix64(seed: 19)
        for (cin, filterIn, cout, width, padding) in [
            (3, 3, 8, 40, Padding.same), (1, 1, 5, 12, .valid), (3, 3, 1, 29, .explicit(top: 1, bottom: 0, left: 2, right: 3)),
            (16, 4, 8, 25, .same), (16, 16, 7, 14, .same), (3, 1, 6, 33, .same),
        ] {
            let input = try Tensor(shape: [2, 5, width, cin], scalars: rng.floats(2 * 5 * width * cin))
            let bank = try FilterBank(height: 3, width: 3, inChannels: filterIn, outChannels: cout,
                                      weights: rng.floats(9 * filterIn * cout), bias: rng.floats(cout))
            try Self.check(input, bank, .init(strides: (2, 1), padding: padding, dilations: (2, 1)), "3-wide \(cin)/\(filterIn)→\(cout) w\(width)")
            try Self.check(input, bank, .init(padding: padding), "3-wide \(cin)/\(filterIn)→\(cout) w\(width) stride 1")
            try Self.check(input, bank, .init(padding: padding, border: .reflect), "3-wide \(cin)/\(filterIn)→\(cout) w\(width) reflect")
        }
    }

    @Test func groupedConvolutionMatchesReference() throws {
        var rng = SplitMix64(seed: 11)
        for (cin, filterIn, cout) in [(4, 2, 6), (16, 4, 8), (6, 1, 6), (16, 1, 32), (4, 1, 12)] {
            let input = try Tensor(shape: [2, 7, 9, cin], scalars: rng.floats(2 * 7 * 9 * cin))
            let bank = try FilterBank(height: 3, width: 2, inChannels: filterIn, outChannels: cout,
                                      weights: rng.floats(6 * filterIn * cout), bias: rng.floats(cout))
            try Self.check(input, bank, .init(strides: (1, 2)), "groups \(cin / filterIn) out \(cout)")
        }
    }

    @Test func kernelLargerThanInputUnderSame() throws {
        var rng = SplitMix64(seed: 13)
        let input = try Tensor(shape: [2, 3, 2, 2], scalars: rng.floats(24))
        let bank = try FilterBank(height: 7, width: 6, inChannels: 2, outChannels: 10, weights: rng.floats(7 * 6 * 2 * 10))
        for border in Border.allCases {
            // Padding larger than the image: reflect and wrap fold it back more than once.
            try Self.check(input, bank, .init(strides: (2, 1), dilations: (1, 2), border: border), "7×6 kernel on 3×2, \(border)")
        }
        let pixel = try Tensor(shape: [1, 1, 1, 2], scalars: [3, -2])
        for border in Border.allCases {
            try Self.check(pixel, bank, .init(border: border), "7×6 kernel on one pixel, \(border)")
        }
    }

    @Test func hugeDilationUnderSameStaysSmall() throws {
        // Effective kernel 20 001 × 28 001 on a 4×5 image: almost all taps read padding. The fast path
        // must not allocate a band that size (it hands over to the reference loops).
        var rng = SplitMix64(seed: 23)
        let input = try Tensor(shape: [1, 4, 5, 2], scalars: rng.floats(40))
        let bank = try FilterBank(height: 3, width: 3, inChannels: 2, outChannels: 3, weights: rng.floats(54))
        let filter = try DepthwiseFilter(height: 3, width: 3, channels: 2, multiplier: 1, weights: rng.floats(18))
        for border in Border.allCases {
            let options = ConvolutionOptions(dilations: (10_000, 14_000), border: border)
            try Self.check(input, bank, options, "huge dilation, \(border)")
            let fast = try depthwiseConv2D(input, filter, options: options)
            #expect(fast == (try ReferenceConvolution.depthwiseConv2D(input, filter, options: options)))
        }
    }

    @Test func oneByOneKernelWithBias() throws {
        var rng = SplitMix64(seed: 17)
        let input = try Tensor(shape: [3, 5, 4, 16], scalars: rng.floats(3 * 5 * 4 * 16))
        let bank = try FilterBank(height: 1, width: 1, inChannels: 16, outChannels: 33, weights: rng.floats(16 * 33), bias: rng.floats(33))
        try Self.check(input, bank, .init(padding: .valid), "1×1")
    }

    @Test func handComputedValue() throws {
        // 2×2 input, 2×2 kernel, VALID: 1·1 + 2·2 + 3·3 + 4·4 = 30, plus bias 0.5.
        let input = try Tensor(shape: [1, 2, 2, 1], scalars: [1, 2, 3, 4])
        let bank = try FilterBank(height: 2, width: 2, inChannels: 1, outChannels: 1, weights: [1, 2, 3, 4], bias: [0.5])
        #expect(try conv2D(input, bank, options: .init(padding: .valid)).scalars == [30.5])
    }

    @Test func errorsAreThrownNotTrapped() throws {
        let input = try Tensor(shape: [1, 4, 4, 3], scalars: .init(repeating: 1, count: 48))
        let bank = try FilterBank(height: 3, width: 3, inChannels: 2, outChannels: 4, weights: .init(repeating: 1, count: 72))
        #expect(throws: ConvolutionError.self) { try conv2D(input, bank) }
        let grouped = try FilterBank(height: 1, width: 1, inChannels: 1, outChannels: 4, weights: [1, 1, 1, 1])
        #expect(throws: ConvolutionError.self) { try conv2D(input, grouped) }  // 3 groups do not divide 4 outputs
        let ok = try FilterBank(height: 3, width: 3, inChannels: 3, outChannels: 2, weights: .init(repeating: 1, count: 54))
        #expect(throws: ConvolutionError.self) { try conv2D(input, ok, options: .init(strides: (0, 1))) }
        #expect(throws: ConvolutionError.self) { try conv2D(input, ok, options: .init(dilations: (1, 0))) }
        let big = try FilterBank(height: 5, width: 5, inChannels: 3, outChannels: 2, weights: .init(repeating: 1, count: 150))
        #expect(throws: ConvolutionError.self) { try conv2D(input, big, options: .init(padding: .valid)) }
        let empty = try Tensor(shape: [0, 4, 4, 3], scalars: [])
        #expect(try conv2D(empty, ok).shape == [0, 4, 4, 2])
    }
}
