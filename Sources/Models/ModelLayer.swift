/// What a caller can see of one layer: its name and class, whether FilterBank computes it, and its
/// trained filters when it is a convolution.
public struct ModelLayer: Sendable {
    /// The Keras layer name (unique in the model).
    public let name: String
    /// The Keras class name (Conv2D, Dense…).
    public let className: String
    /// False for classes FilterBank does not compute (Lambda, custom layers…).
    public let isSupported: Bool
    /// Conv-like and pooling layers: what `activations` draws by default.
    public let isDefaultPick: Bool
    /// The trained kernel of a Conv2D, DepthwiseConv2D or SeparableConv2D (its depthwise part).
    public let filters: LayerFilters?

    init(_ layer: ModelGraph.Layer, weights: LayerWeights) {
        name = layer.name
        className = layer.className
        if case .unsupported = layer.kind { isSupported = false } else { isSupported = true }
        isDefaultPick = layer.kind.isDefaultPick
        switch weights {
        case .conv(let bank):
            filters = LayerFilters(shape: bank.shape, weights: bank.weights, bias: bank.bias, isDepthwise: false)
        case .depthwise(let filter, let bias):
            filters = LayerFilters(shape: [filter.height, filter.width, filter.channels, filter.multiplier],
                                   weights: filter.weights, bias: bias, isDepthwise: true)
        case .separable(let filter, _):
            filters = LayerFilters(shape: [filter.height, filter.width, filter.channels, filter.multiplier],
                                   weights: filter.weights, bias: nil, isDepthwise: true)
        default:
            filters = nil
        }
    }
}

/// A layer's trained kernel as stored by Keras.
public struct LayerFilters: Sendable, Equatable {
    /// HWIO `[fh, fw, in, out]` for Conv2D; `[fh, fw, channels, multiplier]` when `isDepthwise`.
    public let shape: [Int]
    /// The kernel values in that layout (C order).
    public let weights: [Float]
    /// One bias per output channel, when the layer uses one.
    public let bias: [Float]?
    /// Depthwise layout: output channel c·multiplier + m filters input channel c alone.
    public let isDepthwise: Bool
}
