import Essentials

extension NPYArray {
    /// The array as a filter bank: must be 4-D HWIO `[fh, fw, in, out]`; `bias` (if any) must be 1-D `[out]`.
    public func filterBank(bias: NPYArray? = nil) throws -> FilterBank {
        guard shape.count == 4 else {
            throw ConvolutionError.invalidShape("a filter must be 4-D HWIO [fh, fw, in, out], got shape \(shape)")
        }
        if let bias, bias.shape.count != 1 {
            throw ConvolutionError.invalidShape("a bias must be 1-D [out], got shape \(bias.shape)")
        }
        return try FilterBank(
            height: shape[0], width: shape[1], inChannels: shape[2], outChannels: shape[3],
            weights: values, bias: bias?.values)
    }
}
