import Batch
import Convolution
import Dispatch
import FeatureMaps
import Foundation
import ImageCodecs

/// Convolves one unit of decoded images and writes every map: statistics and the fused
/// normalise-and-quantise read the convolution output in place (no per-map float copy), and the maps
/// of a unit are encoded in parallel.
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
    }

    /// Absolute-or-relative path of an image's output folder.
    func folderPath(_ folder: String) -> String {
        (outputFolder.hasSuffix("/") ? outputFolder : outputFolder + "/") + folder
    }

    /// Every file an image produces, in filter order (then the grid).
    func expectedFiles(folder: String) -> [String] {
        let base = folderPath(folder)
        return fileStems.map { "\(base)/\($0).\(format.fileExtension)" } + (grid ? ["\(base)/grid.png"] : [])
    }

    /// Convolves `tensor` (`[N, H, W, C]`, item n belonging to `jobs[n]`) and writes all maps; returns
    /// one report entry per job. A problem with one image fails that image only.
    func write(tensor: Tensor, jobs: [(item: InputItem, folder: String)]) -> [RunReport.InputReport] {
        let inputShape = [tensor.height, tensor.width, tensor.channels]
        let output: Tensor
        do {
            output = try convolve(tensor)
        } catch {
            return jobs.map { .init(input: $0.item.path, status: .failed, reason: "\(error)", outputFolder: $0.folder, inputShape: inputShape) }
        }
        var folderErrors = [String?](repeating: nil, count: jobs.count)
        for (n, job) in jobs.enumerated() {
            do {
                try FileManager.default.createDirectory(atPath: folderPath(job.folder), withIntermediateDirectories: true)
            } catch {
                folderErrors[n] = "cannot create output folder \(folderPath(job.folder)): \(ApplyConfiguration.reason(error))"
            }
        }

        let failedFolders = folderErrors
        let mapCount = filters.filters.count
        let results = MapResults(count: jobs.count * mapCount)
        let mapHeight = output.height, mapWidth = output.width, stride = output.channels
        let pixelsPerItem = mapHeight * mapWidth * stride
        let channels = tensor.channels
        output.scalars.withUnsafeBufferPointer { all in
            let shared = UncheckedSendableBox(all)
            DispatchQueue.concurrentPerform(iterations: jobs.count * mapCount) { index in
                let n = index / mapCount, f = index % mapCount
                guard failedFolders[n] == nil else { return }
                let item = UnsafeBufferPointer(rebasing: shared.value[(n * pixelsPerItem)..<((n + 1) * pixelsPerItem)])
                let offsets = mode == .conv ? [f] : filters.depthwiseChannels(of: f, channels: channels)
                let path = "\(folderPath(jobs[n].folder))/\(fileStems[f]).\(format.fileExtension)"
                results.set(index, Result {
                    try writeMap(item, stride: stride, offsets: offsets, width: mapWidth, height: mapHeight, filter: f, path: path)
                })
            }
        }

        return jobs.enumerated().map { n, job in
            if let problem = folderErrors[n] {
                return .init(input: job.item.path, status: .failed, reason: problem, outputFolder: job.folder, inputShape: inputShape)
            }
            var maps: [RunReport.MapReport] = []
            var tiles: [(label: String, image: RGBImage)] = []
            for f in 0..<mapCount {
                switch results.get(n * mapCount + f) {
                case .success(let written):
                    maps.append(written.report)
                    if let tile = written.tile { tiles.append((ContactSheet.label(name: filters.names[f], minimum: written.report.min, maximum: written.report.max), tile)) }
                case .failure(let error):
                    return .init(input: job.item.path, status: .failed, reason: "\(error)", outputFolder: job.folder, inputShape: inputShape, outputs: maps)
                case nil:
                    return .init(input: job.item.path, status: .failed, reason: "internal error: map \(f) was not written", outputFolder: job.folder, inputShape: inputShape)
                }
            }
            var gridPath: String?
            if grid {
                let path = folderPath(job.folder) + "/grid.png"
                do {
                    let sheet = ContactSheet.render(input: RGBImage(tensor: tensor, item: n), tiles: tiles, columns: gridColumns)
                    try AtomicFile.write(try PNGEncoder.encode(pixels: sheet.pixels, width: sheet.width, height: sheet.height, channels: sheet.channels), to: path)
                    gridPath = path
                } catch {
                    return .init(input: job.item.path, status: .failed, reason: "grid \(path): \(error)", outputFolder: job.folder, inputShape: inputShape, outputs: maps)
                }
            }
            return .init(input: job.item.path, status: .ok, outputFolder: job.folder, inputShape: inputShape, outputs: maps, grid: gridPath)
        }
    }

    /// tf.nn.conv2d with the bank built for this channel count, or depthwise plus per-filter bias.
    private func convolve(_ tensor: Tensor) throws -> Tensor {
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

    /// What one map produced.
    struct WrittenMap: Sendable {
        let report: RunReport.MapReport
        let tile: RGBImage?
    }

    /// Statistics, quantisation (or raw floats), optional colormap, encoding and the atomic write of one map.
    private func writeMap(_ source: UnsafeBufferPointer<Float>, stride: Int, offsets: [Int], width: Int, height: Int,
                          filter: Int, path: String) throws -> WrittenMap {
        let statistics = MapStatistics.compute(source, pixelStride: stride, channelOffsets: offsets)
        let k = offsets.count
        var tile: RGBImage?
        let bytes: [UInt8]
        switch format {
        case .npy:
            var values = [Float](repeating: 0, count: width * height * k)
            for p in 0..<(width * height) {
                for (c, offset) in offsets.enumerated() { values[p * k + c] = source[p * stride + offset] }
            }
            bytes = NPYFile.encode(values: values, shape: k == 1 ? [height, width] : [height, width, k])
        case .png16:
            let pixels = Quantizer.quantize16(source, pixelStride: stride, channelOffsets: offsets, mode: normalization, statistics: statistics)
            bytes = try PNGEncoder.encode16(pixels: pixels, width: width, height: height, channels: k)
        case .png, .jpeg:
            var pixels = Quantizer.quantize8(source, pixelStride: stride, channelOffsets: offsets, mode: normalization, statistics: statistics)
            var channels = k
            if k == 1 && colormap != .gray {
                pixels = colormap.apply(pixels)
                channels = 3
            }
            bytes = format == .png
                ? try PNGEncoder.encode(pixels: pixels, width: width, height: height, channels: channels)
                : try JPEGEncoder.encode(pixels: pixels, width: width, height: height, channels: channels, quality: quality)
            if grid { tile = try RGBImage(width: width, height: height, channels: channels, pixels: pixels) }
        }
        if grid && tile == nil {
            // Raw or 16-bit maps are shown on the sheet with the display normalisation of their mode.
            let display: Normalization = normalization == .none ? Normalization.defaultFor(depthwise: mode == .depthwise) : normalization
            var pixels = Quantizer.quantize8(source, pixelStride: stride, channelOffsets: offsets, mode: display, statistics: statistics)
            var channels = k
            if k == 1 && colormap != .gray {
                pixels = colormap.apply(pixels)
                channels = 3
            }
            tile = try RGBImage(width: width, height: height, channels: channels, pixels: pixels)
        }
        try AtomicFile.write(bytes, to: path)
        let report = RunReport.MapReport(filter: filters.names[filter], file: path, shape: [height, width, k],
                                         min: statistics.min, max: statistics.max, mean: statistics.mean)
        return WrittenMap(report: report, tile: tile)
    }
}

/// Results of the parallel map writers, one slot each.
final class MapResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<ApplyMapWriter.WrittenMap, Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<ApplyMapWriter.WrittenMap, Error>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    func get(_ index: Int) -> Result<ApplyMapWriter.WrittenMap, Error>? {
        lock.lock()
        defer { lock.unlock() }
        return slots[index]
    }
}
