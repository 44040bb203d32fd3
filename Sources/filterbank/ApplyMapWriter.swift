import Batch
import Convolution
import Dispatch
import FeatureMaps
import Foundation
import ImageCodecs
import Essentials

/// Convolves one unit of decoded images and writes every map. The convolution output is read in place:
/// one pass for the statistics of every map, one fused normalise-and-quantise pass for all maps
/// (no per-map float copy), then the maps of an image are encoded and written in parallel.
struct ApplyMapWriter: Sendable {
    let filters: FilterSet
    let mode: ApplyMode
    let convolution: ConvolutionOptions
    let normalization: Normalization
    let format: ApplyFormat
    let quality: Int
    let colormap: Colormap
    let grid: Bool
    let gridColumns: Int?
    let outputFolder: String
    let fileStems: [String]
    /// Whether anyone reads the maps' raw statistics (the report, the grid's labels). When not, and the
    /// normalisation does not need them either (clamp, abs), the banded path skips gathering them.
    let recordsStatistics: Bool

    init(_ configuration: ApplyConfiguration) {
        filters = configuration.filters
        mode = configuration.mode
        convolution = configuration.convolution
        normalization = configuration.normalization
        format = configuration.format
        quality = configuration.quality
        colormap = configuration.colormap
        grid = configuration.grid
        gridColumns = configuration.gridColumns
        outputFolder = configuration.outputFolder
        fileStems = configuration.filters.names.map(OutputLayout.fileStem(forFilter:))
        recordsStatistics = configuration.reportPath != nil || configuration.grid
    }

    /// Path of an image's output folder.
    func folderPath(_ folder: String) -> String {
        (outputFolder.hasSuffix("/") ? outputFolder : outputFolder + "/") + folder
    }

    /// Every file an image produces, in filter order (then the grid).
    func expectedFiles(folder: String) -> [String] {
        let base = folderPath(folder)
        return fileStems.map { "\(base)/\($0).\(format.fileExtension)" } + (grid ? ["\(base)/grid.png"] : [])
    }

    /// Largest convolution output held at once (512 MB, or `FILTERBANK_MAX_OUTPUT_BYTES`). Filters beyond
    /// it are convolved in further groups, so a 64-filter layer on a 12 MP photo does not need a 3 GB
    /// output tensor (the image is still decoded once).
    static let maxOutputBytes: Int = {
        if let text = ProcessInfo.processInfo.environment["FILTERBANK_MAX_OUTPUT_BYTES"], let value = Int(text), value > 0 { return value }
        return 512 << 20
    }()

    /// What has been written for one image so far.
    private struct ImageMaps {
        var reports: [RunReport.MapReport] = []
        var tiles: [(label: String, image: RGBImage)] = []
        var failure: String?
    }

    /// Convolves `tensor` (`[N, H, W, C]`, item n belonging to `jobs[n]`) and writes all maps; returns
    /// one report entry per job. A problem with one image fails that image only.
    func write(tensor: Tensor, jobs: [(item: InputItem, folder: String)]) -> [RunReport.InputReport] {
        let inputShape = [tensor.height, tensor.width, tensor.channels]
        var images = [ImageMaps](repeating: ImageMaps(), count: jobs.count)
        for (n, job) in jobs.enumerated() {
            do {
                try FileManager.default.createDirectory(atPath: folderPath(job.folder), withIntermediateDirectories: true)
            } catch {
                images[n].failure = "cannot create output folder \(folderPath(job.folder)): \(ApplyConfiguration.reason(error))"
            }
        }
        for range in filterGroups(for: tensor) where images.contains(where: { $0.failure == nil }) {
            let group: FilterSet
            do {
                group = range.count == filters.filters.count ? filters : try FilterSet(Array(filters.filters[range]))
                if writesFromBands {
                    let parts = try bandParts(tensor, group)
                    let shape = parts[0].rows.outputShape
                    let layout = MapLayout(height: shape[1], width: shape[2], stride: shape[3])
                    for n in images.indices where images[n].failure == nil {
                        writeMaps(.bands(parts, image: n), layout: layout, group: group, first: range.lowerBound, channels: tensor.channels,
                                  folder: folderPath(jobs[n].folder), into: &images[n])
                    }
                    continue
                }
                let output = try convolve(tensor, group)
                let perItem = output.height * output.width * output.channels
                let layout = MapLayout(height: output.height, width: output.width, stride: output.channels)
                output.scalars.withUnsafeBufferPointer { all in
                    for n in images.indices where images[n].failure == nil {
                        let maps = UnsafeBufferPointer(rebasing: all[(n * perItem)..<((n + 1) * perItem)])
                        writeMaps(.floats(maps), layout: layout, group: group, first: range.lowerBound, channels: tensor.channels,
                                  folder: folderPath(jobs[n].folder), into: &images[n])
                    }
                }
            } catch {
                for n in images.indices where images[n].failure == nil { images[n].failure = "\(error)" }
                break
            }
        }
        return jobs.enumerated().map { n, job in
            let image = images[n]
            if let failure = image.failure {
                return .init(input: job.item.path, status: .failed, reason: failure, outputFolder: job.folder, inputShape: inputShape, outputs: image.reports)
            }
            var gridPath: String?
            if grid {
                let path = folderPath(job.folder) + "/grid.png"
                do {
                    let sheet = ContactSheet.render(input: RGBImage(tensor: tensor, item: n), tiles: image.tiles, columns: gridColumns)
                    try AtomicFile.write(try PNGEncoder.encode(pixels: sheet.pixels, width: sheet.width, height: sheet.height, channels: sheet.channels), to: path)
                    gridPath = path
                } catch {
                    return .init(input: job.item.path, status: .failed, reason: "grid \(path): \(error)", outputFolder: job.folder,
                                 inputShape: inputShape, outputs: image.reports)
                }
            }
            return .init(input: job.item.path, status: .ok, outputFolder: job.folder, inputShape: inputShape, outputs: image.reports, grid: gridPath)
        }
    }

