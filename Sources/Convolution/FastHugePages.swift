#if canImport(Glibc)
import Glibc
#endif

/// Asks Linux to back a large, freshly allocated output with transparent huge pages before the
/// workers first touch it. A 12 MP feature-map tensor is hundreds of megabytes; with 4 KB pages the
/// kernel spends more time faulting and zeroing pages than the convolution spends computing. The
/// advice is only a hint: where huge pages are off (or on other systems) nothing changes.
enum FastHugePages {
    /// Buffers below this many bytes are left alone (they usually come from reused heap memory).
    static let threshold = 4 << 20

    /// Advises the 2 MB-aligned interior of `buffer`.
    static func advise(_ buffer: UnsafeMutableBufferPointer<Float>) {
        #if canImport(Glibc)
        let bytes = buffer.count * MemoryLayout<Float>.stride
        guard bytes >= threshold, let base = buffer.baseAddress else { return }
        let huge = 2 << 20
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: base) + bytes) & ~(huge - 1)
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(pointer, end - start, MADV_HUGEPAGE)
        #endif
    }
}

/// The same advice for large buffers outside the core that are written once right after allocation —
/// a decoded 12 MP photo (144 MB of floats) or the 8-bit planes of its maps: with 4 KB pages, faulting
/// them in costs more than decoding or quantising into them. A hint only; nothing changes where
/// transparent huge pages are off.
public enum HugePageAdvice {
    /// Advises the 2 MB-aligned interior of `buffer` if it is at least 4 MB.
    public static func advise(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress else { return }
        let floats = buffer.count / MemoryLayout<Float>.stride
        FastHugePages.advise(UnsafeMutableBufferPointer(start: base.assumingMemoryBound(to: Float.self), count: floats))
    }
}
