/// Keeps freed image-sized buffers inside the process for the next image.
///
/// By default glibc serves every allocation over 32 MB with a fresh `mmap` and returns it on free, so
/// each 12 MP photo faults and zeroes its tensors and planes again: on W1 (4 × 12 MP, 8 filters) that
/// was ≈ 1.5 s of ≈ 6.4 s CPU spent in the kernel, ≈ 0.45 s with this setting, at the same peak RSS.
/// Freed heap memory is reused instead; the peak still does not grow with the number of images as long
/// as the caller bounds how many are in flight (`filterbank apply` keeps at most two).
public enum LargeBufferReuse {
    /// Call once, before the first image, in a process that handles many images. Linux/glibc only;
    /// elsewhere nothing changes.
    public static func enable() {
        #if os(Linux)
        _ = glibcMallopt(-4 /* M_MMAP_MAX */, 0)
        _ = glibcMallopt(-1 /* M_TRIM_THRESHOLD */, Int32.max)
        #endif
    }
}

#if os(Linux)
/// glibc's `mallopt` (declared in <malloc.h>, which the Glibc module does not import).
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
