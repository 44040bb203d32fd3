/// Everything the convolution loops need: sizes, steps and padding, validated once.
public struct ConvolutionGeometry: Equatable, Sendable {
    /// Batch size.
    public let batch: Int
    /// Input height, width and channel count.
    public let inHeight: Int, inWidth: Int, inChannels: Int
    /// Kernel height and width (before dilation).
    public let kernelHeight: Int, kernelWidth: Int
    /// Steps between output pixels.
    public let strideH: Int, strideW: Int
    /// Steps between kernel taps.
    public let dilationH: Int, dilationW: Int
    /// Vertical and horizontal geometry.
    public let rows: AxisGeometry, cols: AxisGeometry

    /// Output height.
    public var outHeight: Int { rows.output }
    /// Output width.
    public var outWidth: Int { cols.output }

    /// Validates strides/dilations/padding against the input size and computes the output size.
    public init(inputShape: [Int], kernelHeight: Int, kernelWidth: Int, options: ConvolutionOptions) throws {
        guard inputShape.count == 4 else {
            throw ConvolutionError.invalidShape("input must be [N,H,W,C], got \(inputShape)")
        }
        let (sh, sw) = options.strides
        let (dh, dw) = options.dilations
        guard sh >= 1, sw >= 1 else {
            throw ConvolutionError.invalidParameter("strides must be ≥ 1, got (\(sh), \(sw))")
        }
        guard dh >= 1, dw >= 1 else {
            throw ConvolutionError.invalidParameter("dilations must be ≥ 1, got (\(dh), \(dw))")
        }
        let pads: (Int, Int, Int, Int)?
        if case .explicit(let t, let b, let l, let r) = options.padding {
            guard t >= 0, b >= 0, l >= 0, r >= 0 else {
                throw ConvolutionError.invalidParameter("explicit padding must be ≥ 0, got (\(t), \(b), \(l), \(r))")
            }
            pads = (t, b, l, r)
        } else {
            pads = nil
        }
        let rows = try Self.axis(
            "height", input: inputShape[1], kernel: kernelHeight, stride: sh, dilation: dh,
            padding: options.padding, explicit: pads.map { ($0.0, $0.1) })
        let cols = try Self.axis(
            "width", input: inputShape[2], kernel: kernelWidth, stride: sw, dilation: dw,
            padding: options.padding, explicit: pads.map { ($0.2, $0.3) })
        (batch, inHeight, inWidth, inChannels) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        (self.kernelHeight, self.kernelWidth) = (kernelHeight, kernelWidth)
        (strideH, strideW, dilationH, dilationW) = (sh, sw, dh, dw)
        (self.rows, self.cols) = (rows, cols)
    }

    /// SAME: out = ceil(in/s), total = max(0, (out−1)·s + eff − in), before = total/2 (floor).
    /// VALID: out = ceil((in − eff + 1)/s). Explicit: out = floor((in + before + after − eff)/s) + 1.
    static func axis(
        _ name: String, input: Int, kernel: Int, stride: Int, dilation: Int,
        padding: Padding, explicit: (Int, Int)?
    ) throws -> AxisGeometry {
        let effective = (kernel - 1) * dilation + 1
        let geometry: AxisGeometry
        switch padding {
        case .same:
            let out = (input + stride - 1) / stride
            let total = max(0, (out - 1) * stride + effective - input)
            geometry = AxisGeometry(output: out, padBefore: total / 2, padAfter: total - total / 2)
        case .valid:
            let span = input - effective + 1
            geometry = AxisGeometry(output: span <= 0 ? 0 : (span + stride - 1) / stride, padBefore: 0, padAfter: 0)
        case .explicit:
            let (before, after) = explicit ?? (0, 0)
            let span = input + before + after - effective
            geometry = AxisGeometry(output: span < 0 ? 0 : span / stride + 1, padBefore: before, padAfter: after)
        }
        guard geometry.output > 0 else {
            throw ConvolutionError.emptyOutput(
                "output \(name) would be \(geometry.output): input \(name) \(input) with padding "
                    + "\(geometry.padBefore)+\(geometry.padAfter) is smaller than the effective kernel \(name) "
                    + "\(effective) (kernel \(kernel), dilation \(dilation))")
        }
        return geometry
    }
}
