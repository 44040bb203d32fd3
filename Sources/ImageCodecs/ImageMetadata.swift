import CImageShims

/// The metadata FilterBank carries from a decoded file to the files made from it, as bytes: the ICC
/// colour profile, the EXIF block and the XMP packet. Nothing is converted: filtering happens in the
/// file's own encoding, and the profile goes along so viewers show the same colours (as libvips and
/// ImageMagick do).
public struct ImageMetadata: Sendable, Equatable {
    /// The ICC profile (header and tags), from JPEG ICC_PROFILE APP2 segments or a PNG iCCP chunk.
    public var iccProfile: [UInt8]?
    /// The EXIF block as TIFF bytes ("II*\0…" or "MM\0*…"), from JPEG APP1 (without its "Exif\0\0"
    /// prefix) or a PNG eXIf chunk.
    public var exif: [UInt8]?
    /// The XMP packet (UTF-8 XML), from JPEG APP1 or a PNG iTXt chunk "XML:com.adobe.xmp".
    public var xmp: [UInt8]?

    /// Metadata made of these blocks (each optional).
    public init(iccProfile: [UInt8]? = nil, exif: [UInt8]? = nil, xmp: [UInt8]? = nil) {
        self.iccProfile = iccProfile
        self.exif = exif
        self.xmp = xmp
    }

    /// No metadata: what a stripped file or a feature map carries.
    public static let none = ImageMetadata()

    /// True when there is no block at all.
    public var isEmpty: Bool { iccProfile == nil && exif == nil && xmp == nil }

    /// The colour space the ICC profile describes, from its header ("RGB ", "GRAY", "CMYK", …), or nil.
    public var iccColorSpace: String? {
        guard let profile = iccProfile, profile.count >= 20 else { return nil }
        return String(decoding: profile[16..<20], as: UTF8.self)
    }

    /// The EXIF orientation 1–8; 1 when there is no EXIF block or it is malformed.
    public var exifOrientation: Int { exif.flatMap { ExifBlock($0)?.orientation } ?? 1 }

    /// The metadata for a file made from these pixels with `channels` channels:
    /// - when `upright` (the decoder applied the orientation), the EXIF and XMP orientation become 1;
    /// - the EXIF thumbnail (IFD1) is dropped: it shows the unfiltered picture, and a stale preview is
    ///   worse than none (viewers then render the main image);
    /// - the ICC profile stays only when it describes the output's colour model (a gray profile for 1 or
    ///   2 channels, an RGB one for 3 or 4), so a gray map made from a colour photo carries no profile,
    ///   and neither does the RGB made from a CMYK JPEG.
    public func forOutput(channels: Int, upright: Bool) -> ImageMetadata {
        var out = self
        if let exif, var block = ExifBlock(exif) {
            if upright { block.setOrientationUpright() }
            block.dropThumbnail()
            out.exif = block.bytes
        }
        if upright, let xmp { out.xmp = XMPPacket.uprighted(xmp) }
        let wanted = channels <= 2 ? "GRAY" : "RGB "
        if iccColorSpace != wanted { out.iccProfile = nil }
        return out
    }

    /// The blocks too large for a JPEG ("EXIF" over 65527 bytes, "XMP" over 65504, "ICC profile" over
    /// 255 segments of 65519 bytes); the JPEG encoder refuses metadata with any of them.
    public var tooLargeForJPEG: [String] {
        var names: [String] = []
        if let exif, exif.count > Int(FB_JPEG_MAX_EXIF) { names.append("EXIF") }
        if let xmp, xmp.count > Int(FB_JPEG_MAX_XMP) { names.append("XMP") }
        if let iccProfile, iccProfile.count > Int(FB_JPEG_MAX_ICC_SEGMENTS) * Int(FB_JPEG_ICC_SEGMENT_BYTES) {
            names.append("ICC profile")
        }
        return names
    }

    /// Runs `body` with the blocks as the C shims' metadata record, valid only inside `body`.
    func withShimRecord<Result>(_ body: (UnsafePointer<fb_image_metadata>?) throws -> Result) rethrows -> Result {
        if isEmpty { return try body(nil) }
        return try Self.withBytes(exif) { exif, exifCount in
            try Self.withBytes(xmp) { xmp, xmpCount in
                try Self.withBytes(iccProfile) { icc, iccCount in
                    var record = fb_image_metadata(exif: exif, exif_length: exifCount, xmp: xmp, xmp_length: xmpCount,
                                                   icc: icc, icc_length: iccCount)
                    return try body(&record)
                }
            }
        }
    }

    private static func withBytes<Result>(_ bytes: [UInt8]?, _ body: (UnsafePointer<UInt8>?, Int) throws -> Result) rethrows -> Result {
        guard let bytes, !bytes.isEmpty else { return try body(nil, 0) }
        return try bytes.withUnsafeBufferPointer { try body($0.baseAddress, $0.count) }
    }
}
