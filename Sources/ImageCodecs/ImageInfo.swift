/// What the headers say about an image, read without decoding pixels (encoded as its fields, the way
/// `filterbank inspect --json` prints them).
public struct ImageInfo: Equatable, Sendable, Encodable {
    /// Container format, from the magic bytes.
    public var format: ImageFormat
    /// Stored width in pixels (before orientation).
    public var width: Int
    /// Stored height in pixels (before orientation).
    public var height: Int
    /// Channels the file holds after palette expansion (1 gray, 2 gray+alpha, 3 colour, 4 colour+alpha or CMYK).
    public var channels: Int
    /// Bits per sample as stored (1, 2, 4, 8, 16; 8 for JPEG).
    public var bitDepth: Int
    /// PNG Adam7 interlacing or JPEG progressive coding.
    public var interlaced: Bool
    /// EXIF orientation 1–8 (1 when absent or malformed).
    public var orientation: Int
    /// Free-form colour description (e.g. "palette+tRNS", "YCbCr 4:2:0", "CMYK (Adobe)").
    public var colorModel: String
}
