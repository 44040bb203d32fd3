/// A register-blocked microkernel: `pixels` consecutive output pixels of one panel of output
/// channels held in registers while every tap adds broadcast input × weight vector. The segment loop
/// of `PanelConvolution` is written once, generic over this.
protocol RegisterBlock {
    /// Output pixels per `block` call.
    static var pixels: Int { get }

    /// Computes `pixels` consecutive output pixels of one panel.
    /// - input: band position of the first pixel; pixel q's tap t reads `input + q·pixelStride + taps.offsets[t]`.
    /// - weights, bias: the panel's packed vectors (one per tap, in tap order) and its bias vector.
    /// - output: first pixel's first channel of the panel; pixel q writes `lanes` floats at `output + q·outputStride`.
    static func block<Stride: PixelStride>(
        _: Stride.Type, input: UnsafePointer<Float>, pixelStride: Int, taps: TapTable,
        weights: UnsafePointer<Float>, bias: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, outputStride: Int, lanes: Int)

    /// One output pixel of one panel (segments shorter than a block).
    static func single(
        input: UnsafePointer<Float>, taps: TapTable, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, lanes: Int)
}
