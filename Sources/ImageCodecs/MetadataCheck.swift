/// Checks metadata read from a file before it is carried anywhere: blocks that are not what they claim
/// to be are dropped (with a warning), so outputs never carry junk under a metadata name.
enum MetadataCheck {
    /// Removes from `metadata` an ICC profile without the "acsp" signature or shorter than its declared
    /// size (padding after it is common and harmless), and an EXIF block without a TIFF header; returns why.
    static func problems(in metadata: inout ImageMetadata) -> [DecodeWarning] {
        var warnings: [DecodeWarning] = []
        if let profile = metadata.iccProfile {
            let declared = profile.count >= 4 ? profile[0..<4].reduce(0) { $0 << 8 | Int($1) } : -1
            if profile.count < 128 || Array(profile[36..<40]) != Array("acsp".utf8) {
                warnings.append(DecodeWarning(.metadata, "ICC profile not used: \(profile.count) bytes without a profile header"))
                metadata.iccProfile = nil
            } else if declared > profile.count {
                warnings.append(DecodeWarning(.metadata, "ICC profile not used: it declares \(declared) bytes but holds \(profile.count)"))
                metadata.iccProfile = nil
            }
        }
        if let exif = metadata.exif, ExifBlock(exif) == nil {
            warnings.append(DecodeWarning(.metadata, "EXIF block not used: \(exif.count) bytes without a TIFF header"))
            metadata.exif = nil
        }
        return warnings
    }
}
