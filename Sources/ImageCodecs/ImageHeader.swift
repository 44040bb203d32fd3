/// What `ImageDecoder.header` reads without decoding pixels: the header facts, the metadata found
/// before the image data, and what was wrong with them.
public struct ImageHeader: Sendable {
    /// Header facts.
    public var info: ImageInfo
    /// ICC profile, EXIF and XMP as stored (a PNG's chunks after the image data are not read).
    public var metadata: ImageMetadata
    /// What was malformed but did not stop the reading.
    public var warnings: [DecodeWarning]
}
