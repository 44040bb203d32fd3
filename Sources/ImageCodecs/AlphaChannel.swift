/// Splitting interleaved pixels into colour and alpha and back, so a caller can filter the colour
/// channels of a gray+alpha or RGBA image and keep its alpha unchanged. One pass each, no intermediate.
public enum AlphaChannel {
    /// Whether interleaved pixels of `channels` channels end in alpha (2 gray+alpha, 4 RGBA).
    public static func hasAlpha(channels: Int) -> Bool { channels == 2 || channels == 4 }

    /// The colour channels (`channels - 1` per pixel) and the alpha plane (one per pixel) of
    /// interleaved `samples` whose last channel is alpha.
    @inlinable
    public static func split<Sample>(_ samples: [Sample], channels: Int) -> (colour: [Sample], alpha: [Sample]) {
        precondition(channels >= 2 && samples.count % channels == 0, "alpha needs 2+ channels and whole pixels")
        let pixels = samples.count / channels, colourChannels = channels - 1
        var alpha: [Sample] = []
        let colour = [Sample](unsafeUninitializedCapacity: pixels * colourChannels) { colour, colourCount in
            alpha = [Sample](unsafeUninitializedCapacity: pixels) { alpha, alphaCount in
                samples.withUnsafeBufferPointer { source in
                    for p in 0..<pixels {
                        let from = p * channels, to = p * colourChannels
                        for k in 0..<colourChannels { (colour.baseAddress! + to + k).initialize(to: source[from + k]) }
                        (alpha.baseAddress! + p).initialize(to: source[from + colourChannels])
                    }
                }
                alphaCount = pixels
            }
            colourCount = pixels * colourChannels
        }
        return (colour, alpha)
    }

    /// Interleaves `colour` (`colourChannels` per pixel) with `alpha` (one per pixel) as the last channel.
    @inlinable
    public static func merge<Sample>(colour: [Sample], colourChannels: Int, alpha: [Sample]) -> [Sample] {
        precondition(colourChannels >= 1 && colour.count == alpha.count * colourChannels, "colour and alpha disagree")
        let channels = colourChannels + 1
        return [Sample](unsafeUninitializedCapacity: alpha.count * channels) { out, count in
            colour.withUnsafeBufferPointer { colour in
                alpha.withUnsafeBufferPointer { alpha in
                    for p in 0..<alpha.count {
                        let to = p * channels, from = p * colourChannels
                        for k in 0..<colourChannels { (out.baseAddress! + to + k).initialize(to: colour[from + k]) }
                        (out.baseAddress! + to + colourChannels).initialize(to: alpha[p])
                    }
                }
            }
            count = alpha.count * channels
        }
    }
}
