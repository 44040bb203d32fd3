import Essentials
/// A convolution computed band by band on demand: `compute` writes any run of output rows of one
/// image into a small caller buffer, so a consumer (statistics, quantisation) can read each band
/// while it is still in cache and the whole float output — hundreds of megabytes for a 12 MP photo
/// and a bank of filters, most of it page faults and zeroing — never exists. Same values as
/// `conv2D` / `depthwiseConv2D` (same kernels, same summation order), whatever the band boundaries.
///
/// `compute` may run on several threads at once, each with its own output and scratch buffers.
public final class ConvolutionRows: @unchecked Sendable {
    /// `[N, outHeight, outWidth, K]` of the full result.
    public let outputShape: [Int]
    /// Floats in one output row (`outWidth · K`).
    public var rowFloats: Int { outputShape[2] * outputShape[3] }

    private let input: Tensor
    private let plan: Plan
    /// Added to output channel `i % bias.count` after the convolution (depthwise only; conv banks carry their own).
    private let bias: [Float]?

    /// How the rows are made: the fast conv core, the flattened-row depthwise core, or (for geometries
    /// the band cores do not cover) a result computed once and copied out.
    private enum Plan {
        case conv(geometry: ConvolutionGeometry, packed: PackedFilterBankBox, layout: PaddedBandLayout, taps: Taps)
        case depthwise(geometry: ConvolutionGeometry, weights: PhaseWeightsBox, raw: [Float], layout: PaddedBandLayout, taps: [Int])
        case materialized(Tensor)
    }

    /// tf.nn.conv2d of `input` with `bank`; throws what `conv2D` throws.
    public init(_ input: Tensor, _ bank: FilterBank, options: ConvolutionOptions = .init()) throws {
        let geometry = try ConvolutionGeometry(
            inputShape: input.shape, kernelHeight: bank.height, kernelWidth: bank.width, options: options)
        let groups = try ReferenceConvolution.groupCount(inputChannels: input.channels, bank: bank)
        self.input = input
        self.bias = nil
        outputShape = [geometry.batch, geometry.outHeight, geometry.outWidth, bank.outChannels]
        guard PaddedBandLayout.fits(geometry) else {
            plan = .materialized(try ReferenceConvolution.conv2D(input, bank, options: options))
            return
        }
        plan = Self.convPlan(geometry, packed: PackedFilterBankBox(PackedFilterBank(bank, groups: groups)))
    }

    /// tf.nn.depthwise_conv2d of `input` with `filter`, then `bias[k]` added to output channel k (one
    /// value per channel, `C · multiplier`, or nil); throws what `depthwiseConv2D` throws.
    public init(_ input: Tensor, depthwise filter: DepthwiseFilter, bias: [Float]? = nil, options: ConvolutionOptions = .init()) throws {
        guard input.channels == filter.channels else {
            throw ConvolutionError.channelMismatch(
                "depthwise filter has \(filter.channels) channels but the input has \(input.channels)")
        }
        let geometry = try ConvolutionGeometry(
            inputShape: input.shape, kernelHeight: filter.height, kernelWidth: filter.width, options: options)
        self.input = input
        outputShape = [geometry.batch, geometry.outHeight, geometry.outWidth, filter.channels * filter.multiplier]
        if let bias, bias.count != outputShape[3] {
            throw ConvolutionError.invalidShape("depthwise bias has \(bias.count) values for \(outputShape[3]) output channels")
        }
        self.bias = bias.flatMap { $0.contains { $0 != 0 } ? $0 : nil }
        guard PaddedBandLayout.fits(geometry) else {
            plan = .materialized(try ReferenceConvolution.depthwiseConv2D(input, filter, options: options))
            return
        }
        guard filter.multiplier == 1, geometry.strideW == 1, filter.channels <= FastDepthwise.maxRowChannels else {
            // The grouped conv2D that FastDepthwise also falls back to (same memory, HWIO [fh, fw, 1, C·M]).
            let bank = try FilterBank(
                height: filter.height, width: filter.width, inChannels: 1, outChannels: filter.channels * filter.multiplier,
                weights: filter.weights)
            plan = Self.convPlan(geometry, packed: PackedFilterBankBox(PackedFilterBank(bank, groups: filter.channels)))
            return
        }
        let layout = PaddedBandLayout(geometry, readColumns: geometry.outWidth + (geometry.kernelWidth - 1) * geometry.dilationW)
        var taps = [Int]()
        for m in 0..<geometry.kernelHeight {
            for n in 0..<geometry.kernelWidth {
                taps.append(m * geometry.dilationH * layout.rowStride + n * geometry.dilationW * geometry.inChannels)
            }
        }
        plan = .depthwise(geometry: geometry, weights: PhaseWeightsBox(PhaseWeights(filter)), raw: filter.weights, layout: layout, taps: taps)
    }

    private static func convPlan(_ g: ConvolutionGeometry, packed: PackedFilterBankBox) -> Plan {
        let readColumns = (g.outWidth - 1) * g.strideW + (g.kernelWidth - 1) * g.dilationW + 1
        let layout = PaddedBandLayout(g, readColumns: readColumns)
        var taps = [Int]()
        for m in 0..<g.kernelHeight {
            for n in 0..<g.kernelWidth {
                for c in 0..<packed.value.inChannelsPerGroup {
                    taps.append(m * g.dilationH * layout.rowStride + n * g.dilationW * g.inChannels + c)
                }
            }
        }
        let rowOffsets = (0..<g.kernelHeight).map { $0 * g.dilationH * layout.rowStride }
        return .conv(geometry: g, packed: packed, layout: layout, taps: Taps(offsets: taps, rowOffsets: rowOffsets))
    }

