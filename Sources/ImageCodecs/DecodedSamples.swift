/// A decoded image's samples (every channel, upright if orientation was applied), plus its header facts
/// and metadata. `ImageDecoder.decodeSamples(path:options:)` returns the stored 8- or 16-bit samples;
/// inside the module the format decoders also hand `decode` its floats in this shape, before the
/// channel policy.
public struct DecodedSamples: Sendable {
    /// Width and height of the (upright) pixels.
    public var width: Int, height: Int
    /// Interleaved channels: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.
    public var channels: Int
    /// `height · width · channels` samples.
    public var samples: ImageSamples
    /// Header facts of the file (stored size, before orientation).
    public var info: ImageInfo
    /// ICC profile, EXIF and XMP exactly as stored in the file.
    public var metadata: ImageMetadata
    /// Whether the EXIF orientation was applied.
    public var orientationApplied: Bool
    /// What was wrong with the file without stopping its decoding.
    public var warnings: [DecodeWarning]
}
