/// A filter seen as its 2-D kernels, one per (output channel, input channel) pair it reads: what the
/// large-kernel schedules analyse and factor. Depthwise output c·M + m reads input c through kernel
/// (c, m); an ungrouped conv output k sums every input c through kernel (k, c).
struct KernelSlices: Sendable {
    /// How outputs read inputs.
    enum Kind: Equatable, Sendable {
        /// tf.nn.depthwise_conv2d with this channel multiplier.
        case depthwise(multiplier: Int)
        /// tf.nn.conv2d with one group, summed over the input channels.
        case conv(outChannels: Int)
    }

    /// How outputs read inputs.
    let kind: Kind
    /// Kernel height and width.
    let height: Int, width: Int
    /// Input channels.
    let channels: Int
    /// The weights in their native layout: HWIO for conv, `[fh, fw, C, M]` for depthwise (the same
    /// memory order: w[m, n, c, o] at ((m·fw + n)·C + c)·O + o with O = K or M).
    let weights: [Float]
    /// Per-output bias a conv bank carries (depthwise bias is the plan's).
    let bias: [Float]?

    /// The slices of an ungrouped bank.
    init(_ bank: FilterBank) {
        kind = .conv(outChannels: bank.outChannels)
        (height, width, channels, weights, bias) = (bank.height, bank.width, bank.inChannels, bank.weights, bank.bias)
    }

    /// The slices of a depthwise filter.
    init(_ filter: DepthwiseFilter) {
        kind = .depthwise(multiplier: filter.multiplier)
        (height, width, channels, weights, bias) = (filter.height, filter.width, filter.channels, filter.weights, nil)
    }

    /// Output channels.
    var outChannels: Int {
        switch kind {
        case .depthwise(let multiplier): return channels * multiplier
        case .conv(let outChannels): return outChannels
        }
    }

    /// The last axis of `weights`: K for conv, M for depthwise.
    var lastAxis: Int {
        switch kind {
        case .depthwise(let multiplier): return multiplier
        case .conv(let outChannels): return outChannels
        }
    }

    /// Pairs (output, input) that carry a kernel, output-major.
    var pairs: [(output: Int, input: Int)] {
        switch kind {
        case .depthwise(let multiplier):
            return (0..<(channels * multiplier)).map { ($0, $0 / multiplier) }
        case .conv(let outChannels):
            return (0..<outChannels).flatMap { k in (0..<channels).map { (k, $0) } }
        }
    }

    /// Kernel of output `output` on input `input`, row-major `height × width`. For depthwise, `input`
    /// must be `output / M`.
    func kernel(output: Int, input: Int) -> [Float] {
        let last = lastAxis
        let o: Int
        switch kind {
        case .depthwise(let multiplier): o = output % multiplier
        case .conv: o = output
        }
        return (0..<(height * width)).map { weights[($0 * channels + input) * last + o] }
    }
}
