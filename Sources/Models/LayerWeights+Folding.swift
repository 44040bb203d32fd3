import Convolution

extension LayerWeights {
    /// These convolution weights with a following BatchNormalization (y·scale[k] + shift[k] per output
    /// channel k) folded in: kernel column k times scale[k], bias b[k]·scale[k] + shift[k]. Exact up to
    /// float rounding (Σ x·(w·s) against (Σ x·w)·s), far inside the 1e-4 the goldens allow; nil when the
    /// channel counts do not match (the unfused layers then report the mismatch) or the weights are
    /// not a convolution's.
    func foldingBatchNorm(scale: [Float], shift: [Float]) -> LayerWeights? {
        do {
            switch self {
            case .conv(let bank):
                guard let folded = try Self.folded(bank, scale: scale, shift: shift) else { return nil }
                return .conv(folded)
            case .depthwise(let filter, let bias):
                let outputs = filter.channels * filter.multiplier
                guard scale.count == outputs, shift.count == outputs else { return nil }
                // Weights are [fh, fw, C, M]: value i belongs to output channel i % (C·M).
                let weights = filter.weights.enumerated().map { $0.element * scale[$0.offset % outputs] }
                let folded = try DepthwiseFilter(height: filter.height, width: filter.width, channels: filter.channels,
                                                 multiplier: filter.multiplier, weights: weights)
                return .depthwise(folded, bias: Self.foldedBias(bias, scale: scale, shift: shift))
            case .separable(let filter, let pointwise):
                guard let folded = try Self.folded(pointwise, scale: scale, shift: shift) else { return nil }
                return .separable(filter, pointwise: folded)
            default:
                return nil
            }
        } catch {
            return nil
        }
    }

    /// An HWIO bank whose output channel k is scaled by scale[k] and shifted by shift[k].
    private static func folded(_ bank: FilterBank, scale: [Float], shift: [Float]) throws -> FilterBank? {
        let outputs = bank.outChannels
        guard scale.count == outputs, shift.count == outputs else { return nil }
        // HWIO: value i belongs to output channel i % out.
        let weights = bank.weights.enumerated().map { $0.element * scale[$0.offset % outputs] }
        return try FilterBank(height: bank.height, width: bank.width, inChannels: bank.inChannels, outChannels: outputs,
                              weights: weights, bias: foldedBias(bank.bias, scale: scale, shift: shift))
    }

    /// b·scale + shift, or shift alone for a layer without bias.
    private static func foldedBias(_ bias: [Float]?, scale: [Float], shift: [Float]) -> [Float] {
        guard let bias else { return shift }
        return zip(zip(bias, scale), shift).map { $0.0 * $0.1 + $1 }
    }
}
