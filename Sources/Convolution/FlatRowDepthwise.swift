/// The photo-mode depthwise core (multiplier 1, horizontal stride 1): along the flattened padded row,
/// output value x·C + c reads input x·C + c + (tap offset), so whole SIMD8 vectors of consecutive
/// values load contiguously (`FlatRowKernel`). As the sparse schedule it keeps only the taps that are
/// nonzero in some channel (a motion line: its few dozen taps, not the whole square). Dense kernels
/// of height 2…7 at vertical stride and dilation 1 (3×3 and 5×5 photo kernels) run eight output rows
/// at a time (`FlatRowBlock`); a band's last rows and every row's scalar tail take the row loop, which
/// sums in the same order.
final class FlatRowDepthwise: BandAlgorithm, @unchecked Sendable {
    /// Largest channel count whose per-phase weight table is built (C phases × taps vectors).
    static let maxChannels = 64

    /// The kernel along flattened band rows; read-only after init.
    let kernel: FlatRowKernel
    /// Floats in one output row: outWidth · C.
    let rowFloats: Int
    /// Kernel height when eight rows are computed at a time (`FlatRowBlock`), else nil.
    let blockHeight: Int?
    /// Kernel width (the taps are listed column by column: tap n·kh + m).
    let kernelWidth: Int

    /// Whether this core computes `filter` on `geometry`.
    static func handles(_ filter: DepthwiseFilter, _ geometry: ConvolutionGeometry) -> Bool {
        filter.multiplier == 1 && geometry.strideW == 1 && filter.channels <= maxChannels
    }

    /// Whether the rows of `filter` on `geometry` are computed eight at a time when all its taps are
    /// kept (`dense`): heights 2…7 fit the registers; a vertical stride or dilation shares no rows.
    static func blocks(_ filter: DepthwiseFilter, _ geometry: ConvolutionGeometry, dense: Bool) -> Bool {
        dense && geometry.strideH == 1 && geometry.dilationH == 1 && (2...7).contains(filter.height)
    }

    /// Prepares `filter` (multiplier 1) over bands laid out by `layout`; with `skipZeroTaps`, taps that
    /// are zero in every channel are left out.
    init(_ filter: DepthwiseFilter, geometry: ConvolutionGeometry, layout: PaddedBandLayout, skipZeroTaps: Bool = false) {
        let channels = filter.channels
        // Column by column (m inner), the order `FlatRowBlock` sums in.
        var taps = [(offset: Int, index: Int)]()
        for n in 0..<filter.width {
            for m in 0..<filter.height {
                let t = m * filter.width + n
                if skipZeroTaps && (0..<channels).allSatisfy({ filter.weights[t * channels + $0] == 0 }) { continue }
                taps.append((m * geometry.dilationH * layout.rowStride + n * geometry.dilationW * channels, t))
            }
        }
        kernel = FlatRowKernel(offsets: taps.map(\.offset), channels: channels) { t, c in filter.weights[taps[t].index * channels + c] }
        rowFloats = geometry.outWidth * channels
        kernelWidth = filter.width
        blockHeight = Self.blocks(filter, geometry, dense: taps.count == filter.height * filter.width) ? filter.height : nil
    }

    /// Bands of whole blocks when blocking: the budget rounded to the nearest multiple of eight rows
    /// (a 5×5 kernel on a 4000-pixel RGB row fits 6 in the 512 KB budget: 8 are run, still within L2).
    func bandRows(budgetRows: Int) -> Int {
        blockHeight != nil && budgetRows >= 4 ? max(8, (budgetRows + 4) / 8 * 8) : budgetRows
    }

    func compute(band: UnsafePointer<Float>, layout: PaddedBandLayout, rows: Int, into output: UnsafeMutablePointer<Float>,
                 work: UnsafeMutablePointer<Float>) {
        var first = 0
        if let blockHeight {
            let vectorEnd = rowFloats / 8 * 8
            while first + 8 <= rows {
                let input = band + first * layout.rowStride, out = output + first * rowFloats
                block(height: blockHeight, input, layout.rowStride, out, vectorEnd)
                for r in 0..<8 {
                    kernel.run(input + r * layout.rowStride, out + r * rowFloats, from: vectorEnd, to: rowFloats, accumulate: false)
                }
                first += 8
            }
        }
        for r in first..<rows {
            kernel.run(band + r * layout.strideH * layout.rowStride, output + r * rowFloats, from: 0, to: rowFloats, accumulate: false)
        }
    }

    /// Values `0 ..< vectorEnd` of eight output rows, by the `FlatRowBlock` specialised for the kernel height.
    private func block(height: Int, _ input: UnsafePointer<Float>, _ inputRowFloats: Int, _ output: UnsafeMutablePointer<Float>, _ vectorEnd: Int) {
        let run = switch height {
        case 2: FlatRowBlock<2>.run
        case 3: FlatRowBlock<3>.run
        case 4: FlatRowBlock<4>.run
        case 5: FlatRowBlock<5>.run
        case 6: FlatRowBlock<6>.run
        default: FlatRowBlock<7>.run
        }
        run(kernel, kernelWidth, input, inputRowFloats, output, rowFloats, vectorEnd)
    }
}
