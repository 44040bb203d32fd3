/// Separable and low-rank kernels as passes along the flattened band rows: each term uᵢvᵢᵀ of a
/// kernel runs a column of height taps down the band (every padded column, only the output rows),
/// then a row of width taps along the result, kh + kw multiply-adds per value instead of kh · kw.
/// The vertical pass goes first so it computes only the output rows the band needs, in column chunks
/// whose rows stay in L2. Terms of every channel run together (per-channel weights along the flat row).
final class SeparableConvolution: BandAlgorithm, @unchecked Sendable {
    /// Floats per vertical-pass column chunk (its band rows stay in the L2 cache).
    static let chunkFloats = 1024

    /// One term for every input channel: vertical then horizontal weights (zero where a channel has fewer terms).
    struct Term {
        let vertical: FlatRowKernel
        /// Along the row at horizontal stride 1; nil when the stride is larger (`horizontalWeights` run instead).
        let horizontal: FlatRowKernel?
        /// `[n][c]` horizontal weights.
        let horizontalWeights: [Float]
    }

    /// Where the terms of a group land in the output.
    enum Placement {
        /// Depthwise with multiplier 1: the flat row of the terms is the output row.
        case same
        /// Output channel c·M + m of channel c.
        case multiplier(m: Int, of: Int)
        /// Output channel k of K: the sum over input channels, plus a bias.
        case sum(k: Int, bias: Float)
    }

    /// Terms that add up to one placement.
    let groups: [(terms: [Term], placement: Placement)]
    /// Input channels, output channels, output columns, horizontal stride and dilation.
    let channels: Int, outChannels: Int, outWidth: Int, strideW: Int, dilationW: Int
    /// Effective kernel height (band rows beyond the output rows).
    let effectiveHeight: Int, strideH: Int
    /// Floats per padded band row.
    let bandRowStride: Int

    /// The passes for `slices` factored as `factors`, over bands laid out by `layout`.
    init(_ slices: KernelSlices, factors: LowRankFactors, geometry: ConvolutionGeometry, layout: PaddedBandLayout) {
        let (channels, height, width) = (slices.channels, slices.height, slices.width)
        let verticalOffsets = (0..<height).map { $0 * geometry.dilationH * layout.rowStride }
        let horizontalOffsets = (0..<width).map { $0 * geometry.dilationW * channels }
        func terms(_ pairOfChannel: (Int) -> Int) -> [Term] {
            let count = (0..<channels).map { factors.terms[pairOfChannel($0)].count }.max() ?? 0
            return (0..<count).map { i in
                func factor(_ c: Int) -> LowRankFactors.Term? {
                    let t = factors.terms[pairOfChannel(c)]
                    return i < t.count ? t[i] : nil
                }
                let vertical = FlatRowKernel(offsets: verticalOffsets, channels: channels) { m, c in factor(c)?.vertical[m] ?? 0 }
                let weights = (0..<(width * channels)).map { factor($0 % channels)?.horizontal[$0 / channels] ?? 0 }
                let horizontal = geometry.strideW == 1
                    ? FlatRowKernel(offsets: horizontalOffsets, channels: channels) { n, c in weights[n * channels + c] } : nil
                return Term(vertical: vertical, horizontal: horizontal, horizontalWeights: weights)
            }
        }
        switch slices.kind {
        case .depthwise(let multiplier) where multiplier == 1:
            groups = [(terms { $0 }, .same)]
        case .depthwise(let multiplier):
            groups = (0..<multiplier).map { m in (terms { $0 * multiplier + m }, .multiplier(m: m, of: multiplier)) }
        case .conv(let outChannels):
            groups = (0..<outChannels).map { k in (terms { k * channels + $0 }, .sum(k: k, bias: slices.bias?[k] ?? 0)) }
        }
        self.channels = channels
        outChannels = slices.outChannels
        outWidth = geometry.outWidth
        strideW = geometry.strideW
        dilationW = geometry.dilationW
        effectiveHeight = (height - 1) * geometry.dilationH + 1
        strideH = geometry.strideH
        bandRowStride = layout.rowStride
    }

    /// The vertical pass's rows, then (unless the output is the flat row) the flat rows of one group.
    func workFloats(rows: Int) -> Int {
        let flat: Int
        if case .same = groups.first?.placement { flat = 0 } else { flat = rows * outWidth * channels }
        return rows * bandRowStride + flat
    }

    func bandRows(budgetRows: Int) -> Int { max(budgetRows, 2 * (effectiveHeight - 1) / strideH) }

    func compute(band: UnsafePointer<Float>, layout: PaddedBandLayout, rows: Int, into output: UnsafeMutablePointer<Float>,
                 work: UnsafeMutablePointer<Float>) {
        let flatFloats = outWidth * channels
        let vertical = work                                  // rows × rowStride
        let flat = work + rows * layout.rowStride            // rows × flatFloats, when the output is not the flat row
        for group in groups {
            let same: Bool
            if case .same = group.placement { same = true } else { same = false }
            let target = same ? output : flat
            // A kernel of zeros has no terms: its output is zero (plus the bias).
            if group.terms.isEmpty { target.update(repeating: 0, count: rows * flatFloats) }
            for (i, term) in group.terms.enumerated() {
                var start = 0
                while start < layout.rowStride {
                    let end = min(layout.rowStride, start + Self.chunkFloats)
                    for r in 0..<rows {
                        term.vertical.run(band + r * strideH * layout.rowStride, vertical + r * layout.rowStride,
                                          from: start, to: end, accumulate: false)
                    }
                    start = end
                }
                for r in 0..<rows {
                    let source = UnsafePointer(vertical + r * layout.rowStride), destination = target + r * flatFloats
                    if let horizontal = term.horizontal {
                        horizontal.run(source, destination, from: 0, to: flatFloats, accumulate: i > 0)
                    } else {
                        stridedHorizontal(term.horizontalWeights, source, destination, accumulate: i > 0)
                    }
                }
            }
            if !same { place(UnsafePointer(flat), rows: rows, group.placement, into: output) }
        }
    }

    /// The horizontal pass at a stride > 1: out[j·C + c] = Σₙ v[n][c] · row[(j·s + n·d)·C + c].
    private func stridedHorizontal(_ weights: [Float], _ row: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, accumulate: Bool) {
        let taps = weights.count / channels
        weights.withUnsafeBufferPointer { w in
            for j in 0..<outWidth {
                for c in 0..<channels {
                    var sum: Float = accumulate ? output[j * channels + c] : 0
                    for n in 0..<taps { sum += w[n * channels + c] * row[(j * strideW + n * dilationW) * channels + c] }
                    output[j * channels + c] = sum
                }
            }
        }
    }

    /// Moves a group's flat rows into its output channels.
    private func place(_ flat: UnsafePointer<Float>, rows: Int, _ placement: Placement, into output: UnsafeMutablePointer<Float>) {
        let pixels = rows * outWidth
        switch placement {
        case .same:
            break
        case .multiplier(let m, let multiplier):
            for p in 0..<pixels {
                for c in 0..<channels { output[p * outChannels + c * multiplier + m] = flat[p * channels + c] }
            }
        case .sum(let k, let bias):
            for p in 0..<pixels {
                var sum = bias
                for c in 0..<channels { sum += flat[p * channels + c] }
                output[p * outChannels + k] = sum
            }
        }
    }
}
