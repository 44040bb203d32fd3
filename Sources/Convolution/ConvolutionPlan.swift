import Essentials
/// One convolution prepared once for an input shape: geometry, packed weights, band layout and taps.
/// It computes any band of output rows of one image into a caller buffer (the feature-map quantiser
/// reads each band while it is still in cache, so a whole float output never exists), and a whole
/// tensor as a parallel loop over its bands. `conv2D` and `depthwiseConv2D` are this plan, built and
/// run once; a loop over many same-size images can build it once and reuse it.
///
/// Bands are independent: any band boundaries give the same values, and bands may be computed on
/// several threads at once, each with its own output and scratch buffers.
public final class ConvolutionPlan: Sendable {
    /// The `[N, H, W, C]` input this plan is for.
    public let inputShape: [Int]
    /// `[N, outHeight, outWidth, K]` of the result.
    public let outputShape: [Int]
    /// Sizes, steps and padding.
    public let geometry: ConvolutionGeometry
    /// How rows are made.
    let schedule: Schedule
    /// Added to output channel `i % bias.count` after the convolution (depthwise only; conv banks carry their own).
    let bias: [Float]?

    /// The ways of computing a band: from its padded band, or (for geometries whose band would be
    /// absurdly large, e.g. dilation 10⁴ under SAME) straight from the input by the reference loops.
    enum Schedule: Sendable {
        case banded(PaddedBandLayout, any BandAlgorithm)
        case referenceConv(FilterBank, groups: Int, Border)
        case referenceDepthwise(DepthwiseFilter, Border)
    }

    /// Scratch budget per band, in floats (≈ 512 KB: the band stays in L2).
    static let bandBudgetFloats = 128 * 1024

    /// tf.nn.conv2d of an input of `inputShape` with `bank`; throws what `conv2D` throws.
    public convenience init(inputShape: [Int], bank: FilterBank, options: ConvolutionOptions = .init()) throws {
        let geometry = try ConvolutionGeometry(
            inputShape: inputShape, kernelHeight: bank.height, kernelWidth: bank.width, options: options)
        let groups = try bank.groupCount(inputChannels: geometry.inChannels)
        let schedule: Schedule
        if PaddedBandLayout.fits(geometry) {
            let layout = PaddedBandLayout(geometry, border: options.border)
            schedule = .banded(layout, PanelConvolution(bank, groups: groups, geometry: geometry, layout: layout))
        } else {
            schedule = .referenceConv(bank, groups: groups, options.border)
        }
        self.init(geometry, outChannels: bank.outChannels, schedule: schedule, bias: nil)
    }

    /// tf.nn.depthwise_conv2d of an input of `inputShape` with `filter`, then `bias[k]` added to output
    /// channel k (one value per channel, `C · multiplier`, or nil); throws what `depthwiseConv2D` throws.
    public convenience init(inputShape: [Int], depthwise filter: DepthwiseFilter, bias: [Float]? = nil,
                            options: ConvolutionOptions = .init()) throws {
        if inputShape.count == 4 { try filter.checkChannels(inputShape[3]) }
        let geometry = try ConvolutionGeometry(
            inputShape: inputShape, kernelHeight: filter.height, kernelWidth: filter.width, options: options)
        let outChannels = filter.channels * filter.multiplier
        if let bias, bias.count != outChannels {
            throw ConvolutionError.invalidShape("depthwise bias has \(bias.count) values for \(outChannels) output channels")
        }
        let schedule: Schedule
        if PaddedBandLayout.fits(geometry) {
            let layout = PaddedBandLayout(geometry, border: options.border)
            if FlatRowDepthwise.handles(filter, geometry) {
                schedule = .banded(layout, FlatRowDepthwise(filter, geometry: geometry, layout: layout))
            } else {
                let bank = try filter.groupedBank()
                schedule = .banded(layout, PanelConvolution(bank, groups: filter.channels, geometry: geometry, layout: layout))
            }
        } else {
            schedule = .referenceDepthwise(filter, options.border)
        }
        self.init(geometry, outChannels: outChannels, schedule: schedule, bias: bias.flatMap { $0.contains { $0 != 0 } ? $0 : nil })
    }

    private init(_ geometry: ConvolutionGeometry, outChannels: Int, schedule: Schedule, bias: [Float]?) {
        self.geometry = geometry
        self.inputShape = [geometry.batch, geometry.inHeight, geometry.inWidth, geometry.inChannels]
        self.outputShape = [geometry.batch, geometry.outHeight, geometry.outWidth, outChannels]
        self.schedule = schedule
        self.bias = bias
    }

