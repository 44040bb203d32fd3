import Essentials

/// The alpha channel of decoded images (gray+alpha, RGBA), split from and merged back into the colour.
enum AlphaChannel {
    /// Gray+alpha → gray, RGBA → RGB; other tensors are returned as they are.
    static func dropped(from tensor: Tensor) throws -> Tensor {
        let channels = tensor.channels
        guard channels == 2 || channels == 4 else { return tensor }
        let kept = channels - 1
        let pixels = tensor.batch * tensor.height * tensor.width
        var scalars = [Float](repeating: 0, count: pixels * kept)
        tensor.scalars.withUnsafeBufferPointer { source in
            for p in 0..<pixels {
                for c in 0..<kept { scalars[p * kept + c] = source[p * channels + c] }
            }
        }
        return try Tensor(shape: [tensor.batch, tensor.height, tensor.width, kept], scalars: scalars)
    }
}
