import Essentials
/// What a plan reads its bands from: a float tensor, or interleaved 8- or 16-bit samples as a
/// decoder produces them, converted to floats only inside each band (an 8-bit sample v is v, a 16-bit
/// one v/257, the decoder's 0…255 scale), so a 12 MP RGB photo costs 36 MB of samples instead of a
/// 144 MB float tensor, with exactly the results of that tensor.
public enum ConvolutionInput: Sendable {
    /// A float tensor.
    case float(Tensor)
    /// 8-bit samples.
    case uint8(InterleavedSamples<UInt8>)
    /// 16-bit samples.
    case uint16(InterleavedSamples<UInt16>)

    /// `[N, H, W, C]`.
    public var shape: [Int] {
        switch self {
        case .float(let tensor): return tensor.shape
        case .uint8(let samples): return samples.shape
        case .uint16(let samples): return samples.shape
        }
    }
}

extension ConvolutionInput {
    /// The images as a float tensor (the tensor itself, or the samples converted as the band fill
    /// converts them), for the code that needs whole floats: stacking, raw outputs, contact sheets.
    public var tensor: Tensor {
        switch self {
        case .float(let tensor): return tensor
        case .uint8(let samples): return samples.tensor
        case .uint16(let samples): return samples.tensor
        }
    }
}
