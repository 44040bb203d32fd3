import Convolution
import Dispatch
import Foundation
import Essentials

/// Feature maps straight from a `ConvolutionRows`, band by band on every core: each band of output
/// rows is convolved into a per-worker buffer that stays in cache, and read there for the statistics
/// or the pixels. The float output of a whole image is never stored, which removes its page faults
/// and memory traffic (issue 6) and keeps peak memory at the input plus the 8/16-bit planes.
/// Minmax and signed need each map's range before the first pixel, so they convolve twice
/// (`bandStatistics`, then `quantizeBands`); the other normalisations convolve once.
extension Quantizer {
    /// Output floats per band (512 KB): with its padded input rows, a band stays in a 1 MB L2 cache
    /// (measured on 12 MP W1/W2: 32K–64K floats were 5–10 % slower, 256K no faster).
    static let bandFloats = 128 * 1024

    /// Statistics of every output channel of image `image`, in channel order (as
    /// `MapStatistics.computeChannels` on the whole output would give, up to the summation order of the mean).
    public static func bandStatistics(_ rows: ConvolutionRows, image: Int) -> [MapStatistics] {
        bandStatistics(rows, image: image, bandFloats: bandFloats)
    }

    static func bandStatistics(_ rows: ConvolutionRows, image: Int, bandFloats: Int) -> [MapStatistics] {
        let channels = rows.outputShape[3]
        let parts = forEachBand(rows, image: image, bandFloats: bandFloats) { _, band in MapStatistics.computeChannels(band, channels: channels) }
        return (0..<channels).map { c in MapStatistics.merging(parts.map { $0[c] }) }
    }

    /// Every map of image `image` into its 8-bit destination (the whole image's plane), band by band.
    /// With `collectingStatistics`, also returns every output channel's statistics from the same pass
    /// (for normalisations whose transform does not depend on them); otherwise returns [].
    public static func quantizeBands(_ rows: ConvolutionRows, image: Int, maps: [MapTarget<UInt8>],
                                     collectingStatistics: Bool) -> [MapStatistics] {
        quantizeBandsGeneric(rows, image: image, maps: maps, collectingStatistics: collectingStatistics, bandFloats: bandFloats)
    }

    /// The 16-bit version of `quantizeBands`.
    public static func quantizeBands(_ rows: ConvolutionRows, image: Int, maps: [MapTarget<UInt16>],
                                     collectingStatistics: Bool) -> [MapStatistics] {
        quantizeBandsGeneric(rows, image: image, maps: maps, collectingStatistics: collectingStatistics, bandFloats: bandFloats)
    }

    static func quantizeBandsGeneric<Pixel: FixedWidthInteger & UnsignedInteger & SendableMetatype>(
        _ rows: ConvolutionRows, image: Int, maps: [MapTarget<Pixel>], collectingStatistics: Bool, bandFloats: Int
    ) -> [MapStatistics] {
        let (width, channels) = (rows.outputShape[2], rows.outputShape[3])
        let pixels = rows.outputShape[1] * width
        for map in maps {
            precondition(map.destination.count == pixels * map.channelOffsets.count, "destination size must be pixels × channels")
        }
        // Bands write disjoint rows of the destinations, so sharing the pointers is safe.
        let shared = UncheckedSendable(value: maps)
        let parts = forEachBand(rows, image: image, bandFloats: bandFloats) { bandRows, band -> [MapStatistics] in
            let maps = shared.value
            let first = bandRows.lowerBound * width, count = bandRows.count * width
            let bandMaps = maps.map { map in
                let k = map.channelOffsets.count
                return MapTarget(channelOffsets: map.channelOffsets, transform: map.transform,
                                 destination: UnsafeMutableBufferPointer(rebasing: map.destination[(first * k)..<((first + count) * k)]))
            }
            if !quantizeInterleaved(band, channels: channels, maps: bandMaps) {
                quantizeMaps(band, pixelStride: channels, maps: bandMaps, minimumParallelWork: .max)
            }
            return collectingStatistics ? MapStatistics.computeChannels(band, channels: channels) : []
        }
        guard collectingStatistics else { return [] }
        return (0..<channels).map { c in MapStatistics.merging(parts.map { $0[c] }) }
    }

    /// Runs `body` on every band of image `image` (its rows and their floats), on every core, and returns
    /// the results in band order (so merged statistics do not depend on scheduling). A band holds at most
    /// `bandFloats` output floats, or one row.
    static func forEachBand<Result: Sendable>(
        _ rows: ConvolutionRows, image: Int, bandFloats: Int, _ body: @escaping @Sendable (Range<Int>, UnsafeBufferPointer<Float>) -> Result
    ) -> [Result] {
        let height = rows.outputShape[1], rowFloats = rows.rowFloats
        guard height > 0, rowFloats > 0 else { return [] }
        let bandRows = max(1, min(height, bandFloats / rowFloats))
        let bands = (height + bandRows - 1) / bandRows
        let results = BandResults<Result>(count: bands)
        let workers = min(bands, ProcessInfo.processInfo.activeProcessorCount)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let band = UnsafeMutablePointer<Float>.allocate(capacity: bandRows * rowFloats)
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: rows.scratchFloats(rows: bandRows))
            defer {
                band.deallocate()
                scratch.deallocate()
            }
            // Bands are claimed one at a time, so a core slowed by other work simply takes fewer.
            while let b = results.claim() {
                let range = (b * bandRows)..<min(height, (b + 1) * bandRows)
                rows.compute(image: image, rows: range, into: band, scratch: scratch)
                results.set(b, body(range, UnsafeBufferPointer(start: band, count: range.count * rowFloats)))
            }
        }
        return results.all
    }
}

/// Band claims and per-band results shared by the workers of `forEachBand`.
final class BandResults<Result>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result?]
    private var next = 0

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// The next unclaimed band, or nil when all are taken.
    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    func set(_ index: Int, _ value: Result) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    /// Every band's result; call after the workers have finished.
    var all: [Result] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}
