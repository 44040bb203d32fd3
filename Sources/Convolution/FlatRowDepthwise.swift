/// The photo-mode depthwise core (multiplier 1, horizontal stride 1): along the flattened padded row,
/// output value x·C + c reads input x·C + c + (tap offset), so whole SIMD8 vectors of consecutive
/// values load contiguously (`FlatRowKernel`). As the sparse schedule it keeps only the taps that are
/// nonzero in some channel (a motion line: its few dozen taps, not the whole square).
final class FlatRowDepthwise: BandAlgorithm, @unchecked Sendable {
    /// Largest channel count whose per-phase weight table is built (C phases × taps vectors).
    static let maxChannels = 64

    /// The kernel along flattened band rows; read-only after init.
    let kernel: FlatRowKernel
    /// Floats in one output row: outWidth · C.
    let rowFloats: Int

    /// Whether this core computes `filter` on `geometry`.
    static func handles(_ filter: DepthwiseFilter, _ geometry: ConvolutionGeometry) -> Bool {
        filter.multiplier == 1 && geometry.strideW == 1 && filter.channels <= maxChannels
    }

    /// Prepares `filter` (multiplier 1) over bands laid out by `layout`; with `skipZeroTaps`, taps that
    /// are zero in every channel are left out.
    init(_ filter: DepthwiseFilter, geometry: ConvolutionGeometry, layout: PaddedBandLayout, skipZeroTaps: Bool = false) {
        let channels = filter.channels
        var taps = [(offset: Int, index: Int)]()
        for m in 0..<filter.height {
            for n in 0..<filter.width {
                let t = m * filter.width + n
                if skipZeroTaps && (0..<channels).allSatisfy({ filter.weights[t * channels + $0] == 0 }) { continue }
                taps.append((m * geometry.dilationH * layout.rowStride + n * geometry.dilationW * channels, t))
            }
        }
        kernel = FlatRowKernel(offsets: taps.map(\.offset), channels: channels) { t, c in filter.weights[taps[t].index * channels + c] }
        rowFloats = geometry.outWidth * channels
    }

    func compute(band: UnsafePointer<Float>, layout: PaddedBandLayout, rows: Int, into output: UnsafeMutablePointer<Float>,
                 work: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            kernel.run(band + r * layout.strideH * layout.rowStride, output + r * rowFloats, from: 0, to: rowFloats, accumulate: false)
        }
    }
}