    /// Consecutive filter ranges whose outputs each fit `maxOutputBytes` (one range for ordinary banks).
    func filterGroups(for tensor: Tensor) -> [Range<Int>] {
        let count = filters.filters.count
        let (sh, sw) = convolution.strides
        let pixels = tensor.batch * ((tensor.height + sh - 1) / sh + 1) * ((tensor.width + sw - 1) / sw + 1)
        let bytesPerFilter = max(1, pixels * (mode == .depthwise ? tensor.channels : 1) * MemoryLayout<Float>.size)
        let perGroup = max(1, min(count, Self.maxOutputBytes / bytesPerFilter))
        return stride(from: 0, to: count, by: perGroup).map { $0..<min(count, $0 + perGroup) }
    }

    /// Where the float maps of one image come from.
    enum MapSource {
        /// The image's whole convolution output (`[H, W, K]`) in memory.
        case floats(UnsafeBufferPointer<Float>)
        /// Image `image` of convolutions computed band by band while the pixels are made: each part gives
        /// the maps `maps` (indices into the group), map `maps.lowerBound + i` being the channels
        /// `channels(i)` of the part's output.
        case bands([BandPart], image: Int)
    }

    /// Whether maps are quantised straight from convolved bands (8-bit PNG/JPEG, and 16-bit PNG without a
    /// grid, whose tiles are drawn from the floats): the float output of a whole image is then never
    /// stored, which saves its memory and most of the time outside the encoders (issue 6).
    var writesFromBands: Bool { format == .png || format == .jpeg || (format == .png16 && !grid) }

    /// Normalisations whose pixel mapping needs the map's range before the first pixel is written.
    var needsRangeFirst: Bool { normalization == .minmax || normalization == .signed }

