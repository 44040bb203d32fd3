/// tf.nn.conv2d on the fast core: NHWC input, HWIO bank, optional bias.
/// Throws `ConvolutionError` for any shape, stride, dilation or padding TensorFlow would reject.
public func conv2D(_ input: Tensor, _ bank: FilterBank, options: ConvolutionOptions = .init()) throws -> Tensor {
    try FastConvolution.conv2D(input, bank, options: options)
}

/// tf.nn.depthwise_conv2d on the fast core.
public func depthwiseConv2D(_ input: Tensor, _ filter: DepthwiseFilter, options: ConvolutionOptions = .init()) throws -> Tensor {
    try ReferenceConvolution.depthwiseConv2D(input, filter, options: options)
}
