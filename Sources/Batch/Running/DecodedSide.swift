import ImageCodecs

/// What travels beside a decoded image's pixels to the writer: the file's format and depth (photos
/// keep theirs) and its alpha channel, set aside so that only the colour is filtered.
struct DecodedSide: Sendable {
    /// The input's container format.
    var format: ImageFormat
    /// Bits per sample as stored (16 for a 16-bit PNG).
    var bitDepth: Int
    /// The alpha channel on the decoder's 0…255 scale, one value per pixel, or nil when there is none
    /// (or it was dropped).
    var alpha: [Float]?
}
