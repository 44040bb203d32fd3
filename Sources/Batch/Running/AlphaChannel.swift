import Essentials

/// The alpha channel of decoded images (gray+alpha, RGBA), set aside so that only the colour is
/// filtered, and put back unchanged beside the filtered colour.
enum AlphaChannel {
    /// Gray+alpha → (gray, alpha), RGBA → (RGB, alpha); other tensors come back whole with no alpha.
    /// Alpha is one value per pixel of all batch items, on the decoder's scale.
    static func split(_ tensor: Tensor) throws -> (colour: Tensor, alpha: [Float]?) {
        let channels = tensor.channels
        guard channels == 2 || channels == 4 else { return (tensor, nil) }
        let kept = channels - 1
        let pixels = tensor.batch * tensor.height * tensor.width
        var colour = [Float](repeating: 0, count: pixels * kept)
        var alpha = [Float](repeating: 0, count: pixels)
        tensor.scalars.withUnsafeBufferPointer { source in
            for p in 0..<pixels {
                for c in 0..<kept { colour[p * kept + c] = source[p * channels + c] }
                alpha[p] = source[p * channels + kept]
            }
        }
        return (try Tensor(shape: [tensor.batch, tensor.height, tensor.width, kept], scalars: colour), alpha)
    }

    /// `pixels` (`channels` interleaved per pixel) with `alpha` appended to each pixel, converted from
    /// the decoder's 0…255 scale to 0…`maximum` (255 or 65535, where a 16-bit sample v decodes to v/257).
    static func appending<Pixel: FixedWidthInteger & UnsignedInteger>(_ alpha: [Float], to pixels: [Pixel], channels: Int, maximum: Float) -> [Pixel] {
        let count = alpha.count
        var result = [Pixel](repeating: 0, count: count * (channels + 1))
        let scale = maximum / 255
        for p in 0..<count {
            for c in 0..<channels { result[p * (channels + 1) + c] = pixels[p * channels + c] }
            result[p * (channels + 1) + channels] = Pixel(min(max((alpha[p] * scale).rounded(), 0), maximum))
        }
        return result
    }
}
