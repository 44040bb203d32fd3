/// Strides, padding, dilations and border of one convolution; defaults are stride 1, SAME, no
/// dilation and a zero border (exactly tf.nn.conv2d).
public struct ConvolutionOptions: Equatable, Sendable {
    /// Vertical and horizontal step between output pixels, each ≥ 1.
    public var strides: (height: Int, width: Int)
    /// Which positions are added around the input.
    public var padding: Padding
    /// Spacing between kernel taps, each ≥ 1; the effective kernel is (k − 1)·d + 1.
    public var dilations: (height: Int, width: Int)
    /// What the added positions hold.
    public var border: Border

    /// Creates options; validation happens when a geometry is computed.
    public init(strides: (Int, Int) = (1, 1), padding: Padding = .same, dilations: (Int, Int) = (1, 1), border: Border = .zero) {
        self.strides = (strides.0, strides.1)
        self.padding = padding
        self.dilations = (dilations.0, dilations.1)
        self.border = border
    }

    /// Equal when every field is.
    public static func == (a: ConvolutionOptions, b: ConvolutionOptions) -> Bool {
        a.strides == b.strides && a.padding == b.padding && a.dilations == b.dilations && a.border == b.border
    }
}
