/// A PNG sample type: `UInt8` for 8-bit files, `UInt16` for 16-bit ones (native integers, written
/// big-endian as PNG stores them).
public protocol PNGSample: FixedWidthInteger, UnsignedInteger, Sendable {
    /// Bits per sample in the file: 8 or 16.
    static var pngBitDepth: Int { get }
}

extension UInt8: PNGSample {
    /// 8.
    public static var pngBitDepth: Int { 8 }
}

extension UInt16: PNGSample {
    /// 16.
    public static var pngBitDepth: Int { 16 }
}
