import Essentials
/// Per-channel kernels in tf.nn.depthwise_conv2d's layout `[fh, fw, C, multiplier]`: input channel c
/// is filtered by its own `multiplier` kernels into output channels c·multiplier … c·multiplier + multiplier − 1,
/// with no summation across channels.
public struct DepthwiseFilter: Equatable, Sendable {
    /// Kernel height.
    public let height: Int
    /// Kernel width.
    public let width: Int
    /// Input channels.
    public let channels: Int
    /// Kernels per input channel.
    public let multiplier: Int
    /// `[fh, fw, C, multiplier]` weights.
    public let weights: [Float]

    /// Creates a filter after checking the sizes against the data.
    public init(height: Int, width: Int, channels: Int, multiplier: Int, weights: [Float]) throws {
        try ConvolutionError.checkFilterShape([height, width, channels, multiplier], weights: weights.count, kind: "depthwise filter")
        self.height = height
        self.width = width
        self.channels = channels
        self.multiplier = multiplier
        self.weights = weights
    }

    /// One 2-D kernel `[fh][fw]` (row-major, `height * width` values) applied to each of `channels` channels.
    public init(kernel: [Float], height: Int, width: Int, channels: Int) throws {
        guard kernel.count == height * width else {
            throw ConvolutionError.invalidShape("a \(height)×\(width) kernel needs \(height * width) values, got \(kernel.count)")
        }
        var weights = [Float]()
        weights.reserveCapacity(kernel.count * channels)
        for value in kernel { weights.append(contentsOf: repeatElement(value, count: channels)) }
        try self.init(height: height, width: width, channels: channels, multiplier: 1, weights: weights)
    }

    /// The weight w[m, n, c, k].
    public func weight(_ m: Int, _ n: Int, _ c: Int, _ k: Int) -> Float {
        weights[((m * width + n) * channels + c) * multiplier + k]
    }

    /// The error tf.nn.depthwise_conv2d raises for an input of `inputChannels` channels, if any.
    func checkChannels(_ inputChannels: Int) throws {
        guard inputChannels == channels else {
            throw ConvolutionError.channelMismatch("depthwise filter has \(channels) channels but the input has \(inputChannels)")
        }
    }

    /// The same memory read as an HWIO bank `[fh, fw, 1, C·multiplier]`: a grouped conv2D with one input
    /// channel per group, which tf.nn.depthwise_conv2d is by definition (output c·multiplier + k in group c).
    func groupedBank() throws -> FilterBank {
        try FilterBank(height: height, width: width, inChannels: 1, outChannels: channels * multiplier, weights: weights)
    }
}
