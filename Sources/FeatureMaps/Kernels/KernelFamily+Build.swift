extension KernelFamily {
    /// The filter this family builds from `parameters` (in `parameterNames` order), named by
    /// `filterName`. Throws `BankError` saying which parameter is wrong and what range it must be in;
    /// nothing is allocated before the size is known to be at most `maximumSide`.
    public func filter(_ parameters: [Double]) throws -> NamedFilter {
        let names = parameterNames
        guard (requiredCount...names.count).contains(parameters.count) else {
            let counts = requiredCount == names.count ? "\(requiredCount)" : "\(requiredCount) to \(names.count)"
            throw BankError(file: nil, "\(syntax) takes \(counts) number\(names.count == 1 ? "" : "s"), got \(parameters.count)")
        }
        if let bad = parameters.firstIndex(where: { !$0.isFinite }) {
            throw BankError(file: nil, "\(names[bad]) must be a finite number, not \(parameters[bad]) (\(syntax))")
        }
        let check = ParameterCheck(family: self, values: parameters)
        let (weights, height, width) = try build(check)
        return NamedFilter(unchecked: filterName(parameters), height: height, width: width, inChannels: nil,
                           weights: weights.map { Float($0) }, bias: 0)
    }

    /// The Double weights, row-major, with their height and width.
    private func build(_ p: ParameterCheck) throws -> (weights: [Double], height: Int, width: Int) {
        switch self {
        case .gaussian:
            let sigma = try p.sigma(0)
            let size = try p.oddSize(1) ?? p.defaultSize(sigma: sigma, radiusInSigmas: 3)
            return (GaussianKernel.outer(size: size, sigma: sigma), size, size)
        case .box:
            let n = try p.whole(0, in: 1...KernelFamily.maximumSide)
            return ([Double](repeating: 1 / Double(n * n), count: n * n), n, n)
        case .log:
            let sigma = try p.sigma(0)
            let size = try p.oddSize(1) ?? p.defaultSize(sigma: sigma, radiusInSigmas: 4)
            return (KernelFamily.laplacianOfGaussian(size: size, sigma: sigma), size, size)
        case .dog:
            let (sigma1, sigma2) = (try p.sigma(0), try p.sigma(1))
            guard sigma1 != sigma2 else {
                throw BankError(file: nil, "SIGMA1 and SIGMA2 must differ (both are \(KernelFamily.format(sigma1)): the difference would be 0) (\(syntax))")
            }
            let size = try p.oddSize(2) ?? p.defaultSize(sigma: max(sigma1, sigma2), radiusInSigmas: 3)
            let narrow = GaussianKernel.outer(size: size, sigma: sigma1)
            let wide = GaussianKernel.outer(size: size, sigma: sigma2)
            return (zip(narrow, wide).map { $0 - $1 }, size, size)
        case .unsharp:
            let sigma = try p.sigma(0)
            let amount = try p.number(1, in: 0...100)
            let size = try p.oddSize(2) ?? p.defaultSize(sigma: sigma, radiusInSigmas: 3)
            var weights = GaussianKernel.outer(size: size, sigma: sigma).map { -amount * $0 }
            weights[weights.count / 2] += 1 + amount
            return (weights, size, size)
        case .motion:
            let length = try p.number(0, in: 1...Double(KernelFamily.maximumSide))
            return MotionKernel.weights(length: length, degrees: p.values[1])
        case .sobel:
            let size = try p.oddSize(1, in: 3...31) ?? 3
            return (DerivativeKernel.steered(.sobel, size: size, degrees: p.values[0]), size, size)
        case .scharr:
            return (DerivativeKernel.steered(.scharr, size: 3, degrees: p.values[0]), 3, 3)
        case .prewitt:
            return (DerivativeKernel.steered(.prewitt, size: 3, degrees: p.values[0]), 3, 3)
        case .kirsch:
            let angle = p.values[0]
            guard KernelMath.normalizedDegrees(angle).truncatingRemainder(dividingBy: 45) == 0 else {
                throw BankError(file: nil, "ANGLE must be a multiple of 45 (Kirsch is a compass of eight directions), not \(KernelFamily.format(angle)) (\(syntax))")
            }
            return (DerivativeKernel.kirsch(degrees: angle), 3, 3)
        }
    }

    /// The negated Laplacian of Gaussian, made to sum to exactly 0 (before rounding to Float):
    ///
    ///     L[m][n] = −(g″[m]·g[n] + g[m]·g″[n]) − mean,   g″[i] = ((i − r)² − σ²)/σ⁴ · g[i]
    ///
    /// with g the normalised Gaussian of `GaussianKernel`. Before the mean is removed this is the kernel
    /// scipy.ndimage.gaussian_laplace applies (it differentiates the normalised sampled Gaussian the same
    /// way), negated so a bright blob on a dark ground gives a positive peak, as the built-in `log5`.
    static func laplacianOfGaussian(size: Int, sigma: Double) -> [Double] {
        let g = GaussianKernel.coefficients(size: size, sigma: sigma)
        let r = Double(size - 1) / 2
        let variance = sigma * sigma
        let second = g.enumerated().map { i, value in
            let x = Double(i) - r
            return (x * x - variance) / (variance * variance) * value
        }
        let a = KernelMath.outer(second, g), b = KernelMath.outer(g, second)
        let negated = zip(a, b).map { -($0 + $1) }
        let mean = negated.reduce(0, +) / Double(negated.count)
        return negated.map { $0 - mean }
    }
}

