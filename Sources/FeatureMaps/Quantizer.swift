import Essentials

/// Turns float feature maps into 8- or 16-bit pixels in one fused pass: read the map's channels
/// straight from the strided NHWC output, normalise, round half to even, and store interleaved —
/// no intermediate float copy, which made the whole run several times faster than copying first.
///
/// Layout: pixel p of the map reads `source[p * pixelStride + channelOffsets[k]]` for k = 0..<K and
/// writes `destination[p * K + k]`, i.e. an interleaved K-channel image (K = 1 for a conv map,
/// K = C for a depthwise colour map). `source.count / pixelStride` pixels are converted.
/// The destination must hold exactly `pixels * K` values (a programming error otherwise).
public enum Quantizer {
    /// One map of a multi-map pass: which channels it reads, how it maps them, where it writes.
    public struct MapTarget<Pixel: FixedWidthInteger & UnsignedInteger & SendableMetatype> {
        /// Channel offsets within a source pixel, in output channel order.
        public let channelOffsets: [Int]
        /// The map's normalisation, from `QuantizationTransform(mode:statistics:maximum:)`.
        public let transform: QuantizationTransform
        /// Interleaved output, `pixels * channelOffsets.count` values.
        public let destination: UnsafeMutableBufferPointer<Pixel>

        /// Describes one map.
        public init(channelOffsets: [Int], transform: QuantizationTransform, destination: UnsafeMutableBufferPointer<Pixel>) {
            self.channelOffsets = channelOffsets
            self.transform = transform
            self.destination = destination
        }
    }

    /// One map to 8-bit pixels with `mode` on 0…255.
    public static func quantize8(_ source: UnsafeBufferPointer<Float>, pixelStride: Int, channelOffsets: [Int],
                                 mode: Normalization, statistics: MapStatistics, into destination: UnsafeMutableBufferPointer<UInt8>) {
        let transform = QuantizationTransform(mode: mode, statistics: statistics, maximum: 255)
        quantizeMaps(source, pixelStride: pixelStride,
                     maps: [MapTarget(channelOffsets: channelOffsets, transform: transform, destination: destination)])
    }

    /// One map to 16-bit pixels with `mode` on 0…65535.
    public static func quantize16(_ source: UnsafeBufferPointer<Float>, pixelStride: Int, channelOffsets: [Int],
                                  mode: Normalization, statistics: MapStatistics, into destination: UnsafeMutableBufferPointer<UInt16>) {
        let transform = QuantizationTransform(mode: mode, statistics: statistics, maximum: 65535)
        quantizeMaps(source, pixelStride: pixelStride,
                     maps: [MapTarget(channelOffsets: channelOffsets, transform: transform, destination: destination)])
    }

    /// One map to a new 8-bit interleaved array.
    public static func quantize8(_ source: UnsafeBufferPointer<Float>, pixelStride: Int, channelOffsets: [Int],
                                 mode: Normalization, statistics: MapStatistics) -> [UInt8] {
        newArray(count: source.count / pixelStride * channelOffsets.count) {
            quantize8(source, pixelStride: pixelStride, channelOffsets: channelOffsets, mode: mode, statistics: statistics, into: $0)
        }
    }

    /// One map to a new 16-bit interleaved array.
    public static func quantize16(_ source: UnsafeBufferPointer<Float>, pixelStride: Int, channelOffsets: [Int],
                                  mode: Normalization, statistics: MapStatistics) -> [UInt16] {
        newArray(count: source.count / pixelStride * channelOffsets.count) {
            quantize16(source, pixelStride: pixelStride, channelOffsets: channelOffsets, mode: mode, statistics: statistics, into: $0)
        }
    }

    /// An array of `count` samples that `fill` writes in full (no zeroing first: a map is megabytes).
    private static func newArray<Sample>(count: Int, _ fill: (UnsafeMutableBufferPointer<Sample>) -> Void) -> [Sample] {
        [Sample](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
            initialized = count
        }
    }

    /// Every map to 8-bit pixels in one pass over `source`: the buffer is walked in tiles small enough to
    /// stay in cache while every map reads its channels from them, and large buffers are split over the cores.
    public static func quantizeMaps(_ source: UnsafeBufferPointer<Float>, pixelStride: Int, maps: [MapTarget<UInt8>]) {
        quantizeMaps(source, pixelStride: pixelStride, maps: maps, minimumParallelWork: 1 << 20)
    }

    /// Every map to 16-bit pixels in one pass over `source` (see the 8-bit version).
    public static func quantizeMaps(_ source: UnsafeBufferPointer<Float>, pixelStride: Int, maps: [MapTarget<UInt16>]) {
        quantizeMaps(source, pixelStride: pixelStride, maps: maps, minimumParallelWork: 1 << 20)
    }

