import ArgumentParser
import Convolution
import FeatureMaps
import Foundation
import ImageCodecs

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
            at the ends (shown in the legend). Nonzero biases are printed after the filter names.
            """)

    @Argument(help: "Bank file, built-in kernel name(s), or kernel string.")
    var bank: String

    @Option(help: "Output PNG file.")
    var output: String

    @Option(help: "Biases for a .npy bank (.npy, 1-D [out]).")
    var bias: String?

    @Option(help: "Pixels per weight (default: kernels about 60 px wide).")
    var cell: Int?

    func run() throws {
        if let cell, !(1...256).contains(cell) { throw UsageError("--cell must be 1…256, not \(cell)") }
        let filters = try loadFilters()
        let kernels = filters.map { filter in
            FilterPicture.Kernel(name: filter.bias == 0 ? filter.name : "\(filter.name) b=\(CompactNumber.format(filter.bias))",
                                 height: filter.height, width: filter.width, channels: filter.inChannels ?? 1,
                                 weights: filter.weights)
        }
        let first = filters[0]
        let shape = "\(first.height)x\(first.width)" + (first.inChannels.map { "x\($0)" } ?? "")
        let title = "\((bank as NSString).lastPathComponent): \(filters.count) filter\(filters.count == 1 ? "" : "s") \(shape)"
        let picture = FilterPicture.render(kernels, cell: cell ?? 0, title: title)
        let folder = (output as NSString).deletingLastPathComponent
        if !folder.isEmpty { try RenderCommand.createFolder(folder) }
        do {
            let bytes = try PNGEncoder.encode(pixels: picture.pixels, width: picture.width, height: picture.height,
                                              channels: picture.channels, compression: .small)
            try AtomicFile.write(bytes, to: output)
        } catch {
            throw UsageError("cannot write \(output): \(error)")
        }
        print("drew \(filters.count) filter\(filters.count == 1 ? "" : "s") (\(picture.width)x\(picture.height) px) to \(output)")
    }

    /// The filters BANK names: a file first, then built-in names, then a kernel string.
    private func loadFilters() throws -> [NamedFilter] {
        if FileManager.default.fileExists(atPath: bank) {
            do {
                return try BankLoader.load(path: bank, biasPath: bias)
            } catch {
                throw UsageError("\(error)")
            }
        }
        if bias != nil { throw UsageError("--bias needs a .npy bank file, and \(bank) is not a file") }
        let names = bank.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let builtins = names.compactMap(BuiltinKernels.named)
        if !names.isEmpty && builtins.count == names.count { return builtins }
        if bank.contains(":") || bank.contains(",") || bank.contains(" ") {
            do {
                return [try BankLoader.parse(kernelString: bank, name: "kernel")]
            } catch {
                throw UsageError("'\(bank)' is not a bank file, a built-in kernel or a valid kernel string: \(error)")
            }
        }
        throw UsageError("\(bank): no such bank file or built-in kernel (see 'filterbank kernels')")
    }
}
