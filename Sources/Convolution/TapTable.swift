/// Where each tap reads inside the padded band, relative to a pixel's first input value: one offset
/// per (m, n, c) in the packed weights' order, and the start of each kernel row m. A view of memory
/// that the algorithm which built it owns and frees.
struct TapTable {
    /// Offsets of the taps (m, n, c).
    let offsets: UnsafePointer<Int>
    /// Taps: kernel height · kernel width · channels, or those `keep` kept.
    let count: Int
    /// Offsets of the kernel rows m.
    let rowOffsets: UnsafePointer<Int>
    /// Kernel rows.
    let rows: Int
    /// Input channels each tap position reads (a group's in-channels; 1 along a flattened depthwise row).
    let channels: Int

    /// The one tap builder: tap (m, n, c) reads `m·dh` band rows of `rowStride` floats down and
    /// `n·dw` pixels of `geometry.inChannels` floats right, then channel c. With `keep`, only the taps
    /// whose flag is set are listed (the sparse schedule), still in (m, n, c) order.
    init(_ geometry: ConvolutionGeometry, rowStride: Int, channels: Int, keep: [Bool]? = nil) {
        let rowStep = geometry.dilationH * rowStride
        let columnStep = geometry.dilationW * geometry.inChannels
        let perRow = geometry.kernelWidth * channels
        let offsets = UnsafeMutablePointer<Int>.allocate(capacity: geometry.kernelHeight * perRow)
        let rowOffsets = UnsafeMutablePointer<Int>.allocate(capacity: geometry.kernelHeight)
        var count = 0
        for m in 0..<geometry.kernelHeight {
            rowOffsets[m] = m * rowStep
            for n in 0..<geometry.kernelWidth {
                for c in 0..<channels where keep?[m * perRow + n * channels + c] ?? true {
                    offsets[count] = m * rowStep + n * columnStep + c
                    count += 1
                }
            }
        }
        self.offsets = UnsafePointer(offsets)
        self.count = count
        self.rowOffsets = UnsafePointer(rowOffsets)
        self.rows = geometry.kernelHeight
        self.channels = channels
    }

    /// Frees the tables; called once by the owner's deinit.
    func deallocate() {
        offsets.deallocate()
        rowOffsets.deallocate()
    }
}
