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
    /// Which algorithm computes the rows (chosen by estimated cost; see `ScheduleChooser`).
    public let path: ConvolutionPath
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
        try self.init(inputShape: inputShape, bank: bank, options: options, request: .automatic)
    }

    /// The conv plan on the path `request` names (benchmarks and tests force each path).
    package convenience init(inputShape: [Int], bank: FilterBank, options: ConvolutionOptions, request: PathRequest) throws {
        let geometry = try ConvolutionGeometry(
            inputShape: inputShape, kernelHeight: bank.height, kernelWidth: bank.width, options: options)
        let groups = try bank.groupCount(inputChannels: geometry.inChannels)
        let schedule: Schedule, path: ConvolutionPath
        if PaddedBandLayout.fits(geometry) {
            let layout = PaddedBandLayout(geometry, border: options.border)
            let chosen = ScheduleChooser.conv(bank, groups: groups, geometry: geometry, layout: layout, request: request)
            (schedule, path) = (.banded(layout, chosen.algorithm), chosen.path)
        } else {
            (schedule, path) = (.referenceConv(bank, groups: groups, options.border), .reference)
        }
        self.init(geometry, outChannels: bank.outChannels, schedule: schedule, path: path, bias: nil)
    }

    /// tf.nn.depthwise_conv2d of an input of `inputShape` with `filter`, then `bias[k]` added to output
    /// channel k (one value per channel, `C · multiplier`, or nil); throws what `depthwiseConv2D` throws.
    public convenience init(inputShape: [Int], depthwise filter: DepthwiseFilter, bias: [Float]? = nil,
                            options: ConvolutionOptions = .init()) throws {
        try self.init(inputShape: inputShape, depthwise: filter, bias: bias, options: options, request: .automatic)
    }

    /// The depthwise plan on the path `request` names.
    package convenience init(inputShape: [Int], depthwise filter: DepthwiseFilter, bias: [Float]? = nil,
                             options: ConvolutionOptions, request: PathRequest) throws {
        if inputShape.count == 4 { try filter.checkChannels(inputShape[3]) }
        let geometry = try ConvolutionGeometry(
            inputShape: inputShape, kernelHeight: filter.height, kernelWidth: filter.width, options: options)
        let outChannels = filter.channels * filter.multiplier
        if let bias, bias.count != outChannels {
            throw ConvolutionError.invalidShape("depthwise bias has \(bias.count) values for \(outChannels) output channels")
        }
        let schedule: Schedule, path: ConvolutionPath
        if PaddedBandLayout.fits(geometry) {
            let layout = PaddedBandLayout(geometry, border: options.border)
            let chosen = try ScheduleChooser.depthwise(filter, geometry: geometry, layout: layout, request: request)
            (schedule, path) = (.banded(layout, chosen.algorithm), chosen.path)
        } else {
            (schedule, path) = (.referenceDepthwise(filter, options.border), .reference)
        }
        self.init(geometry, outChannels: outChannels, schedule: schedule, path: path,
                  bias: bias.flatMap { $0.contains { $0 != 0 } ? $0 : nil })
    }

    private init(_ geometry: ConvolutionGeometry, outChannels: Int, schedule: Schedule, path: ConvolutionPath, bias: [Float]?) {
        self.geometry = geometry
        self.inputShape = [geometry.batch, geometry.inHeight, geometry.inWidth, geometry.inChannels]
        self.outputShape = [geometry.batch, geometry.outHeight, geometry.outWidth, outChannels]
        self.schedule = schedule
        self.path = path
        self.bias = bias
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
