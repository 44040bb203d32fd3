import Essentials
import FeatureMaps

/// Every map of one image quantised into separately allocated planes, block by block.
struct QuantizedPlanes<Pixel: FixedWidthInteger & UnsignedInteger & Sendable>: @unchecked Sendable {
    /// One map over one block: `Quantizer.quantize8` or `quantize16`, whose concrete (specialised)
    /// entry points are much faster than the generic multi-map one called from another module.
    typealias Kernel = @Sendable (_ source: UnsafeBufferPointer<Float>, _ pixelStride: Int, _ channelOffsets: [Int],
                                  _ statistics: MapStatistics, _ destination: UnsafeMutableBufferPointer<Pixel>) -> Void

    private let planes: [UnsafeMutableBufferPointer<Pixel>]

    init(source: UnsafeBufferPointer<Float>, layout: MapLayout, offsets: [[Int]], statistics: [MapStatistics], kernel: Kernel) {
        let pixels = layout.height * layout.width
        let planes = offsets.map { UnsafeMutableBufferPointer<Pixel>.allocate(capacity: pixels * $0.count) }
        self.planes = planes
        // Blocks of pixels small enough to stay in cache while every map reads them: the output of all
        // filters is then read from memory once, not once per map.
        let block = max(1, Self.blockBytes / (layout.stride * MemoryLayout<Float>.size))
        let blocks = (pixels + block - 1) / block
        let shared = UncheckedSendable((source, planes))
        ParallelWork.run(blocks) { b in
            let (source, planes) = shared.value
            let start = b * block, end = Swift.min(pixels, start + block)
            let blockSource = UnsafeBufferPointer(rebasing: source[(start * layout.stride)..<(end * layout.stride)])
            for f in offsets.indices {
                let k = offsets[f].count
                kernel(blockSource, layout.stride, offsets[f], statistics[f], UnsafeMutableBufferPointer(rebasing: planes[f][(start * k)..<(end * k)]))
            }
        }
    }

    /// Source bytes per block (fits a core's L2 cache with the destinations).
    static var blockBytes: Int { 256 << 10 }

    /// Map f's interleaved pixels.
    func plane(_ f: Int) -> UnsafeBufferPointer<Pixel> { UnsafeBufferPointer(planes[f]) }

    /// Frees every plane.
    func deallocate() { for plane in planes { plane.deallocate() } }
}
