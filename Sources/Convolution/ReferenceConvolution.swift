import Essentials
/// The plain, obviously correct convolutions: direct loops over the tf.nn.conv2d formula
///   y[b, i, j, o] = Σ_m Σ_n Σ_c x[b, B(i·sh + m·dh − pt), B(j·sw + n·dw − pl), g·Cin + c] · w[m, n, c, o] + bias[o]
/// (g = o's group; B maps a padded position to the input pixel the border copies, or to a zero).
/// What is computed, kept apart from how fast: the plan is tested against these.
public enum ReferenceConvolution {
    /// tf.nn.conv2d, including the grouped case (input channels a multiple of the filter's in-channels).
    public static func conv2D(_ input: Tensor, _ bank: FilterBank, options: ConvolutionOptions = .init()) throws -> Tensor {
        let geometry = try ConvolutionGeometry(
            inputShape: input.shape, kernelHeight: bank.height, kernelWidth: bank.width, options: options)
        let groups = try bank.groupCount(inputChannels: input.channels)
        var output = try Tensor(zeros: [input.batch, geometry.outHeight, geometry.outWidth, bank.outChannels])
        let imageFloats = geometry.outHeight * geometry.outWidth * bank.outChannels
        output.scalars.withUnsafeMutableBufferPointer { target in
            for b in 0..<input.batch {
                conv2DRows(input, bank, groups: groups, geometry, border: options.border, image: b,
                           rows: 0..<geometry.outHeight, into: target.baseAddress! + b * imageFloats)
            }
        }
        return output
    }

    /// tf.nn.depthwise_conv2d: each input channel filtered by its own kernels, no summation across channels.
    public static func depthwiseConv2D(_ input: Tensor, _ filter: DepthwiseFilter, options: ConvolutionOptions = .init()) throws -> Tensor {
        try filter.checkChannels(input.channels)
        let geometry = try ConvolutionGeometry(
            inputShape: input.shape, kernelHeight: filter.height, kernelWidth: filter.width, options: options)
        let outChannels = filter.channels * filter.multiplier
        var output = try Tensor(zeros: [input.batch, geometry.outHeight, geometry.outWidth, outChannels])
        let imageFloats = geometry.outHeight * geometry.outWidth * outChannels
        output.scalars.withUnsafeMutableBufferPointer { target in
            for b in 0..<input.batch {
                depthwiseRows(input, filter, geometry, border: options.border, image: b,
                              rows: 0..<geometry.outHeight, into: target.baseAddress! + b * imageFloats)
            }
        }
        return output
    }

    /// Output rows `rows` of image `b` of tf.nn.conv2d, row-major `[rows, outWidth, outChannels]`.
    static func conv2DRows(
        _ input: Tensor, _ bank: FilterBank, groups: Int, _ g: ConvolutionGeometry, border: Border, image b: Int,
        rows: Range<Int>, into output: UnsafeMutablePointer<Float>
    ) {
        let outPerGroup = bank.outChannels / groups
        var index = 0
        for i in rows {
            for j in 0..<g.outWidth {
                for o in 0..<bank.outChannels {
                    let firstChannel = (o / outPerGroup) * bank.inChannels
                    var sum: Float = 0
                    for m in 0..<bank.height {
                        guard let y = border.sourceIndex(i * g.strideH + m * g.dilationH - g.rows.padBefore, length: g.inHeight) else { continue }
                        for n in 0..<bank.width {
                            guard let x = border.sourceIndex(j * g.strideW + n * g.dilationW - g.cols.padBefore, length: g.inWidth) else { continue }
                            for c in 0..<bank.inChannels {
                                sum += input[b, y, x, firstChannel + c] * bank.weight(m, n, c, o)
                            }
                        }
                    }
                    output[index] = sum + (bank.bias?[o] ?? 0)
                    index += 1
                }
            }
        }
    }

    /// Output rows `rows` of image `b` of tf.nn.depthwise_conv2d; output channel c·multiplier + k.
    static func depthwiseRows(
        _ input: Tensor, _ filter: DepthwiseFilter, _ g: ConvolutionGeometry, border: Border, image b: Int,
        rows: Range<Int>, into output: UnsafeMutablePointer<Float>
    ) {
        var index = 0
        for i in rows {
            for j in 0..<g.outWidth {
                for c in 0..<filter.channels {
                    for k in 0..<filter.multiplier {
                        var sum: Float = 0
                        for m in 0..<filter.height {
                            guard let y = border.sourceIndex(i * g.strideH + m * g.dilationH - g.rows.padBefore, length: g.inHeight) else { continue }
                            for n in 0..<filter.width {
                                guard let x = border.sourceIndex(j * g.strideW + n * g.dilationW - g.cols.padBefore, length: g.inWidth) else { continue }
                                sum += input[b, y, x, c] * filter.weight(m, n, c, k)
                            }
                        }
                        output[index] = sum
                        index += 1
                    }
                }
            }
        }
    }
}
