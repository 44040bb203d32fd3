import Convolution
import Essentials

/// Feature maps straight from a `ConvolutionPlan`, band by band on every core: each band of output
/// rows is convolved into a per-worker buffer that stays in cache, and read there for the statistics
/// or the pixels. The float output of a whole image is never stored, which removes its page faults
/// and memory traffic and keeps peak memory at the input plus the 8/16-bit planes.
/// Minmax and signed need each map's range before the first pixel, so they convolve twice
/// (`bandStatistics`, then `quantizeBands`); the other normalisations convolve once.
extension Quantizer {
    /// Output floats per band (512 KB): with its padded input rows, a band stays in a 1 MB L2 cache
    /// (measured on 12 MP W1/W2: 32K–64K floats were 5–10 % slower, 256K no faster).
    static let bandFloats = 128 * 1024

    /// Statistics of every output channel of image `image` of `plan` applied to `input`, in channel order
    /// (as `MapStatistics.computeChannels` on the whole output would give, up to the summation order of the mean).
    public static func bandStatistics(_ plan: ConvolutionPlan, input: ConvolutionInput, image: Int) -> [MapStatistics] {
        bandStatistics(plan, input: input, image: image, bandFloats: bandFloats)
    }

    static func bandStatistics(_ plan: ConvolutionPlan, input: ConvolutionInput, image: Int, bandFloats: Int) -> [MapStatistics] {
        let channels = plan.outputShape[3]
        let parts = forEachBand(plan, input: input, image: image, bandFloats: bandFloats) { _, band in
            MapStatistics.computeChannels(band, channels: channels)
        }
        return (0..<channels).map { c in MapStatistics.merging(parts.map { $0[c] }) }
    }

    /// Every map of image `image` into its 8-bit destination (the whole image's plane), band by band.
    /// With `collectingStatistics`, also returns every output channel's statistics from the same pass
    /// (for normalisations whose transform does not depend on them); otherwise returns [].
    public static func quantizeBands(_ plan: ConvolutionPlan, input: ConvolutionInput, image: Int, maps: [MapTarget<UInt8>],
                                     collectingStatistics: Bool) -> [MapStatistics] {
        quantizeBandsGeneric(plan, input: input, image: image, maps: maps, collectingStatistics: collectingStatistics, bandFloats: bandFloats)
    }

    /// The 16-bit version of `quantizeBands`.
    public static func quantizeBands(_ plan: ConvolutionPlan, input: ConvolutionInput, image: Int, maps: [MapTarget<UInt16>],
                                     collectingStatistics: Bool) -> [MapStatistics] {
        quantizeBandsGeneric(plan, input: input, image: image, maps: maps, collectingStatistics: collectingStatistics, bandFloats: bandFloats)
    }

    static func quantizeBandsGeneric<Pixel: FixedWidthInteger & UnsignedInteger & SendableMetatype>(
        _ plan: ConvolutionPlan, input: ConvolutionInput, image: Int, maps: [MapTarget<Pixel>], collectingStatistics: Bool, bandFloats: Int
    ) -> [MapStatistics] {
        let (width, channels) = (plan.outputShape[2], plan.outputShape[3])
        let pixels = plan.outputShape[1] * width
        for map in maps {
            precondition(map.destination.count == pixels * map.channelOffsets.count, "destination size must be pixels × channels")
        }
        // Bands write disjoint rows of the destinations.
        let parts = forEachBand(plan, input: input, image: image, bandFloats: bandFloats) { bandRows, band -> [MapStatistics] in
            let first = bandRows.lowerBound * width, count = bandRows.count * width
            let bandMaps = maps.map { map in
                let k = map.channelOffsets.count
                return MapTarget(channelOffsets: map.channelOffsets, transform: map.transform,
                                 destination: UnsafeMutableBufferPointer(rebasing: map.destination[(first * k)..<((first + count) * k)]))
            }
            quantizeBand(band, channels: channels, maps: bandMaps)
            return collectingStatistics ? MapStatistics.computeChannels(band, channels: channels) : []
        }
        guard collectingStatistics else { return [] }
        return (0..<channels).map { c in MapStatistics.merging(parts.map { $0[c] }) }
    }

    /// One band's maps on the calling thread: the interleaved fast path where it applies, else the general one.
    static func quantizeBand<Pixel: FixedWidthInteger & UnsignedInteger & SendableMetatype>(
        _ band: UnsafeBufferPointer<Float>, channels: Int, maps: [MapTarget<Pixel>]
    ) {
        if !quantizeInterleaved(band, channels: channels, maps: maps) {
            quantizeMaps(band, pixelStride: channels, maps: maps, minimumParallelWork: .max)
        }
    }

    /// Runs `body` on every band of image `image` (its rows and their floats) on every core through
    /// `ParallelWork`, and returns the results in band order (so merged statistics do not depend on
    /// scheduling). A band holds at most `bandFloats` output floats, or one row, unless the plan's
    /// schedule asks for taller bands.
    static func forEachBand<Result>(
        _ plan: ConvolutionPlan, input: ConvolutionInput, image: Int, bandFloats: Int, _ body: (Range<Int>, UnsafeBufferPointer<Float>) -> Result
    ) -> [Result] {
        let height = plan.outputShape[1], rowFloats = plan.rowFloats
        guard height > 0, rowFloats > 0 else { return [] }
        // What fits the budget, or the taller bands a large-kernel schedule needs (whole FFT tiles).
        let bandRows = plan.bandRows(budgetFloats: bandFloats)
        let bands = (height + bandRows - 1) / bandRows
        // Each worker's scratch holds its output band, then (64-byte aligned) the plan's padded band.
        let outputFloats = (bandRows * rowFloats + 15) / 16 * 16
        var results = [Result?](repeating: nil, count: bands)
        results.withUnsafeMutableBufferPointer { slots in
            ParallelWork.run(bands, scratchFloats: outputFloats + plan.scratchFloats(rows: bandRows)) { b, scratch in
                let range = (b * bandRows)..<min(height, (b + 1) * bandRows)
                plan.compute(input, image: image, rows: range, into: scratch, scratch: scratch + outputFloats)
                // Every band writes only its own slot.
                slots[b] = body(range, UnsafeBufferPointer(start: scratch, count: range.count * rowFloats))
            }
        }
        return results.map { $0! }
    }
}
