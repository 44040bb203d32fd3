import Essentials
/// The plain, obviously correct convolutions: direct loops over the tf.nn.conv2d formula
///   y[b, i, j, o] = Σ_m Σ_n Σ_c x[b, i·sh + m·dh − pt, j·sw + n·dw − pl, g·Cin + c] · w[m, n, c, o] + bias[o]
/// (g = o's group; taps that fall in the padding read zero). The fast core is tested against these.
public enum ReferenceConvolution {
    /// tf.nn.conv2d, including the grouped case (input channels a multiple of the filter's in-channels).
    public static func conv2D(_ input: Tensor, _ bank: FilterBank, options: ConvolutionOptions = .init()) throws -> Tensor {
        let geometry = try ConvolutionGeometry(
            inputShape: input.shape, kernelHeight: bank.height, kernelWidth: bank.width, options: options)
        let groups = try groupCount(inputChannels: input.channels, bank: bank)
        let outPerGroup = bank.outChannels / groups
        var output = try Tensor(zeros: [input.batch, geometry.outHeight, geometry.outWidth, bank.outChannels])
        for b in 0..<input.batch {
            for i in 0..<geometry.outHeight {
                for j in 0..<geometry.outWidth {
                    for o in 0..<bank.outChannels {
                        let firstChannel = (o / outPerGroup) * bank.inChannels
                        var sum: Float = 0
                        for m in 0..<bank.height {
                            let y = i * geometry.strideH + m * geometry.dilationH - geometry.rows.padBefore
                            guard y >= 0, y < input.height else { continue }
                            for n in 0..<bank.width {
                                let x = j * geometry.strideW + n * geometry.dilationW - geometry.cols.padBefore
                                guard x >= 0, x < input.width else { continue }
                                for c in 0..<bank.inChannels {
                                    sum += input[b, y, x, firstChannel + c] * bank.weight(m, n, c, o)
                                }
                            }
                        }
                        output[b, i, j, o] = sum + (bank.bias?[o] ?? 0)
                    }
                }
            }
        }
        return output
    }

    /// tf.nn.depthwise_conv2d: each input channel filtered by its own kernels, no summation across channels.
    public static func depthwiseConv2D(_ input: Tensor, _ filter: DepthwiseFilter, options: ConvolutionOptions = .init()) throws -> Tensor {
        guard input.channels == filter.channels else {
            throw ConvolutionError.channelMismatch(
                "depthwise filter has \(filter.channels) channels but the input has \(input.channels)")
        }
        let geometry = try ConvolutionGeometry(
            inputShape: input.shape, kernelHeight: filter.height, kernelWidth: filter.width, options: options)
        let outChannels = filter.channels * filter.multiplier
        var output = try Tensor(zeros: [input.batch, geometry.outHeight, geometry.outWidth, outChannels])
        for b in 0..<input.batch {
            for i in 0..<geometry.outHeight {
                for j in 0..<geometry.outWidth {
                    for c in 0..<filter.channels {
                        for k in 0..<filter.multiplier {
                            var sum: Float = 0
                            for m in 0..<filter.height {
                                let y = i * geometry.strideH + m * geometry.dilationH - geometry.rows.padBefore
                                guard y >= 0, y < input.height else { continue }
                                for n in 0..<filter.width {
                                    let x = j * geometry.strideW + n * geometry.dilationW - geometry.cols.padBefore
                                    guard x >= 0, x < input.width else { continue }
                                    sum += input[b, y, x, c] * filter.weight(m, n, c, k)
                                }
                            }
                            output[b, i, j, c * filter.multiplier + k] = sum
                        }
                    }
                }
            }
        }
        return output
    }

    /// Number of groups tf.nn.conv2d would use, or the error it would raise.
    public static func groupCount(inputChannels: Int, bank: FilterBank) throws -> Int {
        guard inputChannels > 0, inputChannels % bank.inChannels == 0 else {
            throw ConvolutionError.channelMismatch(
                "input has \(inputChannels) channels, which is not a multiple of the filter's \(bank.inChannels) in-channels")
        }
        let groups = inputChannels / bank.inChannels
        guard bank.outChannels % groups == 0 else {
            throw ConvolutionError.channelMismatch(
                "grouped convolution: \(inputChannels) input channels / \(bank.inChannels) filter in-channels = \(groups) groups, "
                    + "but the filter's \(bank.outChannels) out-channels are not a multiple of \(groups)")
        }
        return groups
    }
}
