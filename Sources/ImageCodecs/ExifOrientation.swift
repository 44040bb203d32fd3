/// Reads the orientation tag (0x0112) from an EXIF TIFF structure, trusting nothing: every offset is
/// bounds-checked and anything malformed yields 1 (as stored), so a broken EXIF block never fails a photo.
public enum ExifOrientation {
    /// The orientation 1–8 in a TIFF block ("II*\0" or "MM\0*" header, as in PNG eXIf chunks and after
    /// the "Exif\0\0" prefix of JPEG APP1), or 1 when absent, out of range or malformed.
    public static func parse(tiff: [UInt8]) -> Int {
        guard tiff.count >= 8 else { return 1 }
        let little: Bool
        switch (tiff[0], tiff[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return 1
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= tiff.count else { return nil }
            let a = Int(tiff[at]), b = Int(tiff[at + 1])
            return little ? a | b << 8 : a << 8 | b
        }
        func u32(_ at: Int) -> Int? {
            guard let lo = u16(little ? at : at + 2), let hi = u16(little ? at + 2 : at) else { return nil }
            return lo | hi << 16
        }
        guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd) else { return 1 }
        for entry in 0..<count {
            let at = ifd + 2 + entry * 12
            guard let tag = u16(at) else { return 1 }
            guard tag == 0x0112 else { continue }
            // Type SHORT (3), count 1: the value sits in the first two bytes of the value field.
            guard u16(at + 2) == 3, u32(at + 4) == 1, let value = u16(at + 8), (1...8).contains(value) else { return 1 }
            return value
        }
        return 1
    }

    /// Same as `parse(tiff:)` for a JPEG APP1 payload, which starts with "Exif\0\0".
    public static func parse(app1: [UInt8]) -> Int {
        let prefix: [UInt8] = [0x45, 0x78, 0x69, 0x66, 0, 0]
        guard app1.starts(with: prefix) else { return 1 }
        return parse(tiff: Array(app1.dropFirst(prefix.count)))
    }
}
