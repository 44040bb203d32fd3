import Convolution

/// What one Keras layer computes, with the options read from its config. Weights are not here:
/// `LayerWeights` holds them, checked against these options.
enum LayerKind: Sendable {
    /// The model input; `shape` excludes the batch (nil sizes are free).
    case input(shape: [Int?])
    /// Conv2D; `filters` output channels, `groups` ≥ 1.
    case conv(ConvolutionSpec, filters: Int, groups: Int)
    /// DepthwiseConv2D: output channel c·M + m.
    case depthwise(ConvolutionSpec, multiplier: Int)
    /// SeparableConv2D: depthwise (no bias), then a 1×1 pointwise conv, then the bias.
    case separable(ConvolutionSpec, multiplier: Int, filters: Int)
    /// BatchNormalization at inference: γ(x − μ)/√(σ² + ε) + β over the last axis.
    case batchNorm(epsilon: Float, center: Bool, scale: Bool)
    /// Activation, ReLU, LeakyReLU, ELU layers.
    case activation(ActivationFunction)
    /// Softmax over the last axis (the Softmax layer and activation="softmax").
    case softmax
    /// MaxPooling2D / AveragePooling2D.
    case pool(PoolSpec)
    /// GlobalAveragePooling2D / GlobalMaxPooling2D.
    case globalPool(average: Bool, keepDims: Bool)
    /// ZeroPadding2D (positive) or Cropping2D (the amounts removed).
    case pad(top: Int, bottom: Int, left: Int, right: Int, crop: Bool)
    /// Rescaling: x·scale + offset (scalars or one value per channel).
    case rescaling(scale: [Float], offset: [Float])
    /// Dropout and SpatialDropout2D at inference.
    case identity
    /// Add, Subtract, Multiply, Average, Maximum, Minimum.
    case merge(MergeOperation)
    /// Concatenate along `axis` (negative counts from the end, as in Keras).
    case concatenate(axis: Int)
    /// Flatten: [N, …] → [N, product].
    case flatten
    /// Reshape to [N] + target (one −1 allowed).
    case reshape([Int])
    /// Dense on the last axis.
    case dense(units: Int, useBias: Bool, activation: ActivationFunction?)
    /// Any other class: refused when it has to be computed.
    case unsupported

    /// Whether a layer produces maps worth drawing by default (conv-like and pooling layers).
    var isDefaultPick: Bool {
        switch self {
        case .conv, .depthwise, .separable, .pool, .globalPool: return true
        default: return false
        }
    }
}

/// Strides, padding, dilation, kernel size, bias and activation shared by the convolution layers.
struct ConvolutionSpec: Sendable {
    let kernel: (height: Int, width: Int)
    let options: ConvolutionOptions
    let useBias: Bool
    /// nil: softmax.
    let activation: ActivationFunction?
}

/// Pool size, strides and padding of MaxPooling2D / AveragePooling2D.
struct PoolSpec: Sendable {
    let average: Bool
    let size: (height: Int, width: Int)
    let strides: (height: Int, width: Int)
    let same: Bool
}

/// The elementwise merge layers.
enum MergeOperation: String, Sendable {
    case add, subtract, multiply, average, maximum, minimum
}
