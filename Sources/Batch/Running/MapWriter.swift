import Convolution
import Essentials
import FeatureMaps
import Foundation
import ImageCodecs

/// Convolves one unit of decoded images and writes every map. The convolution output is read in place:
/// one pass for the statistics of every map, one fused normalise-and-quantise pass for all maps
/// (no per-map float copy), then the maps of an image are encoded and written in parallel.
struct MapWriter: Sendable {
    let filters: FilterSet
    let mode: ConvolutionMode
    let convolution: ConvolutionOptions
    let normalization: Normalization
    /// The format every map is written in, or nil for each input's own.
    let fixedFormat: OutputFormat?
    let jpeg: JPEGSettings
    let stripMetadata: Bool
    let colormap: Colormap
    let contactSheet: ContactSheetOptions?
    let outputFolder: String
    let outputMemoryBudget: Int
    /// Whether anyone reads the maps' raw statistics (the report, the grid's labels). When not, and the
    /// normalisation does not need them either (clamp, abs), the banded path skips gathering them.
    let recordsStatistics: Bool

    init(_ job: FilterJob) {
        filters = job.filters
        mode = job.options.mode
        convolution = job.options.geometry
        normalization = job.normalization
        fixedFormat = job.options.format
        jpeg = job.jpeg
        stripMetadata = job.options.stripMetadata
        colormap = job.options.colormap
        contactSheet = job.options.contactSheet
        outputFolder = job.options.outputFolder
        outputMemoryBudget = job.options.outputMemoryBudget
        recordsStatistics = job.options.reportPath != nil || job.options.contactSheet != nil
    }

    /// What has been written for one image so far: its maps by filter index, in the order written.
    struct ImageMaps {
        var maps: [(index: Int, report: RunReport.MapReport, tile: (label: String, image: RGBImage)?)] = []
        var failure: String?

        /// The maps' reports in filter order (shape groups are written one after another).
        var reports: [RunReport.MapReport] { maps.sorted { $0.index < $1.index }.map(\.report) }
        /// The contact-sheet tiles in filter order.
        var tiles: [(label: String, image: RGBImage)] { maps.sorted { $0.index < $1.index }.compactMap(\.tile) }
    }

    /// The format of an input's maps: the fixed one, or the input's own (PNG, 16-bit PNG or JPEG).
    func format(for side: DecodedSide) -> OutputFormat {
        fixedFormat ?? (side.format == .jpeg ? .jpeg : side.bitDepth == 16 ? .png16 : .png)
    }

    /// Convolves `tensor` (`[N, H, W, C]`, item n belonging to `inputs[n]` with `sides[n]`) and writes all
    /// maps; returns one report entry per input. Filters of each shape run as one bank (in groups that fit
    /// the memory budget); a problem with one image fails that image only.
    func write(input: ConvolutionInput, inputs: [PlannedInput], sides: [DecodedSide]) -> [RunReport.InputReport] {
        let inputShape = Array(input.shape.dropFirst())
        let channels = input.shape[3]
        var images = [ImageMaps](repeating: ImageMaps(), count: inputs.count)
        for (n, planned) in inputs.enumerated() {
            for folder in planned.outputFolders {
                if let problem = OutputDestination.prepare(folder: folder) { images[n].failure = problem }
            }
        }
        let held = bytesHeldPerValue(sides: sides)
        groups: for shapeGroup in filters.shapeGroups {
            for range in filterGroups(count: shapeGroup.count, for: input.shape, bytesPerValue: held) where images.contains(where: { $0.failure == nil }) {
                let indices = Array(shapeGroup[range])
                do {
                    try write(group: filters.subset(indices), indices: indices, input: input, inputs: inputs, sides: sides, images: &images)
                } catch {
                    for n in images.indices where images[n].failure == nil { images[n].failure = failureReason(error, channels: channels) }
                    break groups
                }
            }
        }
        return inputs.enumerated().map { n, planned in
            var entry = finish(images[n], planned: planned, input: input, item: n, inputShape: inputShape)
            if !sides[n].warnings.isEmpty { entry.warnings = sides[n].warnings }
            return entry
        }
    }

    /// Convolves one group of filters of one shape (`indices` into the set) and writes its maps for
    /// every image of the unit.
    private func write(group: FilterSet, indices: [Int], input: ConvolutionInput, inputs: [PlannedInput], sides: [DecodedSide],
                       images: inout [ImageMaps]) throws {
        let paths = { (n: Int) in indices.map { inputs[n].mapFiles[$0] } }
        if sides.allSatisfy({ writesFromBands(format(for: $0)) }) {
            let parts = try bandParts(input, group)
            let shape = parts[0].plan.outputShape
            let layout = MapLayout(height: shape[1], width: shape[2], stride: shape[3])
            for n in images.indices where images[n].failure == nil {
                writeMaps(.bands(parts, image: n), layout: layout, group: group, indices: indices, channels: input.shape[3],
                          paths: paths(n), side: sides[n], into: &images[n])
            }
            return
        }
        let output = try convolve(input.tensor, group)
        let perItem = output.height * output.width * output.channels
        let layout = MapLayout(height: output.height, width: output.width, stride: output.channels)
        output.scalars.withUnsafeBufferPointer { all in
            for n in images.indices where images[n].failure == nil {
                let maps = UnsafeBufferPointer(rebasing: all[(n * perItem)..<((n + 1) * perItem)])
                writeMaps(.floats(maps), layout: layout, group: group, indices: indices, channels: input.shape[3],
                          paths: paths(n), side: sides[n], into: &images[n])
            }
        }
    }

