import Testing
@testable import Convolution
import Essentials
#if canImport(Glibc)
import Glibc
#endif

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

    @Test func forcedPathsThatCannotApplyFallBackToDirect() throws {
        // Wider than the largest FFT tile; too big to decompose and not rank 1.
        var rng = SplitMix64(seed: 600)
        let wide = try DepthwiseFilter(kernel: rng.floats(2 * 600), height: 2, width: 600, channels: 1)
        #expect(try ConvolutionPlan(inputShape: [1, 3, 9, 1], depthwise: wide, options: .init(), request: .fft).path == .direct)
        let big = try DepthwiseFilter(kernel: rng.floats(130 * 130), height: 130, width: 130, channels: 1)
        #expect(try ConvolutionPlan(inputShape: [1, 4, 4, 1], depthwise: big, options: .init(), request: .separable).path == .direct)
    }
}

/// The chooser finds structure from the numbers and picks the expected path on a 12 MP RGB photo shape.
@Suite struct ScheduleChooserTests {
    static let photo = [1, 3000, 4000, 3]
    static let replicate = ConvolutionOptions(border: .replicate)

    /// cv2.getGaussianKernel: sampled, normalised to sum 1.
    static func gaussian(_ size: Int, sigma: Double) -> [Double] {
        let r = Double(size - 1) / 2
        let g = (0..<size).map { exp(-(Double($0) - r) * (Double($0) - r) / (2 * sigma * sigma)) }
        let sum = g.reduce(0, +)
        return g.map { $0 / sum }
    }

    static func outer(_ u: [Double], _ v: [Double]) -> [Double] { u.flatMap { a in v.map { a * $0 } } }

    static func path(_ kernel: [Double], size: Int, conv: Bool = false) throws -> ConvolutionPath {
        let k = kernel.map(Float.init)
        if conv {
            let bank = try FilterBank(height: size, width: size, inChannels: 3, outChannels: 1, weights: k.flatMap { [$0, $0, $0] })
            return try ConvolutionPlan(inputShape: photo, bank: bank, options: replicate).path
        }
        return try ConvolutionPlan(inputShape: photo, depthwise: DepthwiseFilter(kernel: k, height: size, width: size, channels: 3), options: replicate).path
    }

    @Test func gaussianMatrixIsSeparable() throws {
        let g = Self.gaussian(31, sigma: 5)
        #expect(try Self.path(Self.outer(g, g), size: 31) == .separable(terms: 1))
        #expect(try Self.path(Self.outer(g, g), size: 31, conv: true) == .separable(terms: 1))
    }

    @Test func differenceOfGaussiansIsTwoTerms() throws {
        let (a, b) = (Self.gaussian(13, sigma: 1), Self.gaussian(13, sigma: 2))
        let dog = zip(Self.outer(a, a), Self.outer(b, b)).map { $0 - $1 }
        #expect(try Self.path(dog, size: 13) == .separable(terms: 2))
        // Unsharp mask: (1 + a)·identity − a·Gaussian.
        let g = Self.gaussian(19, sigma: 3)
        var unsharp = Self.outer(g, g).map { -0.8 * $0 }
        unsharp[9 * 19 + 9] += 1.8
        #expect(try Self.path(unsharp, size: 19) == .separable(terms: 2))
    }

    @Test func motionLineIsSparse() throws {
        // A 31-tap horizontal-ish line at 30°, one tap per column.
        var line = [Double](repeating: 0, count: 31 * 31)
        for n in 0..<31 { line[(15 - Int((Double(n - 15) * 0.577).rounded())) * 31 + n] = 1.0 / 31 }
        #expect(try Self.path(line, size: 31) == .sparse(taps: 31))
    }

    @Test func randomDenseKernelTakesTheFFT() throws {
        var rng = SplitMix64(seed: 63)
        let random = (0..<(63 * 63)).map { _ in Double.random(in: -1...1, using: &rng) }
        guard case .fft = try Self.path(random, size: 63) else { Issue.record("63×63 random: \(try Self.path(random, size: 63))"); return }
    }

    @Test func smallKernelsKeepTheDirectCore() throws {
        var rng = SplitMix64(seed: 5)
        for size in [3, 5] {
            let random = (0..<(size * size)).map { _ in Double.random(in: -1...1, using: &rng) }
            #expect(try Self.path(random, size: size) == .direct)
            #expect(try Self.path(random, size: size, conv: true) == .direct)
        }
        // A separable 5×5 blur stays direct too: below the analysis threshold.
        let g = Self.gaussian(5, sigma: 1)
        #expect(try Self.path(Self.outer(g, g), size: 5) == .direct)
    }
}
