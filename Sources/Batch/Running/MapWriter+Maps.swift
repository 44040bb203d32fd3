import Essentials
import FeatureMaps
import ImageCodecs

extension MapWriter {
    /// Where the float maps of one image come from.
    enum MapSource {
        /// The image's whole convolution output (`[H, W, K]`) in memory.
        case floats(UnsafeBufferPointer<Float>)
        /// Image `image` of convolutions computed band by band while the pixels are made.
        case bands([BandPart], image: Int)
    }

    /// Writes the maps of one image for the filters `indices` (the set's filters in `group`) to `paths`,
    /// from `source`: statistics, fused quantisation, parallel encode and atomic writes.
    func writeMaps(_ source: MapSource, layout: MapLayout, group: FilterSet, indices: [Int], channels: Int,
                   paths: [String], side: DecodedSide, into image: inout ImageMaps) {
        let format = self.format(for: side)
        let encoding = MapEncoding(format: format, jpeg: jpeg, alpha: side.alpha, metadata: side.metadata, upright: side.upright)
        let count = group.filters.count
        let offsets = (0..<count).map { mode == .conv ? [$0] : group.depthwiseChannels(of: $0, channels: channels) }
        let results = Slots<Result<RGBImage?, Error>>(count: count)
        var statistics: [MapStatistics]
        var floats = UnsafeBufferPointer<Float>(start: nil, count: 0)
        switch source {
        case .floats(let maps):
            floats = maps
            let perChannel = Self.channelStatistics(maps, channels: layout.stride)
            statistics = offsets.map { $0.count == 1 ? perChannel[$0[0]] : MapStatistics.merging($0.map { perChannel[$0] }) }
            writeFloats(maps, layout: layout, offsets: offsets, statistics: statistics, paths: paths, encoding: encoding, results: results)
        case .bands(let parts, let n):
            let pixels = layout.height * layout.width
            if streams(parts, format: format) {
                statistics = streamJPEG(parts, image: n, layout: layout, paths: paths, encoding: encoding, results: results)
            } else if format == .png16 {
                statistics = writePlanes(UInt16.self, parts, image: n, offsets: offsets, pixels: pixels, maximum: 65535, results: results) { plane, f in
                    try writeSixteenBit(plane, layout: layout, channels: offsets[f].count, path: paths[f], encoding: encoding)
                }
            } else {
                statistics = writePlanes(UInt8.self, parts, image: n, offsets: offsets, pixels: pixels, maximum: 255, results: results) { plane, f in
                    try writeEightBit(plane, layout: layout, channels: offsets[f].count, path: paths[f], encoding: encoding)
                }
            }
        }

        for f in 0..<count {
            let name = filters.names[indices[f]]
            switch results.get(f) {
            case .success(let tile)?:
                let s = statistics[f]
                let report = RunReport.MapReport(filter: name, file: paths[f], shape: [layout.height, layout.width, offsets[f].count],
                                                 min: s.min, max: s.max, mean: s.mean)
                let sheetTile = contactSheet == nil ? nil : (ContactSheet.label(name: name, minimum: s.min, maximum: s.max),
                                                           tile ?? displayTile(floats, layout: layout, offsets: offsets[f], statistics: s))
                image.maps.append((indices[f], report, sheetTile))
            case .failure(let error)?:
                image.failure = "\(error)"
                return
            case nil:
                image.failure = "internal error: map \(name) was not written"
                return
            }
        }
    }

    /// Quantises every map of `parts` into its own plane, then writes the planes in parallel with
    /// `write(plane, map)`; returns the maps' statistics.
    private func writePlanes<Pixel: FixedWidthInteger & UnsignedInteger & SendableMetatype>(
        _ type: Pixel.Type, _ parts: [BandPart], image: Int, offsets: [[Int]], pixels: Int, maximum: Float,
        results: Slots<Result<RGBImage?, Error>>, write: (UnsafeBufferPointer<Pixel>, Int) throws -> RGBImage?
    ) -> [MapStatistics] {
        let planes = offsets.map { Self.allocatePlane(Pixel.self, count: pixels * $0.count) }
        defer { planes.forEach { $0.deallocate() } }
        let statistics = quantizeBands(parts, image: image, planes: planes, maximum: maximum)
        let shared = UncheckedSendable(planes)
        ParallelWork.run(offsets.count) { f in
            results.set(f, Result { try write(UnsafeBufferPointer(shared.value[f]), f) })
        }
        return statistics
    }

    /// Writes maps held as whole float outputs: raw `.npy`, or quantised block by block for PNG/JPEG.
    private func writeFloats(_ maps: UnsafeBufferPointer<Float>, layout: MapLayout, offsets: [[Int]], statistics: [MapStatistics],
                             paths: [String], encoding: MapEncoding, results: Slots<Result<RGBImage?, Error>>) {
        let count = offsets.count, mode = normalization
        switch encoding.format {
        case .npy:
            let source = UncheckedSendable(maps)
            ParallelWork.run(count) { f in
                results.set(f, Result { try writeRaw(source.value, layout: layout, offsets: offsets[f], path: paths[f]) })
            }
        case .png16:
            let planes = QuantizedPlanes<UInt16>(source: maps, layout: layout, offsets: offsets, statistics: statistics) {
                Quantizer.quantize16($0, pixelStride: $1, channelOffsets: $2, mode: mode, statistics: $3, into: $4)
            }
            defer { planes.deallocate() }
            ParallelWork.run(count) { f in
                results.set(f, Result { try writeSixteenBit(planes.plane(f), layout: layout, channels: offsets[f].count, path: paths[f], encoding: encoding) })
            }
        case .png, .jpeg:
            let planes = QuantizedPlanes<UInt8>(source: maps, layout: layout, offsets: offsets, statistics: statistics) {
                Quantizer.quantize8($0, pixelStride: $1, channelOffsets: $2, mode: mode, statistics: $3, into: $4)
            }
            defer { planes.deallocate() }
            ParallelWork.run(count) { f in
                results.set(f, Result { try writeEightBit(planes.plane(f), layout: layout, channels: offsets[f].count, path: paths[f], encoding: encoding) })
            }
        }
    }

    /// Statistics of every channel of an interleaved buffer in one pass, split over the cores for large maps.
    static func channelStatistics(_ source: UnsafeBufferPointer<Float>, channels: Int) -> [MapStatistics] {
        let pixels = source.count / channels
        let chunks = pixels * channels >= 1 << 20 ? 4 : 1
        guard chunks > 1 else { return MapStatistics.computeChannels(source, channels: channels) }
        let perChunk = (pixels + chunks - 1) / chunks
        let parts = Slots<[MapStatistics]>(count: chunks)
        let shared = UncheckedSendable(source)
        ParallelWork.run(chunks) { chunk in
            let start = min(pixels, chunk * perChunk), end = min(pixels, start + perChunk)
            parts.set(chunk, MapStatistics.computeChannels(UnsafeBufferPointer(rebasing: shared.value[(start * channels)..<(end * channels)]), channels: channels))
        }
        let computed = (0..<chunks).map { parts.get($0) ?? [] }
        return (0..<channels).map { c in MapStatistics.merging(computed.map { $0[c] }) }
    }
}
