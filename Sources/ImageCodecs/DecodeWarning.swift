import CImageShims

/// Something wrong with a file that did not stop its decoding, kept on the decoded image for reports.
public struct DecodeWarning: Sendable, Equatable, CustomStringConvertible {
    /// What was affected.
    public enum Kind: String, Sendable, CaseIterable {
        /// A metadata block was malformed or inconsistent and was not used (the pixels are unaffected).
        /// Never fails a decode.
        case metadata
        /// The file is damaged but every pixel was decoded (junk before a JPEG marker, extra data after
        /// a PNG's image stream, a CRC error in an ancillary chunk that is not used).
        case damage
        /// Pixels are wrong or missing (corrupt entropy-coded or image data).
        case corrupt
        /// The file ends early; the missing part is filled (gray for JPEG, zero for PNG).
        case truncated
    }

    /// What was affected.
    public var kind: Kind
    /// What is wrong, in the library's words where it gave any.
    public var message: String

    /// A warning.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// "<kind>: <message>".
    public var description: String { "\(kind.rawValue): \(message)" }

    /// The warnings a shim kept: repeated texts counted, warnings past the list summed up.
    static func from(_ list: UnsafePointer<fb_warning_list>) -> [DecodeWarning] {
        func kind(_ value: Int32) -> Kind {
            switch value {
            case Int32(FB_WARNING_DAMAGE): return .damage
            case Int32(FB_WARNING_CORRUPT): return .corrupt
            case Int32(FB_WARNING_TRUNCATED): return .truncated
            default: return .metadata
            }
        }
        let kept = withUnsafeBytes(of: list.pointee.kept) { raw in
            Array(raw.bindMemory(to: fb_decode_warning.self).prefix(Int(list.pointee.kept_count)))
        }
        var warnings = kept.map { warning -> DecodeWarning in
            let text = withUnsafeBytes(of: warning.message) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            return DecodeWarning(kind(warning.kind), warning.repeats > 1 ? "\(text) (\(warning.repeats) times)" : text)
        }
        if list.pointee.dropped > 0 {
            warnings.append(DecodeWarning(kind(list.pointee.dropped_kind), "\(list.pointee.dropped) more warnings"))
        }
        return warnings
    }
}
