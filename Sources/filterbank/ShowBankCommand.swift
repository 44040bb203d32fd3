import ArgumentParser
import FeatureMaps
import Foundation
import ImageCodecs
import Essentials
import Models

/// `filterbank show-bank`: the filters themselves as a picture, so a lab can look at what a layer learnt.
struct ShowBankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show-bank",
        abstract: "Draw a filter bank: kernels enlarged, coloured blue (negative) to red (positive).",
        discussion: """
            BANK is a bank file (JSON, .npy 2-D/3-D/4-D HWIO, libvips .mat, a file of kernel strings), \
            a built-in kernel name or several separated by commas (sobel-left,sobel-top), or a kernel \
            string ("3x3: 1,1,1 0,0,0 -1,-1,-1"). One row per filter, one column per input channel; \
            colours use the diverging coolwarm map with 0 at the neutral middle and ±max|w| of the bank \
            at the ends (shown in the legend). Each row is titled with its filter's name and shape; \
            nonzero biases follow. With --layer, BANK is a Keras model (.keras or .h5) and the \
            layer's trained kernel is drawn (Conv2D: one row per filter; DepthwiseConv2D and \
            SeparableConv2D: one row per output channel of the depthwise kernel). Banks of \
            3-channel filters also get a colour patch per filter (weights mapped to 0…255 with 0 at \
            128, one scale for the bank), as trained first layers are usually shown.
            """)

    @Argument(help: "Bank file, built-in kernel name(s), kernel string, or a Keras model with --layer.", completion: .file())
    var bank: String

    @Option(name: [.short, .long], help: "Output PNG file.", completion: .file(extensions: ["png"]))
    var output: String

    @Option(help: "Biases for a .npy bank (.npy, 1-D [out]).", completion: .file(extensions: ["npy"]))
    var bias: String?

    @Option(help: "Draw this layer's trained filters; BANK is then a Keras model file.")
    var layer: String?

    @Option(help: "Pixels per weight (default: kernels about 84 px wide, less for huge banks).")
    var cell: Int?

    func run() throws {
        if let cell, !(1...256).contains(cell) { throw UsageError("--cell must be 1…256, not \(cell)") }
        let (filters, source) = try loadFilters()
        func shape(_ filter: NamedFilter) -> String { "\(filter.height)x\(filter.width)" + (filter.inChannels.map { "x\($0)" } ?? "") }
        let kernels = filters.map { filter in
            FilterPicture.Kernel(name: "\(filter.name) \(shape(filter))" + (filter.bias == 0 ? "" : " b=\(CompactNumber.format(filter.bias))"),
                                 height: filter.height, width: filter.width, channels: filter.inChannels ?? 1,
                                 weights: filter.weights)
        }
        let shapes = Set(filters.map(shape))
        let title = "\(source): \(filters.count) filter\(filters.count == 1 ? "" : "s")" + (shapes.count == 1 ? " \(shapes.first!)" : "")
        let chosenCell = try fittingCell(kernels, title: title)
        var picture = FilterPicture.render(kernels, cell: chosenCell, title: title)
        if filters.allSatisfy({ $0.inChannels == 3 }) {
            picture = ShowBankCommand.withColourPatches(picture, filters: filters, cell: chosenCell)
        }
        let folder = PathName.parent(of: output)
        if !folder.isEmpty { try RenderCommand.createFolder(folder) }
        do {
            // zlib level 6 runs at ≈ 7 MP/s: big pictures (flat blocks, which RLE packs well) use .fast.
            let compression: PNGCompression = picture.width * picture.height > 4_000_000 ? .fast : .small
            let bytes = try PNGEncoder.encode(pixels: picture.pixels, width: picture.width, height: picture.height,
                                              channels: picture.channels, compression: compression)
            try AtomicFile.write(bytes, to: output)
        } catch {
            throw UsageError("cannot write \(output): \(error)")
        }
        print("drew \(filters.count) filter\(filters.count == 1 ? "" : "s") (\(picture.width)x\(picture.height) px) to \(output)")
    }

    /// `--cell`, or the automatic cell shrunk until the picture holds at most
    /// `maximumPixels`; a usage error when even that is too large (a picture is never allocated unbounded).
    private func fittingCell(_ kernels: [FilterPicture.Kernel], title: String) throws -> Int {
        func pixels(_ layout: FilterPicture.Layout) -> Int { layout.imageWidth * layout.imageHeight }
        if let cell {
            let layout = FilterPicture.Layout(kernels, cell: cell, title: title)
            guard pixels(layout) <= ShowBankCommand.maximumPixels else {
                throw UsageError("\(bank): with --cell \(cell) the picture would be \(layout.imageWidth)x\(layout.imageHeight) pixels; use a smaller --cell")
            }
            return cell
        }
        var candidate = FilterPicture.Layout(kernels, cell: 0, title: title).cell
        while candidate > 1 && pixels(FilterPicture.Layout(kernels, cell: candidate, title: title)) > ShowBankCommand.maximumPixels {
            candidate -= 1
        }
        let layout = FilterPicture.Layout(kernels, cell: candidate, title: title)
        guard pixels(layout) <= ShowBankCommand.maximumPixels else {
            throw UsageError("\(bank): \(kernels.count) filters of \(kernels[0].height)x\(kernels[0].width)x\(kernels[0].channels) need a \(layout.imageWidth)x\(layout.imageHeight) picture even at one pixel per weight; draw a slice of the bank")
        }
        return candidate
    }

    /// Largest picture drawn (about 150 MB of RGB).
    static let maximumPixels = 50_000_000

    /// The filters BANK names (a file first, then built-in names, then a kernel string) and where
    /// they came from, for the title.
    private func loadFilters() throws -> (filters: [NamedFilter], source: String) {
        if let layer { return try ShowBankCommand.modelFilters(model: bank, layer: layer, bias: bias) }
        if FileManager.default.fileExists(atPath: bank) || bank.range(of: ".npz:", options: .caseInsensitive) != nil {
            do {
                return (try BankLoader.load(path: bank, biasPath: bias), (bank as NSString).lastPathComponent)
            } catch {
                throw UsageError("\(error)")
            }
        }
        if bias != nil { throw UsageError("--bias needs a .npy bank file, and \(bank) is not a file") }
        do {
            var resolver = KernelSpecResolver()
            let filters = try resolver.filters(for: bank)
            return (filters, resolver.kernelStringCount > 0 ? "kernel string" : "built-in")
        } catch {
            throw UsageError("\(bank): not a bank file, and not kernels: \(error)")
        }
    }
}