    /// Pixels per tile: 64 KB of floats at stride 4, little enough for L2 whatever the stride.
    static let tilePixels = 4096

    /// `quantizeMaps` splitting over the cores once `minimumParallelWork` values are written (tests lower it).
    /// Internal and generic so it is specialised for UInt8 and UInt16 inside this module.
    static func quantizeMaps<Pixel: FixedWidthInteger & UnsignedInteger & SendableMetatype>(
        _ source: UnsafeBufferPointer<Float>, pixelStride: Int, maps: [MapTarget<Pixel>], minimumParallelWork: Int
    ) {
        precondition(pixelStride > 0, "pixel stride must be positive")
        let pixels = source.count / pixelStride
        for map in maps {
            precondition(map.channelOffsets.allSatisfy { $0 >= 0 && $0 < pixelStride }, "channel offsets must lie inside a pixel")
            precondition(map.destination.count == pixels * map.channelOffsets.count, "destination size must be pixels × channels")
            precondition(map.transform.maximum <= Float(Pixel.max), "the transform's range must fit the pixel type")
        }
        guard pixels > 0, let base = source.baseAddress else { return }
        let channelsRead = maps.reduce(0) { $0 + $1.channelOffsets.count }
        let gather = channelsRead > 1
        let work = pixels * channelsRead
        let chunkCount = work >= minimumParallelWork ? 8 : 1
        let chunk = (pixels + chunkCount - 1) / chunkCount
        // Chunks write disjoint pixel ranges of the destinations; each worker's scratch holds one tile.
        ParallelWork.run(chunkCount, scratchFloats: tilePixels) { index, scratch in
            let end = Swift.min(pixels, index * chunk + chunk)
            var tileStart = index * chunk
            while tileStart < end {
                let tile = tileStart..<Swift.min(end, tileStart + tilePixels)
                for map in maps {
                    for (k, offset) in map.channelOffsets.enumerated() {
                        convert(base + offset, stride: pixelStride, pixels: tile, transform: map.transform,
                                into: map.destination.baseAddress! + k, destinationStride: map.channelOffsets.count,
                                scratch: scratch, gather: gather)
                    }
                }
                tileStart = tile.upperBound
            }
        }
    }

    /// One channel of one map over a pixel range (at most `tilePixels`). When several channels share the
    /// tile (`gather`), a strided channel is first copied into `scratch` (L1-resident) from the cached tile,
    /// so the arithmetic runs as a contiguous loop the compiler vectorises; a lone strided channel is
    /// converted in place (measured faster: its loads come from memory anyway).
    @inline(__always)
    static func convert<Pixel: FixedWidthInteger & UnsignedInteger>(
        _ source: UnsafePointer<Float>, stride: Int, pixels: Range<Int>, transform t: QuantizationTransform,
        into destination: UnsafeMutablePointer<Pixel>, destinationStride: Int, scratch: UnsafeMutablePointer<Float>, gather: Bool
    ) {
        let count = pixels.count
        let input: UnsafePointer<Float>
        if stride == 1 {
            input = source + pixels.lowerBound
        } else if !gather {
            let output = destination + pixels.lowerBound * destinationStride
            var p = source + pixels.lowerBound * stride
            for i in 0..<count {
                output[i * destinationStride] = Pixel(truncatingIfNeeded: pixelBits(t, p.pointee))
                p += stride
            }
            return
        } else {
            var p = source + pixels.lowerBound * stride
            for i in 0..<count {
                scratch[i] = p.pointee
                p += stride
            }
            input = UnsafePointer(scratch)
        }
        let output = destination + pixels.lowerBound * destinationStride
        if destinationStride == 1 {
            for i in 0..<count { output[i] = Pixel(truncatingIfNeeded: pixelBits(t, input[i])) }
        } else {
            for i in 0..<count { output[i * destinationStride] = Pixel(truncatingIfNeeded: pixelBits(t, input[i])) }
        }
    }

    /// The pixel value as integer bits: adding 2²³ to a value in 0…65535 rounds it half to even (the
    /// FPU's default mode) and leaves the integer in the low mantissa bits — the same result as
    /// `QuantizationTransform.apply`, without a trapping float-to-int conversion in the loop.
    @inline(__always)
    static func pixelBits(_ t: QuantizationTransform, _ value: Float) -> UInt32 {
        let v = t.takesAbsolute ? Swift.abs(value) : value
        let mapped = (v - t.shift) * t.scale + t.offset
        let clipped = mapped > 0 ? (mapped < t.maximum ? mapped : t.maximum) : 0
        return (clipped + 8_388_608).bitPattern & 0x00FF_FFFF
    }
}
