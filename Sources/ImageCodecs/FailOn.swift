import CImageShims

/// How much damage fails a decode: libvips's `fail-on` levels, from most to least tolerant. Whatever
/// the level lets through is reported in `DecodedImage.warnings`.
public enum FailOn: String, Sendable, CaseIterable, Comparable {
    /// Never: decode whatever the library can (a truncated JPEG filled with gray as libjpeg-turbo
    /// fills it, a truncated or corrupt PNG's missing rows as zero).
    case none
    /// Only a truncated file fails.
    case truncated
    /// Damage that changes pixels fails (corrupt entropy-coded or image data, truncation); damage that
    /// leaves them intact (junk before a JPEG marker, extra data after a PNG's image stream, a CRC error
    /// in an ancillary chunk FilterBank does not use) is accepted. The default.
    case error
    /// Any damage fails, even with the pixels intact.
    case warning

    /// The shim's FB_FAIL_ON_* value.
    var shimValue: Int32 {
        switch self {
        case .none: return Int32(FB_FAIL_ON_NONE)
        case .truncated: return Int32(FB_FAIL_ON_TRUNCATED)
        case .error: return Int32(FB_FAIL_ON_ERROR)
        case .warning: return Int32(FB_FAIL_ON_WARNING)
        }
    }

    /// Whether this level fails a decode on a warning of `kind` (metadata warnings never fail).
    public func refuses(_ kind: DecodeWarning.Kind) -> Bool {
        switch kind {
        case .metadata: return false
        case .damage: return self >= .warning
        case .corrupt: return self >= .error
        case .truncated: return self >= .truncated
        }
    }

    /// Orders the levels from `none` (most tolerant) to `warning`.
    public static func < (lhs: FailOn, rhs: FailOn) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