/// Parameter values of one family with the checks that turn a bad value into a clear message.
struct ParameterCheck {
    let family: KernelFamily
    let values: [Double]

    private func fail(_ index: Int, _ rule: String, note: String = "") -> BankError {
        BankError(file: nil, "\(family.parameterNames[index]) must be \(rule), not \(KernelFamily.format(values[index])) (\(family.syntax)\(note))")
    }

    /// A standard deviation: above 0 and at most `maximumSigma`.
    func sigma(_ index: Int) throws -> Double {
        let value = values[index]
        guard value > 0, value <= KernelFamily.maximumSigma else {
            let rule = "above 0 and at most \(KernelFamily.format(KernelFamily.maximumSigma))"
            let note = value == 0 && family == .gaussian
                ? "; OpenCV's σ = 0 derives σ from the size, and its 3- and 5-tap tables are the built-in gaussian and gaussian5" : ""
            throw fail(index, rule, note: note)
        }
        return value
    }

    /// A number in `range`.
    func number(_ index: Int, in range: ClosedRange<Double>) throws -> Double {
        guard range.contains(values[index]) else {
            throw fail(index, "from \(KernelFamily.format(range.lowerBound)) to \(KernelFamily.format(range.upperBound))")
        }
        return values[index]
    }

    /// A whole number in `range`.
    func whole(_ index: Int, in range: ClosedRange<Int>) throws -> Int {
        let value = values[index]
        guard value == value.rounded(), value >= Double(range.lowerBound), value <= Double(range.upperBound) else {
            throw fail(index, "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return Int(value)
    }

    /// An odd kernel size in `range` (1…`maximumSide` by default), or nil when the parameter is not given.
    func oddSize(_ index: Int, in range: ClosedRange<Int> = 1...KernelFamily.maximumSide) throws -> Int? {
        guard index < values.count else { return nil }
        let value = values[index]
        guard value == value.rounded(), value >= Double(range.lowerBound), value <= Double(range.upperBound),
              Int(value) % 2 == 1 else {
            throw fail(index, "an odd whole number from \(range.lowerBound) to \(range.upperBound) (the kernel needs a centre tap)")
        }
        return Int(value)
    }

    /// 2⌈kσ⌉ + 1, or an error when that exceeds `maximumSide`.
    func defaultSize(sigma: Double, radiusInSigmas: Double) throws -> Int {
        if let size = GaussianKernel.defaultSize(sigma: sigma, radiusInSigmas: radiusInSigmas, maximumSide: KernelFamily.maximumSide) {
            return size
        }
        let needed = 2 * (radiusInSigmas * sigma).rounded(.up) + 1
        let side = KernelFamily.maximumSide
        throw BankError(file: nil, "σ = \(KernelFamily.format(sigma)) needs a \(KernelFamily.format(needed))×\(KernelFamily.format(needed)) kernel (2⌈\(KernelFamily.format(radiusInSigmas))σ⌉+1), more than the largest, \(side)×\(side); give a smaller SIGMA or a SIZE (\(family.syntax))")
    }
}