    /// The report entry of one image, after its contact sheet (if any) is written.
    private func finish(_ image: ImageMaps, planned: PlannedInput, input: ConvolutionInput, item: Int, inputShape: [Int]) -> RunReport.InputReport {
        let path = planned.item.path, folder = planned.outputFolder
        if let failure = image.failure {
            return .init(input: path, status: .failed, reason: failure, outputFolder: folder, inputShape: inputShape, outputs: image.reports)
        }
        guard let sheetPath = planned.contactSheetFile else {
            return .init(input: path, status: .ok, outputFolder: folder, inputShape: inputShape, outputs: image.reports)
        }
        do {
            let sheet = ContactSheet.render(input: RGBImage(tensor: input.tensor, item: item), tiles: image.tiles, columns: contactSheet?.columns)
            try AtomicFile.write(try PNGEncoder.encode(pixels: sheet.pixels, width: sheet.width, height: sheet.height, channels: sheet.channels), to: sheetPath)
        } catch {
            return .init(input: path, status: .failed, reason: "grid \(sheetPath): \(error)", outputFolder: folder,
                         inputShape: inputShape, outputs: image.reports)
        }
        return .init(input: path, status: .ok, outputFolder: folder, inputShape: inputShape, outputs: image.reports, grid: sheetPath)
    }

    /// The reason an image failed; a channel mismatch says how to convert the image.
    private func failureReason(_ error: Error, channels: Int) -> String {
        if let inChannels = filters.filters.lazy.compactMap(\.inChannels).first(where: { $0 != channels }) {
            let hint = inChannels == 3 ? "; use --channels rgb to convert gray images" : inChannels == 1 ? "; use --channels gray to convert colour images" : ""
            return "\(error)\(hint)"
        }
        return "\(error)"
    }

    /// Bytes per output value that the maps of a unit hold while they are written: whole float outputs
    /// (4), or the quantised planes of the banded path (1, 2 for 16-bit PNG), or nothing that grows with
    /// the image when every map streams band by band into its JPEG (0: one group, however many filters).
    func bytesHeldPerValue(sides: [DecodedSide]) -> Int {
        let formats = sides.map { format(for: $0) }
        guard formats.allSatisfy(writesFromBands) else { return MemoryLayout<Float>.size }
        // Depthwise parts are one map each, so they stream whenever the format does.
        let streaming = mode == .depthwise && formats.allSatisfy(streams(format:))
        return streaming ? 0 : formats.contains(.png16) ? 2 : 1
    }

    /// Consecutive ranges of `count` filters whose outputs, at `bytesPerValue` each, fit the output
    /// memory budget (one range for ordinary banks).
    func filterGroups(count: Int, for shape: [Int], bytesPerValue: Int = MemoryLayout<Float>.size) -> [Range<Int>] {
        guard bytesPerValue > 0, count > 0 else { return count > 0 ? [0..<count] : [] }
        let (batch, height, width, channels) = (shape[0], shape[1], shape[2], shape[3])
        let (sh, sw) = convolution.strides
        let pixels = batch * ((height + sh - 1) / sh + 1) * ((width + sw - 1) / sw + 1)
        let bytesPerFilter = max(1, pixels * (mode == .depthwise ? channels : 1) * bytesPerValue)
        let perGroup = max(1, min(count, outputMemoryBudget / bytesPerFilter))
        return stride(from: 0, to: count, by: perGroup).map { $0..<min(count, $0 + perGroup) }
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

    /// Whether maps in `format` are quantised straight from convolved bands (8-bit PNG/JPEG, and 16-bit
    /// PNG without a grid, whose tiles are drawn from the floats): the float output of a whole image is
    /// then never stored, which saves its memory and most of the time outside the encoders.
    func writesFromBands(_ format: OutputFormat) -> Bool {
        format == .png || format == .jpeg || (format == .png16 && contactSheet == nil)
    }

    /// Normalisations whose pixel mapping needs the map's range before the first pixel is written.
    var needsRangeFirst: Bool { normalization == .minmax || normalization == .signed }
}

/// Height, width and channel stride of one image's convolution output.
struct MapLayout: Sendable {
    let height: Int
    let width: Int
    let stride: Int
}
