import Testing
@testable import Convolution
import Essentials

/// Every schedule (direct, sparse, separable/low-rank, FFT) against a float64 direct reference on
/// random small sizes, every border, strides and dilations, conv (summed over channels, 3-D kernels)
/// and depthwise; within 1e-4 of the map's largest magnitude.
@Suite struct LargeKernelPathTests {
    /// tf.nn.conv2d / depthwise_conv2d in Double straight from the formula, borders by `Border.sourceIndex`.
    static func reference(_ input: Tensor, _ slices: KernelSlices, _ g: ConvolutionGeometry, border: Border, bias: [Float]?) -> [Double] {
        var out = [Double]()
        let kernels = slices.pairs.map { (pair: $0, k: slices.kernel(output: $0.output, input: $0.input)) }
        for b in 0..<g.batch {
            for i in 0..<g.outHeight {
                for j in 0..<g.outWidth {
                    var values = [Double](repeating: 0, count: slices.outChannels)
                    for (pair, k) in kernels {
                        var sum = 0.0
                        for m in 0..<slices.height {
                            guard let y = border.sourceIndex(i * g.strideH + m * g.dilationH - g.rows.padBefore, length: g.inHeight) else { continue }
                            for n in 0..<slices.width {
                                guard let x = border.sourceIndex(j * g.strideW + n * g.dilationW - g.cols.padBefore, length: g.inWidth) else { continue }
                                sum += Double(input[b, y, x, pair.input]) * Double(k[m * slices.width + n])
                            }
                        }
                        values[pair.output] += sum
                    }
                    for o in 0..<values.count { out.append(values[o] + Double(bias?[o] ?? 0)) }
                }
            }
        }
        return out
    }

    /// The largest error relative to the largest magnitude of the reference map.
    static func relativeError(_ fast: [Float], _ reference: [Double]) -> Double {
        let scale = max(1e-30, reference.map(abs).max() ?? 0)
        var worst = 0.0
        for (a, b) in zip(fast, reference) { worst = max(worst, abs(Double(a) - b) / scale) }
        return fast.count == reference.count ? worst : .infinity
    }

    /// Kernels of a given structure, row-major.
    static func kernel(_ structure: Int, height: Int, width: Int, rng: inout SplitMix64) -> [Float] {
        switch structure {
        case 0:  // dense random
            return rng.floats(height * width)
        case 1, 2:  // rank 1 or 2
            var k = [Float](repeating: 0, count: height * width)
            for _ in 0..<structure {
                let (u, v) = (rng.floats(height), rng.floats(width))
                for t in k.indices { k[t] += u[t / width] * v[t % width] }
            }
            return k
        default:  // sparse: a few taps
            var k = [Float](repeating: 0, count: height * width)
            for _ in 0..<max(1, height * width / 8) { k[rng.int(0...(height * width - 1))] = rng.floats(1)[0] }
            return k
        }
    }

    /// One random case on `request`: conv (1–3 in, 1–3 out, bias) or depthwise (multiplier 1–2).
    static func check(_ request: PathRequest, seed: UInt64, rounds: Int) throws {
        var rng = SplitMix64(seed: seed)
        var checked = 0
        for round in 0..<rounds {
            let (kh, kw) = (rng.int(1...9), rng.int(2...9))
            let channels = rng.int(1...3)
            let shape = [rng.int(1...2), rng.int(1...23), rng.int(1...37), channels]
            let padding: Padding = [Padding.same, .valid, .explicit(top: rng.int(0...3), bottom: rng.int(0...2), left: rng.int(0...4), right: rng.int(0...2))][round % 3]
            let options = ConvolutionOptions(strides: (rng.int(1...2), rng.int(1...2)), padding: padding,
                                             dilations: (rng.int(1...2), rng.int(1...2)), border: Border.allCases[round % 4])
            guard let geometry = try? ConvolutionGeometry(inputShape: shape, kernelHeight: kh, kernelWidth: kw, options: options) else { continue }
            let input = try Tensor(shape: shape, scalars: rng.floats(shape.reduce(1, *)))
            let structure = round % 4
            let plan: ConvolutionPlan, slices: KernelSlices, bias: [Float]?
            if round % 2 == 0 {
                let out = rng.int(1...3)
                var weights = [Float](repeating: 0, count: kh * kw * channels * out)
                for o in 0..<out {
                    for c in 0..<channels {
                        let k = kernel(structure, height: kh, width: kw, rng: &rng)
                        for t in 0..<(kh * kw) { weights[(t * channels + c) * out + o] = k[t] }
                    }
                }
                let bank = try FilterBank(height: kh, width: kw, inChannels: channels, outChannels: out, weights: weights, bias: rng.floats(out))
                plan = try ConvolutionPlan(inputShape: shape, bank: bank, options: options, request: request)
                (slices, bias) = (KernelSlices(bank), bank.bias)
            } else {
                let multiplier = rng.int(1...2)
                var weights = [Float](repeating: 0, count: kh * kw * channels * multiplier)
                for o in 0..<(channels * multiplier) {
                    let k = kernel(structure, height: kh, width: kw, rng: &rng)
                    for t in 0..<(kh * kw) { weights[t * channels * multiplier + o] = k[t] }
                }
                let filter = try DepthwiseFilter(height: kh, width: kw, channels: channels, multiplier: multiplier, weights: weights)
                bias = rng.int(0...1) == 0 ? nil : rng.floats(channels * multiplier)
                plan = try ConvolutionPlan(inputShape: shape, depthwise: filter, bias: bias, options: options, request: request)
                slices = KernelSlices(filter)
            }
            var output = Tensor.empty
            try plan.convolve(input, into: &output)
            let expected = reference(input, slices, geometry, border: options.border, bias: bias)
            let error = relativeError(output.scalars, expected)
            #expect(error <= 1e-4, "\(request) round \(round): \(shape) ⊛ \(kh)×\(kw) \(options) path \(plan.path): error \(error)")
            // Bands of any height give the same values as the whole tensor (FFT tiles start where a band
            // starts, so there only up to rounding).
            let assembled = ConvolutionPlanTests.assembled(plan, input, rng: &rng)
            if case .fft = plan.path {
                #expect(Self.relativeError(assembled, output.scalars.map(Double.init)) <= 1e-5, "\(request) round \(round) bands")
            } else {
                #expect(assembled == output.scalars, "\(request) round \(round) bands")
            }
            checked += 1
        }
        #expect(checked >= rounds / 2)
    }

    @Test func directPath() throws { try Self.check(.direct, seed: 0x1A_01, rounds: 24) }
    @Test func sparsePath() throws { try Self.check(.sparse, seed: 0x1A_02, rounds: 24) }
    @Test func separablePath() throws { try Self.check(.separable, seed: 0x1A_03, rounds: 24) }
    @Test func fftPath() throws { try Self.check(.fft, seed: 0x1A_04, rounds: 24) }
    @Test func automaticPath() throws { try Self.check(.automatic, seed: 0x1A_05, rounds: 24) }
}
