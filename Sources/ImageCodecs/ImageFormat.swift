/// Container formats FilterBank reads and writes.
public enum ImageFormat: String, Sendable, CaseIterable, Encodable {
    /// Portable Network Graphics.
    case png
    /// JPEG (JFIF/EXIF, baseline, progressive, arithmetic).
    case jpeg
}
