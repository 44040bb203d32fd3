import ImageCodecs

/// What travels beside a decoded image's pixels to the writer: the file's format and depth (photos
/// keep theirs), its alpha channel set aside so that only the colour is filtered, its metadata, and
/// what the decoder noticed.
struct DecodedSide: Sendable {
    /// The input's container format.
    var format: ImageFormat
    /// Bits per sample as stored (16 for a 16-bit PNG).
    var bitDepth: Int
    /// The alpha channel on the decoder's 0…255 scale, one value per pixel, or nil when there is none
    /// (or it was dropped).
    var alpha: [Float]? = nil
    /// The profile, EXIF and XMP to carry into the outputs (`.none` when they are not carried).
    var metadata: ImageMetadata = .none
    /// Whether the decoder turned the pixels upright (the outputs' orientation tag then becomes 1).
    var upright = true
    /// Damage the decoder accepted at the job's failure level, for the report.
    var warnings: [String] = []
}