    /// Writes the maps of one image for filters `first ..< first + group.count`, from `source`:
    /// statistics, fused quantisation, parallel encode and atomic writes.
    private func writeMaps(_ source: MapSource, layout: MapLayout, group: FilterSet, first: Int, channels: Int,
                           folder: String, into image: inout ImageMaps) {
        let count = group.filters.count
        let offsets = (0..<count).map { mode == .conv ? [$0] : group.depthwiseChannels(of: $0, channels: channels) }
        func mapStatistics(_ channelStatistics: [MapStatistics]) -> [MapStatistics] {
            offsets.map { $0.count == 1 ? channelStatistics[$0[0]] : MapStatistics.merging($0.map { channelStatistics[$0] }) }
        }
        let results = MapResults(count: count)
        let paths = (0..<count).map { "\(folder)/\(fileStems[first + $0]).\(format.fileExtension)" }

        let maps: UnsafeBufferPointer<Float>
        var statistics: [MapStatistics]
        switch source {
        case .floats(let floats):
            maps = floats
            statistics = mapStatistics(Self.channelStatistics(floats, channels: layout.stride))
        case .bands(let parts, let n):
            let pixels = layout.height * layout.width
            if format == .png16 {
                let planes = offsets.map { Self.allocatePlane(UInt16.self, count: pixels * $0.count) }
                defer { planes.forEach { $0.deallocate() } }
                statistics = quantizeBands(parts, image: n, planes: planes, maximum: 65535)
                let shared = UncheckedSendableBox(planes)
                DispatchQueue.concurrentPerform(iterations: count) { f in
                    results.set(f, Result {
                        try AtomicFile.write(try PNGEncoder.encode(pixels: UnsafeBufferPointer(shared.value[f]), width: layout.width, height: layout.height,
                                                                     channels: offsets[f].count), to: paths[f])
                        return nil
                    })
                }
            } else {
                let planes = offsets.map { Self.allocatePlane(UInt8.self, count: pixels * $0.count) }
                defer { planes.forEach { $0.deallocate() } }
                statistics = quantizeBands(parts, image: n, planes: planes, maximum: 255)
                let shared = UncheckedSendableBox(planes)
                DispatchQueue.concurrentPerform(iterations: count) { f in
                    results.set(f, Result { try writeEightBit(UnsafeBufferPointer(shared.value[f]), layout: layout, channels: offsets[f].count, path: paths[f]) })
                }
            }
            maps = UnsafeBufferPointer(start: nil, count: 0)
        }

        switch source {
        case .bands:
            break
        case .floats where format == .npy:
            let source = UncheckedSendableBox(maps)
            DispatchQueue.concurrentPerform(iterations: count) { f in
                results.set(f, Result { try writeRaw(source.value, layout: layout, offsets: offsets[f], path: paths[f]) })
            }
        case .floats where format == .png16:
            let mode = normalization
            let planes = Quantized<UInt16>(source: maps, layout: layout, offsets: offsets, statistics: statistics) {
                Quantizer.quantize16($0, pixelStride: $1, channelOffsets: $2, mode: mode, statistics: $3, into: $4)
            }
            defer { planes.deallocate() }
            DispatchQueue.concurrentPerform(iterations: count) { f in
                results.set(f, Result {
                    try AtomicFile.write(try PNGEncoder.encode(pixels: planes.plane(f), width: layout.width, height: layout.height, channels: offsets[f].count), to: paths[f])
                    return nil
                })
            }
        case .floats:
            let mode = normalization
            let planes = Quantized<UInt8>(source: maps, layout: layout, offsets: offsets, statistics: statistics) {
                Quantizer.quantize8($0, pixelStride: $1, channelOffsets: $2, mode: mode, statistics: $3, into: $4)
            }
            defer { planes.deallocate() }
            DispatchQueue.concurrentPerform(iterations: count) { f in
                results.set(f, Result { try writeEightBit(planes.plane(f), layout: layout, channels: offsets[f].count, path: paths[f]) })
            }
        }

        for f in 0..<count {
            let name = filters.names[first + f]
            switch results.get(f) {
            case .success(let tile)?:
                let s = statistics[f]
                image.reports.append(.init(filter: name, file: paths[f], shape: [layout.height, layout.width, offsets[f].count],
                                           min: s.min, max: s.max, mean: s.mean))
                if grid {
                    let picture = tile ?? displayTile(maps, layout: layout, offsets: offsets[f], statistics: s)
                    image.tiles.append((ContactSheet.label(name: name, minimum: s.min, maximum: s.max), picture))
                }
            case .failure(let error)?:
                image.failure = "\(error)"
                return
            case nil:
                image.failure = "internal error: map \(name) was not written"
                return
            }
        }
    }

    /// tf.nn.conv2d with the bank built for this channel count, or depthwise plus per-filter bias.
    private func convolve(_ tensor: Tensor, _ filters: FilterSet) throws -> Tensor {
        switch mode {
        case .conv:
            return try conv2D(tensor, try filters.convBank(channels: tensor.channels), options: convolution)
        case .depthwise:
            var output = try depthwiseConv2D(tensor, try filters.depthwise(channels: tensor.channels), options: convolution)
            let biases = filters.depthwiseBiases(channels: tensor.channels)
            if biases.contains(where: { $0 != 0 }) {
                output.scalars.withUnsafeMutableBufferPointer { values in
                    for index in values.indices { values[index] += biases[index % biases.count] }
                }
            }
            return output
        }
    }

