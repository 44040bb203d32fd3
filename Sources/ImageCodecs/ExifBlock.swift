/// An EXIF block as TIFF bytes ("II*\0" or "MM\0*" header, as in PNG eXIf chunks and after the
/// "Exif\0\0" prefix of JPEG APP1), read and edited without trusting anything in it: every offset is
/// bounds-checked, IFD walks are bounded, and edits keep the layout (maker notes hold offsets of their own,
/// so nothing is moved).
struct ExifBlock {
    /// The TIFF bytes.
    private(set) var bytes: [UInt8]
    private let little: Bool
    private var ifd0: Int

    /// One IFD entry: tag, TIFF type, value count and where its 4-byte value field is.
    struct Entry {
        let tag: Int
        let type: Int
        let count: Int
        let field: Int

        /// Bytes of the value, or nil for an unknown type or an absurd count.
        var byteSize: Int? {
            let sizes = [1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4]
            guard let size = sizes[type] else { return nil }
            let (total, overflow) = size.multipliedReportingOverflow(by: count)
            return overflow ? nil : total
        }
    }

    /// The block, or nil when it does not start with a TIFF header pointing at an IFD inside it.
    init?(_ bytes: [UInt8]) {
        guard bytes.count >= 8 else { return nil }
        switch (bytes[0], bytes[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        self.bytes = bytes
        ifd0 = 0
        guard u16(2) == 42, let first = u32(4), first >= 8, first < bytes.count else { return nil }
        ifd0 = first
    }

    func u16(_ at: Int) -> Int? {
        guard at >= 0, at <= bytes.count - 2 else { return nil }
        let a = Int(bytes[at]), b = Int(bytes[at + 1])
        return little ? a | b << 8 : a << 8 | b
    }

    func u32(_ at: Int) -> Int? {
        guard let first = u16(at), let second = u16(at + 2) else { return nil }
        return little ? first | second << 16 : first << 16 | second
    }

    private mutating func put(_ value: Int, at: Int, size: Int) {
        for k in 0..<size {
            let shift = little ? 8 * k : 8 * (size - 1 - k)
            bytes[at + k] = UInt8(truncatingIfNeeded: value >> shift)
        }
    }

    /// The entries of the IFD at `offset`, or nil when its table does not fit in the block.
    func entries(at offset: Int) -> [Entry]? {
        guard let count = u16(offset), offset + 2 + 12 * count <= bytes.count else { return nil }
        return (0..<count).compactMap { k in
            let at = offset + 2 + 12 * k
            guard let tag = u16(at), let type = u16(at + 2), let count = u32(at + 4) else { return nil }
            return Entry(tag: tag, type: type, count: count, field: at + 8)
        }
    }

    /// The orientation entry when it is well-formed (SHORT, one value).
    private var orientationEntry: Entry? {
        entries(at: ifd0)?.first { $0.tag == 0x0112 && $0.type == 3 && $0.count == 1 }
    }

    /// Orientation 1–8, or nil when absent, malformed or out of range.
    var orientation: Int? {
        guard let entry = orientationEntry, let value = u16(entry.field), (1...8).contains(value) else { return nil }
        return value
    }

    /// Sets the orientation to 1 (pixels already upright) in place; nothing when there is no such entry.
    mutating func setOrientationUpright() {
        guard let entry = orientationEntry else { return }
        put(1, at: entry.field, size: 2)
    }

    /// Unlinks IFD1 (the embedded thumbnail), and cuts its bytes off when they all lie after everything
    /// IFD0 and its sub-IFDs refer to (the usual camera layout); otherwise they stay, unreferenced.
    mutating func dropThumbnail() {
        guard let list = entries(at: ifd0) else { return }
        let link = ifd0 + 2 + 12 * list.count
        guard let ifd1 = u32(link), ifd1 != 0 else { return }
        let kept = extent(ofIFD: ifd0, depth: 0)
        let thumbnail = start(ofIFD1: ifd1)
        put(0, at: link, size: 4)
        if let kept, let thumbnail, thumbnail >= kept, kept < bytes.count {
            bytes.removeSubrange(kept...)
        }
    }

    /// Where an entry's value lives outside the entry, or nil when it fits in the value field.
    private func outOfLine(_ entry: Entry) -> Range<Int>?? {
        guard let size = entry.byteSize else { return .some(nil) }
        guard size > 4 else { return .none }
        guard let at = u32(entry.field), at <= bytes.count, size <= bytes.count - at else { return .some(nil) }
        return .some(at..<(at + size))
    }

    /// One past the last byte the IFD at `offset` (table, values, Exif/GPS/Interop sub-IFDs) uses, or nil
    /// when any of it cannot be accounted for.
    private func extent(ofIFD offset: Int, depth: Int) -> Int? {
        guard depth < 4, let list = entries(at: offset) else { return nil }
        var end = offset + 2 + 12 * list.count + 4
        for entry in list {
            switch outOfLine(entry) {
            case .none: break
            case .some(nil): return nil
            case .some(let range?): end = max(end, range.upperBound)
            }
            if [0x8769, 0x8825, 0xA005].contains(entry.tag) {
                guard entry.count == 1, let sub = u32(entry.field), let subEnd = extent(ofIFD: sub, depth: depth + 1) else { return nil }
                end = max(end, subEnd)
            }
        }
        return end
    }

    /// The first byte IFD1 uses (its table, values and the thumbnail it points to), or nil if unknown.
    private func start(ofIFD1 offset: Int) -> Int? {
        guard let list = entries(at: offset) else { return nil }
        var first = offset
        var thumbnail: Int?
        for entry in list {
            switch outOfLine(entry) {
            case .none: break
            case .some(nil): return nil
            case .some(let range?): first = min(first, range.lowerBound)
            }
            if entry.tag == 0x0201 { thumbnail = u32(entry.field) }  // JPEGInterchangeFormat
            if entry.tag == 0x0111 { return nil }  // uncompressed strips: too rare to account for
        }
        if let thumbnail { first = min(first, thumbnail) }
        return first
    }
}