    /// Floats in one output row (`outWidth · K`).
    package var rowFloats: Int { outputShape[2] * outputShape[3] }

    /// Scratch floats `compute` needs for bands of up to `rows` output rows.
    package func scratchFloats(rows: Int) -> Int {
        if case .banded(let layout, _) = schedule { return layout.scratchFloats(outputRows: rows) }
        return 1
    }

    /// The whole result into `output`, every core busy on bands of every image; `output`'s storage is
    /// reused when it already has the result's shape (no allocation, page faults or zeroing on repeated
    /// calls), otherwise replaced. Throws, before touching `output`, if `input` is not of `inputShape`.
    public func convolve(_ input: Tensor, into output: inout Tensor) throws {
        guard input.shape == inputShape else {
            throw ConvolutionError.invalidShape("the plan is for inputs of shape \(inputShape), got \(input.shape)")
        }
        try Self.prepare(&output, shape: outputShape)
        guard !output.scalars.isEmpty else { return }
        let (height, rowFloats) = (outputShape[1], self.rowFloats)
        let bandRows: Int
        if case .banded(let layout, _) = schedule {
            bandRows = layout.bandRows(batch: geometry.batch, outHeight: height, budgetFloats: Self.bandBudgetFloats)
        } else {
            bandRows = 1
        }
        let bandsPerImage = (height + bandRows - 1) / bandRows
        output.scalars.withUnsafeMutableBufferPointer { target in
            let base = target.baseAddress!
            ParallelWork.run(geometry.batch * bandsPerImage, scratchFloats: scratchFloats(rows: bandRows)) { item, scratch in
                let image = item / bandsPerImage
                let first = (item % bandsPerImage) * bandRows
                compute(input, image: image, rows: first..<min(height, first + bandRows),
                        into: base + (image * height + first) * rowFloats, scratch: scratch)
            }
        }
    }

    /// Writes output rows `rows` of image `image` of `input` to `output` (`rows.count · rowFloats` floats,
    /// row-major `[rows, outWidth, K]`), using `scratch` (`scratchFloats(rows: rows.count)` floats).
    package func compute(_ input: Tensor, image: Int, rows: Range<Int>, into output: UnsafeMutablePointer<Float>,
                         scratch: UnsafeMutablePointer<Float>) {
        precondition(input.shape == inputShape, "the input must have the plan's shape")
        precondition(image >= 0 && image < outputShape[0] && rows.lowerBound >= 0 && rows.upperBound <= outputShape[1],
                     "rows outside the output")
        guard !rows.isEmpty, rowFloats > 0 else { return }
        switch schedule {
        case .banded(let layout, let algorithm):
            input.scalars.withUnsafeBufferPointer { source in
                if let base = source.baseAddress {
                    let imageFloats = geometry.inHeight * geometry.inWidth * geometry.inChannels
                    layout.fill(scratch, image: base + image * imageFloats, firstRow: rows.lowerBound, outputRows: rows.count)
                } else {
                    // An image with no pixels (explicit padding around a zero-size axis) pads to zeros.
                    scratch.update(repeating: 0, count: layout.rowCount(outputRows: rows.count) * layout.rowStride)
                }
            }
            algorithm.compute(band: UnsafePointer(scratch), layout: layout, rows: rows.count, into: output)
        case .referenceConv(let bank, let groups, let border):
            ReferenceConvolution.conv2DRows(input, bank, groups: groups, geometry, border: border, image: image, rows: rows, into: output)
        case .referenceDepthwise(let filter, let border):
            ReferenceConvolution.depthwiseRows(input, filter, geometry, border: border, image: image, rows: rows, into: output)
        }
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

    /// Makes `output` a tensor of `shape` whose values are about to be overwritten: kept as is when it
    /// already fits, otherwise fresh uninitialised storage (advised for huge pages), never zero-filled.
    static func prepare(_ output: inout Tensor, shape: [Int]) throws {
        if output.shape == shape { return }
        let (count, overflow) = Tensor.elementCount(shape)
        guard !overflow else { throw ConvolutionError.invalidShape("output shape \(shape) is too large") }
        let scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            HugePageAdvice.advise(buffer)
            // Only memory is reserved here; every element is written by the convolution that follows.
            initialized = count
        }
        output = try Tensor(shape: shape, scalars: scalars)
    }
}
