import Essentials
import FeatureMaps
import ImageCodecs

/// The photo path for JPEG: each map is convolved, quantised and compressed band by band on its own
/// thread, straight into a JPEG row encoder, so neither its floats nor its 8-bit plane exist whole —
/// the memory of a map is a few hundred kilobytes, and the work of an image is spread over the cores
/// one map per worker (two threads per map, see `BandRelay`, when there are fewer maps than cores).
extension MapWriter {
    /// Whether `parts` can stream: maps in `format` can (`streams(format:)`) and every part is one map
    /// (depthwise filters each run as their own plan).
    func streams(_ parts: [BandPart], format: OutputFormat) -> Bool {
        streams(format: format) && parts.allSatisfy { $0.maps.count == 1 }
    }

    /// Whether single maps in `format` stream: JPEG output, no contact sheet (its tiles need whole maps)
    /// and no colormap (it recolours whole maps).
    func streams(format: OutputFormat) -> Bool {
        format == .jpeg && contactSheet == nil && colormap == .gray
    }

    /// Streams every part's map of image `image` into its JPEG at `paths[map]`; returns the maps'
    /// statistics (empty when nothing records them and the normalisation does not need them).
    func streamJPEG(_ parts: [BandPart], image: Int, layout: MapLayout, paths: [String], encoding: MapEncoding,
                    results: Slots<Result<RGBImage?, Error>>) -> [MapStatistics] {
        let statistics = Slots<MapStatistics>(count: parts.count)
        let gathers = !needsRangeFirst && recordsStatistics
        // Fewer maps than cores: each map's convolution and its compression take a thread each.
        let relays = parts.count * 2 <= ParallelWork.cores
        ParallelWork.run(parts.count) { p in
            let part = parts[p], map = part.maps.lowerBound
            let offsets = part.channels(0)
            var range = MapStatistics.empty
            if needsRangeFirst {
                let perChannel = Quantizer.bandStatistics(part.plan, input: part.input, image: image)
                range = MapStatistics.merging(offsets.map { perChannel[$0] })
            }
            let transform = QuantizationTransform(mode: normalization, statistics: range, maximum: 255)
            results.set(map, Result {
                let encoder = try JPEGRowEncoder(width: layout.width, height: layout.height, channels: offsets.count,
                                                 options: encoding.jpegOptions, metadata: encoding.metadata(channels: offsets.count),
                                                 file: paths[map])
                let produce: @Sendable ((UnsafeBufferPointer<UInt8>) throws -> Void) throws -> MapStatistics = { emit in
                    try Quantizer.streamBands(part.plan, input: part.input, image: image, channelOffsets: offsets,
                                              transform: transform, collectingStatistics: gathers,
                                              workers: max(1, ParallelWork.cores / parts.count), consume: emit)
                }
                let collected = relays ? try BandRelay.run(produce: produce) { try encoder.write($0) }
                                       : try produce { try encoder.write($0) }
                try AtomicFile.write(try encoder.finish(), to: paths[map])
                statistics.set(map, gathers ? collected : range)
                return nil
            })
        }
        return (0..<parts.count).map { statistics.get($0) ?? .empty }
    }
}
