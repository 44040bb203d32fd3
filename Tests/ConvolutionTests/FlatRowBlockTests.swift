import Testing
@testable import Convolution
import Essentials

/// Eight output rows at a time (`FlatRowBlock`, dense depthwise kernels 2…7 high) against the
/// reference, and bit for bit against the same plan run one row per band (the row loop alone): the
/// block and the row loop must sum every value in the same order, whatever the band split.
@Suite struct FlatRowBlockTests {
    /// The flattened-row algorithm of `plan`, if it runs one.
    static func flatRow(_ plan: ConvolutionPlan) -> FlatRowDepthwise? {
        guard case .banded(_, let algorithm) = plan.schedule else { return nil }
        return algorithm as? FlatRowDepthwise
    }

    @Test func blocksMatchTheReferenceAndTheRowLoop() throws {
        var rng = SplitMix64(seed: 0xB10C_8)
        var blocked = 0
        for round in 0..<48 {
            // Every height 2…7 eight times; widths with and without a scalar tail per row.
            let (kh, kw) = (2 + round % 6, rng.int(1...6))
            let channels = [1, 2, 3, 4, 5, 16][rng.int(0...5)]
            let padding: Padding = [Padding.same, .valid, .explicit(top: rng.int(0...3), bottom: rng.int(0...3), left: rng.int(0...3), right: rng.int(0...3))][rng.int(0...2)]
            let options = ConvolutionOptions(padding: padding, dilations: (1, rng.int(1...2)), border: Border.allCases[round % 4])
            let shape = [rng.int(1...2), rng.int(10...27), rng.int(1...30), channels]
            guard (try? ConvolutionGeometry(inputShape: shape, kernelHeight: kh, kernelWidth: kw, options: options)) != nil else { continue }
            let label = "round \(round): \(shape) ⊛ [\(kh),\(kw),\(channels),1] \(options)"
            let input = try Tensor(shape: shape, scalars: rng.floats(shape.reduce(1, *)))
            let filter = try DepthwiseFilter(height: kh, width: kw, channels: channels, multiplier: 1, weights: rng.floats(kh * kw * channels))
            let plan = try ConvolutionPlan(inputShape: shape, depthwise: filter, options: options, request: .direct)
            #expect(Self.flatRow(plan)?.blockHeight == kh, "\(label)")
            if plan.outputShape[1] >= 8 { blocked += 1 }

            let bands = ConvolutionPlanTests.assembled(plan, input, rng: &rng, maxRows: 20)
            let rows = ConvolutionPlanTests.assembled(plan, input, rng: &rng, maxRows: 1)
            #expect(bands == rows, "\(label): blocks and the row loop disagree")
            var whole = Tensor.empty
            try plan.convolve(input, into: &whole)
            #expect(whole.scalars == bands, "\(label): whole tensor")

            let reference = try ReferenceConvolution.depthwiseConv2D(input, filter, options: options)
            let magnitude = try ReferenceConvolution.depthwiseConv2D(
                DepthwiseConv2DTests.absolute(input), DepthwiseConv2DTests.absolute(filter), options: options)
            expectClose(whole, reference, magnitude: magnitude, label)
        }
        #expect(blocked >= 30)
    }

    @Test func otherGeometriesKeepTheRowLoop() throws {
        var rng = SplitMix64(seed: 0x50_11)
        let shape = [1, 20, 9, 3]
        func plan(_ kh: Int, _ options: ConvolutionOptions = .init(), zeroTap: Bool = false, _ request: PathRequest = .direct) throws -> ConvolutionPlan {
            var weights = rng.floats(kh * 3 * 3)
            if zeroTap { for c in 0..<3 { weights[c] = 0 } }
            return try ConvolutionPlan(inputShape: shape, depthwise: DepthwiseFilter(height: kh, width: 3, channels: 3, multiplier: 1, weights: weights),
                                       options: options, request: request)
        }
        #expect(Self.flatRow(try plan(1))?.blockHeight == nil)
        #expect(Self.flatRow(try plan(8))?.blockHeight == nil)
        #expect(Self.flatRow(try plan(3, .init(strides: (2, 1))))?.blockHeight == nil)
        #expect(Self.flatRow(try plan(3, .init(dilations: (2, 1))))?.blockHeight == nil)
        // A tap that is zero in every channel: the direct core keeps it (and blocks), the sparse one drops it.
        #expect(Self.flatRow(try plan(3, zeroTap: true))?.blockHeight == 3)
        #expect(Self.flatRow(try plan(3, zeroTap: true, .sparse))?.blockHeight == nil)
    }

    @Test func bandsAreWholeBlocks() throws {
        let filter = try DepthwiseFilter(kernel: [1, 2, 1, 2, 4, 2, 1, 2, 1], height: 3, width: 3, channels: 3)
        let plan = try ConvolutionPlan(inputShape: [1, 100, 40, 3], depthwise: filter)
        let flat = try #require(Self.flatRow(plan))
        #expect([1, 3, 4, 6, 10, 12, 19, 20].map { flat.bandRows(budgetRows: $0) } == [1, 3, 8, 8, 8, 16, 16, 24])
        // The plan's bands for a budget: whole blocks, capped by the image.
        #expect(plan.bandRows(budgetFloats: 10 * plan.rowFloats) == 8)
        #expect(try ConvolutionPlan(inputShape: [1, 5, 40, 3], depthwise: filter).bandRows(budgetFloats: 10 * plan.rowFloats) == 5)
        // Without blocking the budget is taken as it is.
        let strided = try #require(Self.flatRow(try ConvolutionPlan(inputShape: [1, 100, 40, 3], depthwise: filter, options: .init(strides: (2, 1)))))
        #expect([1, 6, 10].map { strided.bandRows(budgetRows: $0) } == [1, 6, 10])
    }
}
