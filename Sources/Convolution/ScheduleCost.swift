/// Estimated seconds per output row of one image for each way of computing it, from per-operation
/// costs measured on this project's 2-core AVX2 machines with `filterbank bench --path …` (the
/// crossovers are in docs/convolution.md). Only the ratios matter: the chooser takes the smallest.
struct ScheduleCost {
    /// One SIMD-lane multiply-add of the flattened-row loop (depthwise direct, sparse, separable passes).
    static let flatTap = 0.055e-9
    /// The same, eight rows at a time (`FlatRowBlock`: dense depthwise kernels 2…7 high).
    static let blockedFlatTap = 0.026e-9
    /// One SIMD-lane multiply-add of the register-blocked panel core (broadcast input × weight vector).
    static let panelTap = 0.025e-9
    /// One scalar multiply-add (horizontal passes at a stride > 1).
    static let scalarTap = 0.35e-9
    /// Moving one value between a pass's rows and the output channels.
    static let placeValue = 0.5e-9

    /// Output columns, input channels, floats per band row.
    let outWidth: Double, channels: Double, rowStride: Double
    /// Horizontal stride.
    let strideW: Int

    init(geometry: ConvolutionGeometry, layout: PaddedBandLayout) {
        outWidth = Double(geometry.outWidth)
        channels = Double(geometry.inChannels)
        rowStride = Double(layout.rowStride)
        strideW = geometry.strideW
    }

    /// The flattened-row loop with `taps` taps per value, `blocked` when eight rows run at a time.
    func flat(taps: Double, blocked: Bool = false) -> Double { outWidth * channels * taps * (blocked ? Self.blockedFlatTap : Self.flatTap) }

    /// The panel core: `taps` taps (m, n, c) per output pixel, `lanes` output lanes (whole panels) per pixel.
    func panel(taps: Double, lanes: Double) -> Double { outWidth * lanes * taps * Self.panelTap }

    /// Separable passes: every term runs a vertical pass over the band row and a horizontal one over the output row.
    func separable(_ slices: KernelSlices, factors: LowRankFactors) -> Double {
        let (height, width) = (Double(slices.height), Double(slices.width))
        let horizontalTap = strideW == 1 ? Self.flatTap : Self.scalarTap
        let perTerm = rowStride * height * Self.flatTap + outWidth * channels * width * horizontalTap
        // Terms run for all channels at once: a group's term count is its most-factored channel's.
        let termRuns: Double, placed: Double
        switch slices.kind {
        case .depthwise(let multiplier) where multiplier == 1:
            termRuns = Double(factors.maxTerms)
            placed = 0
        case .depthwise(let multiplier):
            termRuns = Double(factors.maxTerms * multiplier)
            placed = Double(multiplier)
        case .conv(let outChannels):
            termRuns = Double(factors.maxTerms * outChannels)
            placed = Double(outChannels)
        }
        return termRuns * perTerm + placed * outWidth * channels * Self.placeValue
    }
}
