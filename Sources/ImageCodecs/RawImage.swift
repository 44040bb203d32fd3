/// Pixels as a format decoder produced them (upright when asked), before the channel policy.
struct RawImage: Sendable {
    /// Header facts (stored size).
    var info: ImageInfo
    /// Width of `samples` (the stored height when the orientation swapped them).
    var width: Int
    /// Height of `samples`.
    var height: Int
    /// Interleaved samples, `height * width * channels`: floats on a 0…255 scale whatever the bit depth,
    /// or the stored 8/16-bit integers when those were asked for.
    var pixels: ImageSamples
    /// Interleaved channel count of `samples` (1, 2, 3 or 4; CMYK already converted to 3).
    var channels: Int
    /// Metadata as stored.
    var metadata: ImageMetadata
    /// What was wrong without stopping the decoding.
    var warnings: [DecodeWarning]

    /// The samples as floats on the 0…255 scale (no copy when they were decoded as floats).
    var samples: [Float] { pixels.floats }
}