    /// Scratch floats `compute` needs for bands of up to `rows` output rows.
    public func scratchFloats(rows: Int) -> Int {
        switch plan {
        case .conv(_, _, let layout, _), .depthwise(_, _, _, let layout, _):
            return layout.rowCount(outputRows: max(1, rows)) * layout.rowStride + 16
        case .materialized:
            return 1
        }
    }

    /// Writes output rows `rows` of image `image` to `output` (`rows.count · rowFloats` floats, row-major
    /// `[rows, outWidth, K]`), using `scratch` (`scratchFloats(rows: rows.count)` floats).
    public func compute(image: Int, rows: Range<Int>, into output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        precondition(image >= 0 && image < outputShape[0] && rows.lowerBound >= 0 && rows.upperBound <= outputShape[1],
                     "rows outside the output")
        guard !rows.isEmpty, rowFloats > 0 else { return }
        convolve(image: image, rows: rows, into: output, scratch: scratch)
        if let bias {
            // Rows hold whole pixels, so value i of the band is channel i % K, as in the whole tensor.
            let count = rows.count * rowFloats, channels = bias.count
            bias.withUnsafeBufferPointer { b in
                var i = 0
                while i < count {
                    for k in 0..<channels { output[i + k] += b[k] }
                    i += channels
                }
            }
        }
    }

    private func convolve(image: Int, rows: Range<Int>, into output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        input.scalars.withUnsafeBufferPointer { source in
            let base = source.baseAddress!
            switch plan {
            case .conv(let g, let packed, let layout, let taps):
                let imageInput = base + image * g.inHeight * g.inWidth * g.inChannels
                layout.fill(scratch, image: imageInput, firstRow: rows.lowerBound, outputRows: rows.count)
                switch g.strideW * g.inChannels {
                case 1: convRows(PixelStride1.self, g, packed.value, layout, taps, rows.count, scratch, output)
                case 3: convRows(PixelStride3.self, g, packed.value, layout, taps, rows.count, scratch, output)
                case 6: convRows(PixelStride6.self, g, packed.value, layout, taps, rows.count, scratch, output)
                case 16: convRows(PixelStride16.self, g, packed.value, layout, taps, rows.count, scratch, output)
                default: convRows(PixelStrideAny.self, g, packed.value, layout, taps, rows.count, scratch, output)
                }
            case .depthwise(let g, let weights, let raw, let layout, let taps):
                let imageInput = base + image * g.inHeight * g.inWidth * g.inChannels
                layout.fill(scratch, image: imageInput, firstRow: rows.lowerBound, outputRows: rows.count)
                let rowFloats = g.outWidth * g.inChannels
                taps.withUnsafeBufferPointer { tapTable in
                    raw.withUnsafeBufferPointer { rawWeights in
                        for r in 0..<rows.count {
                            FastDepthwise.convolveRow(
                                UnsafePointer(scratch + r * g.strideH * layout.rowStride), length: rowFloats,
                                output: output + r * rowFloats, taps: tapTable.baseAddress!, weights: weights.value,
                                raw: rawWeights.baseAddress!)
                        }
                    }
                }
            case .materialized(let result):
                result.scalars.withUnsafeBufferPointer { all in
                    let start = (image * outputShape[1] + rows.lowerBound) * rowFloats
                    output.update(from: all.baseAddress! + start, count: rows.count * rowFloats)
                }
            }
        }
    }

    private func convRows<Stride: PixelStride>(
        _ stride: Stride.Type, _ g: ConvolutionGeometry, _ packed: borrowing PackedFilterBank, _ layout: PaddedBandLayout,
        _ taps: Taps, _ count: Int, _ scratch: UnsafeMutablePointer<Float>, _ output: UnsafeMutablePointer<Float>
    ) {
        let outRowFloats = g.outWidth * packed.groups * packed.outChannelsPerGroup
        taps.offsets.withUnsafeBufferPointer { tapBuffer in
            taps.rowOffsets.withUnsafeBufferPointer { rowBuffer in
                for r in 0..<count {
                    FastConvolution.convolveRow(
                        stride, g, packed: packed, band: UnsafePointer(scratch + r * g.strideH * layout.rowStride),
                        taps: tapBuffer.baseAddress!, rowOffsets: rowBuffer.baseAddress!, output: output + r * outRowFloats,
                        outputStride: outRowFloats / g.outWidth)
                }
            }
        }
    }
}

/// Shares packed weights (non-copyable, freed once) between the plan's threads.
final class PackedFilterBankBox: @unchecked Sendable {
    let value: PackedFilterBank
    init(_ value: consuming PackedFilterBank) { self.value = value }
}

/// Shares depthwise phase weights between the plan's threads.
final class PhaseWeightsBox: @unchecked Sendable {
    let value: PhaseWeights
    init(_ value: consuming PhaseWeights) { self.value = value }
}
