import Essentials
/// A bank of convolution filters in TensorFlow's HWIO layout `[fh, fw, in, out]` plus an optional
/// bias `[out]`, exactly what `np.save` of a Keras Conv2D layer's weights gives.
public struct FilterBank: Equatable, Sendable {
    /// Kernel height.
    public let height: Int
    /// Kernel width.
    public let width: Int
    /// Input channels per group (the `in` of HWIO).
    public let inChannels: Int
    /// Output channels (number of filters).
    public let outChannels: Int
    /// HWIO weights, `height * width * inChannels * outChannels` values.
    public let weights: [Float]
    /// One bias per output channel, or nil for none.
    public let bias: [Float]?

    /// Creates a bank after checking every size against the data.
    public init(height: Int, width: Int, inChannels: Int, outChannels: Int, weights: [Float], bias: [Float]? = nil) throws {
        try ConvolutionError.checkFilterShape([height, width, inChannels, outChannels], weights: weights.count, kind: "filter")
        if let bias, bias.count != outChannels {
            throw ConvolutionError.invalidShape("bias has \(bias.count) values but the filter has \(outChannels) output channels")
        }
        // The shape is one [FH, FW, CIN, COUT] quadruple, as TF writes it.
        (self.height, self.width, self.inChannels, self.outChannels) = (height, width, inChannels, outChannels)
        self.weights = weights
        self.bias = bias
    }

    /// The weight w[m, n, c, o].
    public func weight(_ m: Int, _ n: Int, _ c: Int, _ o: Int) -> Float {
        weights[((m * width + n) * inChannels + c) * outChannels + o]
    }

    /// The HWIO shape.
    public var shape: [Int] { [height, width, inChannels, outChannels] }

    /// Number of groups tf.nn.conv2d uses for an input of `inputChannels` channels, or the error it raises.
    func groupCount(inputChannels: Int) throws -> Int {
        guard inputChannels > 0, inputChannels % self.inChannels == 0 else {
            throw ConvolutionError.channelMismatch(
                "input has \(inputChannels) channels, which is not a multiple of the filter's \(self.inChannels) in-channels")
        }
        let groups = inputChannels / self.inChannels
        guard outChannels % groups == 0 else {
            throw ConvolutionError.channelMismatch(
                "grouped convolution: \(inputChannels) input channels / \(self.inChannels) filter in-channels = \(groups) groups, "
                    + "but the filter's \(outChannels) out-channels are not a multiple of \(groups)")
        }
        return groups
    }
}