    /// Statistics of every channel of an interleaved buffer in one pass, split over the cores for large maps.
    static func channelStatistics(_ source: UnsafeBufferPointer<Float>, channels: Int) -> [MapStatistics] {
        let pixels = source.count / channels
        let chunks = pixels * channels >= 1 << 20 ? 4 : 1
        guard chunks > 1 else { return MapStatistics.computeChannels(source, channels: channels) }
        let perChunk = (pixels + chunks - 1) / chunks
        let parts = PartResults(count: chunks)
        let shared = UncheckedSendableBox(source)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = min(pixels, chunk * perChunk), end = min(pixels, start + perChunk)
            parts.set(chunk, MapStatistics.computeChannels(UnsafeBufferPointer(rebasing: shared.value[(start * channels)..<(end * channels)]), channels: channels))
        }
        let computed = parts.all
        return (0..<channels).map { c in MapStatistics.merging(computed.map { $0[c] }) }
    }

    /// An 8-bit map, coloured if asked, encoded and written; returns the picture for a contact sheet.
    private func writeEightBit(_ plane: UnsafeBufferPointer<UInt8>, layout: MapLayout, channels: Int, path: String) throws -> RGBImage? {
        var coloured: [UInt8]?
        if channels == 1 && colormap != .gray { coloured = colormap.apply(Array(plane)) }
        let outChannels = coloured == nil ? channels : 3
        let bytes: [UInt8] = try coloured.map { pixels in try encode(pixels, layout: layout, channels: outChannels) }
            ?? encode(plane, layout: layout, channels: outChannels)
        try AtomicFile.write(bytes, to: path)
        guard grid else { return nil }
        return try RGBImage(width: layout.width, height: layout.height, channels: outChannels, pixels: coloured ?? Array(plane))
    }

    private func encode(_ pixels: UnsafeBufferPointer<UInt8>, layout: MapLayout, channels: Int) throws -> [UInt8] {
        format == .jpeg
            ? try JPEGEncoder.encode(pixels: pixels, width: layout.width, height: layout.height, channels: channels, quality: quality)
            : try PNGEncoder.encode(pixels: pixels, width: layout.width, height: layout.height, channels: channels)
    }

    private func encode(_ pixels: [UInt8], layout: MapLayout, channels: Int) throws -> [UInt8] {
        try pixels.withUnsafeBufferPointer { try encode($0, layout: layout, channels: channels) }
    }

    /// The raw float32 map as `.npy`: `[H, W]` for one channel, `[H, W, C]` for a depthwise colour map.
    private func writeRaw(_ source: UnsafeBufferPointer<Float>, layout: MapLayout, offsets: [Int], path: String) throws -> RGBImage? {
        let k = offsets.count
        var values = [Float](repeating: 0, count: layout.height * layout.width * k)
        for p in 0..<(layout.height * layout.width) {
            for (c, offset) in offsets.enumerated() { values[p * k + c] = source[p * layout.stride + offset] }
        }
        try AtomicFile.write(NPYFile.encode(values: values, shape: k == 1 ? [layout.height, layout.width] : [layout.height, layout.width, k]), to: path)
        return nil
    }

    /// A sheet tile for raw or 16-bit maps, normalised for display as the mode's default would.
    private func displayTile(_ maps: UnsafeBufferPointer<Float>, layout: MapLayout, offsets: [Int], statistics: MapStatistics) -> RGBImage {
        let display = normalization == .none ? Normalization.defaultFor(depthwise: mode == .depthwise) : normalization
        var pixels = Quantizer.quantize8(maps, pixelStride: layout.stride, channelOffsets: offsets, mode: display, statistics: statistics)
        var channels = offsets.count
        if channels == 1 && colormap != .gray {
            pixels = colormap.apply(pixels)
            channels = 3
        }
        return (try? RGBImage(width: layout.width, height: layout.height, channels: channels, pixels: pixels))
            ?? RGBImage(width: layout.width, height: layout.height, channels: 1, fill: [0])
    }
}

/// Height, width and channel stride of one image's convolution output.
struct MapLayout: Sendable {
    let height: Int
    let width: Int
    let stride: Int
}

/// Every map of one image quantised into separately allocated planes, block by block.
struct Quantized<Pixel: FixedWidthInteger & UnsignedInteger & Sendable>: @unchecked Sendable {
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
        let shared = UncheckedSendableBox((source, planes))
        DispatchQueue.concurrentPerform(iterations: blocks) { b in
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

    func deallocate() { for plane in planes { plane.deallocate() } }
}

/// Results of the parallel map writers, one slot each (a tile for the contact sheet, if any).
final class MapResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<RGBImage?, Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<RGBImage?, Error>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    func get(_ index: Int) -> Result<RGBImage?, Error>? {
        lock.lock()
        defer { lock.unlock() }
        return slots[index]
    }
}

/// Per-chunk statistics gathered from parallel workers.
final class PartResults: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [[MapStatistics]]

    init(count: Int) { parts = Array(repeating: [], count: count) }

    func set(_ index: Int, _ value: [MapStatistics]) {
        lock.lock()
        parts[index] = value
        lock.unlock()
    }

    var all: [[MapStatistics]] {
        lock.lock()
        defer { lock.unlock() }
        return parts
    }
}
