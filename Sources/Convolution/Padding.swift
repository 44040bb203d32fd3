/// How the border is handled, as in tf.nn.conv2d.
public enum Padding: Equatable, Sendable {
    /// No padding: only windows that fit inside the input; out = ceil((in − eff + 1) / s).
    case valid
    /// Zero padding so that out = ceil(in / s); total = max(0, (out − 1)·s + eff − in), with
    /// total/2 (rounded down) before and the odd pixel after (bottom/right), as TensorFlow places it.
    case same
    /// Explicit zero padding in pixels, each ≥ 0.
    case explicit(top: Int, bottom: Int, left: Int, right: Int)
}

/// Strides, padding and dilations of one convolution; defaults are stride 1, SAME, no dilation.
public struct ConvolutionOptions: Equatable, Sendable {
    /// Vertical and horizontal step between output pixels, each ≥ 1.
    public var strides: (height: Int, width: Int)
    /// Border handling.
    public var padding: Padding
    /// Spacing between kernel taps, each ≥ 1; the effective kernel is (k − 1)·d + 1.
    public var dilations: (height: Int, width: Int)

    /// Creates options; validation happens when a geometry is computed.
    public init(strides: (Int, Int) = (1, 1), padding: Padding = .same, dilations: (Int, Int) = (1, 1)) {
        self.strides = (strides.0, strides.1)
        self.padding = padding
        self.dilations = (dilations.0, dilations.1)
    }

    public static func == (a: ConvolutionOptions, b: ConvolutionOptions) -> Bool {
        a.strides == b.strides && a.padding == b.padding && a.dilations == b.dilations
    }
}
