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
        guard height > 0, width > 0, inChannels > 0, outChannels > 0 else {
            throw ConvolutionError.invalidShape(
                "filter shape [\(height), \(width), \(inChannels), \(outChannels)] must have every size ≥ 1")
        }
        let (count, overflow) = Tensor.elementCount([height, width, inChannels, outChannels])
        guard !overflow, count == weights.count else {
            throw ConvolutionError.invalidShape(
                "filter shape [\(height), \(width), \(inChannels), \(outChannels)] needs \(count) weights, got \(weights.count)")
        }
        if let bias, bias.count != outChannels {
            throw ConvolutionError.invalidShape("bias has \(bias.count) values but the filter has \(outChannels) output channels")
        }
        self.height = height
        self.width = width
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.weights = weights
        self.bias = bias
    }

    /// The weight w[m, n, c, o].
    public func weight(_ m: Int, _ n: Int, _ c: Int, _ o: Int) -> Float {
        weights[((m * width + n) * inChannels + c) * outChannels + o]
    }

    /// The HWIO shape.
    public var shape: [Int] { [height, width, inChannels, outChannels] }
}
