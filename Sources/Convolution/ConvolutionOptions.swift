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

    /// Equal when every field is.
    public static func == (a: ConvolutionOptions, b: ConvolutionOptions) -> Bool {
        a.strides == b.strides && a.padding == b.padding && a.dilations == b.dilations
    }
}
