#if canImport(Glibc)
import Glibc
#endif

/// Asks Linux to back a large buffer that is about to be written once (a convolution output, a decoded
/// 12 MP photo, the 8-bit planes of its maps) with transparent huge pages before it is first touched:
/// with 4 KB pages the kernel spends more time faulting and zeroing them than the work that fills them
/// takes. A hint only: where huge pages are off (or on other systems) nothing changes.
public enum HugePageAdvice {
    /// Buffers below this many bytes are left alone (they usually come from reused heap memory).
    public static let threshold = 4 << 20

    /// Advises the 2 MB-aligned interior of `buffer` if it is at least `threshold` bytes.
    public static func advise(_ buffer: UnsafeMutableRawBufferPointer) {
        #if canImport(Glibc)
        guard buffer.count >= threshold, let base = buffer.baseAddress else { return }
        let huge = 2 << 20
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(huge - 1)
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(pointer, end - start, MADV_HUGEPAGE)
        #endif
    }

    /// Advises a typed buffer.
    public static func advise<Element>(_ buffer: UnsafeMutableBufferPointer<Element>) {
        advise(UnsafeMutableRawBufferPointer(buffer))
    }
}
