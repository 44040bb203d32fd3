import Essentials

/// A decoded image: a `[1, H, W, C]` tensor on a 0…255 scale, plus its header facts and metadata.
public struct DecodedImage: Sendable {
    /// `[1, H, W, C]`, upright if orientation was applied. Samples are on 0…255 whatever the bit depth:
    /// 8-bit v is v, 16-bit v is v / 257 (so `(x * 257).rounded()` gives v back exactly), 1/2/4-bit gray
    /// is scaled by bit replication.
    public var tensor: Tensor
    /// Header facts of the file (stored size, before orientation).
    public var info: ImageInfo
    /// ICC profile, EXIF and XMP exactly as stored in the file.
    public var metadata: ImageMetadata
    /// Whether the EXIF orientation was applied, i.e. the tensor is upright whatever the file stored.
    public var orientationApplied: Bool
    /// What was wrong with the file without stopping its decoding.
    public var warnings: [DecodeWarning]

    /// The metadata to write with an image made from this one that has `channels` channels: see
    /// `ImageMetadata.forOutput(channels:upright:)` (orientation 1 when it was applied, no thumbnail,
    /// the ICC profile only when it matches the output's colour model).
    public func metadata(forOutputChannels channels: Int) -> ImageMetadata {
        metadata.forOutput(channels: channels, upright: orientationApplied)
    }
}
