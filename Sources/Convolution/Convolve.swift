import Essentials
/// tf.nn.conv2d on the fast core: NHWC input, HWIO bank, optional bias; the border of `options`
/// fills the padded positions (zero, as TensorFlow does, unless asked otherwise).
/// Throws `ConvolutionError` for any shape, stride, dilation or padding TensorFlow would reject.
public func conv2D(_ input: Tensor, _ bank: FilterBank, options: ConvolutionOptions = .init()) throws -> Tensor {
    try Tensor.filled { try conv2D(input, bank, options: options, into: &$0) }
}

/// tf.nn.conv2d into an existing tensor: when `output` already has the result's shape its storage is
/// reused (no allocation, page faults or zeroing), which is what a loop over many same-size images
/// wants; otherwise it is replaced. On a thrown error `output` is left unchanged.
public func conv2D(_ input: Tensor, _ bank: FilterBank, options: ConvolutionOptions = .init(), into output: inout Tensor) throws {
    try ConvolutionPlan(inputShape: input.shape, bank: bank, options: options).convolve(input, into: &output)
}

/// tf.nn.depthwise_conv2d on the fast core.
public func depthwiseConv2D(_ input: Tensor, _ filter: DepthwiseFilter, options: ConvolutionOptions = .init()) throws -> Tensor {
    try Tensor.filled { try depthwiseConv2D(input, filter, options: options, into: &$0) }
}

/// tf.nn.depthwise_conv2d into an existing tensor, reusing its storage when the shape fits.
public func depthwiseConv2D(_ input: Tensor, _ filter: DepthwiseFilter, options: ConvolutionOptions = .init(), into output: inout Tensor) throws {
    try ConvolutionPlan(inputShape: input.shape, depthwise: filter, options: options).convolve(input, into: &output)
}

extension Tensor {
    /// A `[0, 0, 0, 0]` placeholder to pass as `into:` the first time.
    public static var empty: Tensor { try! Tensor(shape: [0, 0, 0, 0], scalars: []) }

    /// The tensor `body` writes into a fresh placeholder.
    static func filled(_ body: (inout Tensor) throws -> Void) rethrows -> Tensor {
        var output = Tensor.empty
        try body(&output)
        return output
    }
}
