import Testing
@testable import Convolution
import Essentials

/// 8- and 16-bit samples converted inside the band fill give exactly the results of their float
/// tensor, on every path, whole or band by band, through the public and the pointer API.
@Suite struct InterleavedInputTests {
    @Test func samplesEqualTheirFloatTensorOnEveryPath() throws {
        var rng = SplitMix64(seed: 0x8B17)
        for (round, request) in PathRequest.allCases.enumerated() {
            for border in Border.allCases {
                let shape = [2, rng.int(5...19), rng.int(5...23), 3]
                let count = shape.reduce(1, *)
                let eight = try InterleavedSamples(shape: shape, samples: (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) })
                let sixteen = try InterleavedSamples(shape: shape, samples: (0..<count).map { _ in UInt16.random(in: 0...65535, using: &rng) })
                let size = 9 + round
                let options = ConvolutionOptions(strides: (1, 1 + round % 2), border: border)
                let filter = try DepthwiseFilter(kernel: rng.floats(size * size), height: size, width: size, channels: 3)
                let plan = try ConvolutionPlan(inputShape: shape, depthwise: filter, options: options, request: request)
                for (input, tensor) in [(ConvolutionInput.uint8(eight), eight.tensor), (.uint16(sixteen), sixteen.tensor)] {
                    var fromSamples = Tensor.empty, fromFloats = Tensor.empty
                    try plan.convolve(input, into: &fromSamples)
                    try plan.convolve(tensor, into: &fromFloats)
                    #expect(fromSamples == fromFloats, "\(request) \(border) \(input.shape)")
                    // The pointer API, one band of rows 2..<5 of image 1.
                    var band = [Float](repeating: .nan, count: 3 * plan.rowFloats)
                    var scratch = [Float](repeating: .nan, count: plan.scratchFloats(rows: 3))
                    band.withUnsafeMutableBufferPointer { b in
                        scratch.withUnsafeMutableBufferPointer { s in
                            plan.compute(input, image: 1, rows: 2..<5, into: b.baseAddress!, scratch: s.baseAddress!)
                        }
                    }
                    var expected = [Float](repeating: .nan, count: 3 * plan.rowFloats)
                    var scratch2 = [Float](repeating: .nan, count: plan.scratchFloats(rows: 3))
                    expected.withUnsafeMutableBufferPointer { b in
                        scratch2.withUnsafeMutableBufferPointer { s in
                            plan.compute(tensor, image: 1, rows: 2..<5, into: b.baseAddress!, scratch: s.baseAddress!)
                        }
                    }
                    #expect(band == expected, "\(request) \(border) band")
                }
            }
        }
    }

    @Test func referenceScheduleReadsSamplesToo() throws {
        // Dilation 10⁴ under SAME: the band would be absurd, so the plan runs the reference loops.
        var rng = SplitMix64(seed: 10_000)
        let shape = [1, 5, 6, 2]
        let samples = try InterleavedSamples(shape: shape, samples: (0..<60).map { _ in UInt8.random(in: 0...255, using: &rng) })
        let filter = try DepthwiseFilter(height: 3, width: 3, channels: 2, multiplier: 1, weights: rng.floats(18))
        let plan = try ConvolutionPlan(inputShape: shape, depthwise: filter, options: ConvolutionOptions(dilations: (10_000, 10_000), border: .reflect))
        #expect(plan.path == .reference)
        var fromSamples = Tensor.empty, fromFloats = Tensor.empty
        try plan.convolve(.uint8(samples), into: &fromSamples)
        try plan.convolve(samples.tensor, into: &fromFloats)
        #expect(fromSamples == fromFloats)
    }

    @Test func sixteenBitSamplesDivideBy257() throws {
        let samples = try InterleavedSamples<UInt16>(shape: [1, 1, 3, 1], samples: [0, 257, 65535])
        #expect(samples.tensor.scalars == [0, 1, 255])
        #expect(try InterleavedSamples<UInt8>(shape: [1, 1, 2, 1], samples: [7, 255]).tensor.scalars == [7, 255])
    }

    @Test func mismatchedSampleCountsAreRefused() {
        #expect(throws: ConvolutionError.self) { try InterleavedSamples<UInt8>(shape: [1, 2, 2, 3], samples: [1, 2, 3]) }
        #expect(throws: ConvolutionError.self) { try InterleavedSamples<UInt8>(shape: [1, 2, 3], samples: [1]) }
        #expect(throws: ConvolutionError.self) {
            let plan = try ConvolutionPlan(inputShape: [1, 4, 4, 1], depthwise: DepthwiseFilter(kernel: [1], height: 1, width: 1, channels: 1))
            var out = Tensor.empty
            try plan.convolve(.uint8(InterleavedSamples(shape: [1, 4, 5, 1], samples: [UInt8](repeating: 0, count: 20))), into: &out)
        }
    }
}
