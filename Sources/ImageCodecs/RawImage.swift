/// Pixels as a format decoder produced them, before orientation and channel policy.
struct RawImage: Sendable {
    /// Header facts.
    var info: ImageInfo
    /// Interleaved samples, `info.height * info.width * channels`, on a 0…255 scale whatever the bit depth.
    var samples: [Float]
    /// Interleaved channel count of `samples` (1, 2, 3 or 4; CMYK already converted to 3).
    var channels: Int
}
