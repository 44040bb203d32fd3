/// Pixels as a format decoder produced them (upright when asked), before the channel policy.
struct RawImage: Sendable {
    /// Header facts (stored size).
    var info: ImageInfo
    /// Width of `samples` (the stored height when the orientation swapped them).
    var width: Int
    /// Height of `samples`.
    var height: Int
    /// Interleaved samples, `height * width * channels`, on a 0…255 scale whatever the bit depth.
    var samples: [Float]
    /// Interleaved channel count of `samples` (1, 2, 3 or 4; CMYK already converted to 3).
    var channels: Int
    /// Metadata as stored.
    var metadata: ImageMetadata
    /// What was wrong without stopping the decoding.
    var warnings: [DecodeWarning]
}
