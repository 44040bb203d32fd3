import ArgumentParser
import FeatureMaps
import Foundation
import ImageCodecs
import Essentials

/// `filterbank render`: saved activations (an NHWC float .npy, e.g. `np.save` of a Keras layer's
/// output) as one picture per batch item and channel, plus an optional contact sheet per item.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render an NHWC float tensor (.npy) as one image per batch item and channel.",
        discussion: """
            TENSOR is 4-D [N,H,W,C]; 3-D [H,W,C] is one item and 2-D [H,W] one gray map. Item i's \
            channel k goes to DIR/<i>/c<k>.<ext>; item and channel numbers are zero-padded to the digits \
            of the last one (0…9, or 00…15 when there are 16). Each map is normalised with its own \
            range unless --shared-range uses one min/max over the whole tensor, so maps can be \
            compared. --grid adds DIR/<i>/grid.png with every channel labelled with its raw range. \
            Files are written atomically; a bad tensor or option exits with status 2 naming the file.
            """)

    @Argument(help: "The tensor (.npy, float, NHWC).", completion: .file(extensions: ["npy"]))
    var tensor: String

    @Option(name: [.short, .long], help: "Output folder (created if missing).", completion: .directory)
    var output: String

    @OptionGroup var look: MapLookOptions

    @Flag(help: "Normalise every map with one range over the whole tensor instead of its own.")
    var sharedRange = false

    @Flag(help: "Also write a labelled contact sheet DIR/<item>/grid.png per item.")
    var grid = false

    @Option(help: "Columns of the contact sheet (default ⌈√channels⌉).")
    var gridColumns: Int?

    @Option(help: "Comma-separated channel names for the contact-sheet titles (default c0, c1, …).")
    var labels: String?

    @Option(name: .customLong("inputs"),
            help: "The images the activations came from (.npy NHWC, same batch, 1 or 3 channels, 0…255 or 0…1), shown first on each sheet.",
            completion: .file(extensions: ["npy"]))
    var inputsPath: String?

    @Option(help: "Longest side of a contact-sheet tile in pixels.")
    var tileSize: Int = 256

    @Option(help: "png, png16 (16-bit gray) or jpeg.")
    var format: RenderFormat = .png

    @Option(help: "JPEG quality, 1…100 (default 90; --format jpeg only).")
    var quality: Int?

    func run() throws {
        let settings = try validatedSettings()
        let array: NPYArray
        do {
            array = try NPYFile.read(path: tensor)
        } catch let error as NPYError {
            throw UsageError(error.description)
        }
        let rendering: ActivationRendering
        do {
            rendering = try ActivationRendering(shape: array.shape, values: array.values, sharedRange: sharedRange)
        } catch let error as ActivationRendering.ShapeError {
            throw UsageError("\(tensor): \(error.description)")
        }
        let titles = try channelTitles(for: rendering)
        let inputPictures = try inputImages(count: rendering.items)
        try RenderCommand.createFolder(output)
        var written = 0
        for item in 0..<rendering.items {
            let folder = (output as NSString).appendingPathComponent(rendering.itemName(item))
            try RenderCommand.createFolder(folder)
            var tiles: [(label: String, image: RGBImage)] = []
            for channel in 0..<rendering.channels {
                let name = rendering.channelName(channel)
                let path = (folder as NSString).appendingPathComponent("\(name).\(settings.fileExtension)")
                let gray = rendering.gray8(item: item, channel: channel, mode: settings.normalization)
                let picture = settings.colormap.apply(
                    to: try RGBImage(width: rendering.width, height: rendering.height, channels: 1, pixels: gray))
                let bytes: [UInt8]
                do {
                    switch format {
                    case .png16:
                        let wide = rendering.gray16(item: item, channel: channel, mode: settings.normalization)
                        bytes = try PNGEncoder.encode(pixels: wide, width: rendering.width, height: rendering.height, channels: 1)
                    case .jpeg:
                        bytes = try JPEGEncoder.encode(pixels: picture.pixels, width: picture.width, height: picture.height,
                                                       channels: picture.channels, quality: quality ?? 90, file: path)
                    case .png:
                        bytes = try PNGEncoder.encode(pixels: picture.pixels, width: picture.width, height: picture.height,
                                                      channels: picture.channels)
                    }
                    try AtomicFile.write(bytes, to: path)
                } catch {
                    throw UsageError("cannot write \(path): \(error)")
                }
                written += 1
                if grid {
                    let own = rendering.ownStatistics[item][channel]
                    tiles.append((ContactSheet.label(name: titles[channel], minimum: own.min, maximum: own.max), picture))
                }
            }
            if grid {
                let sheet = ContactSheet.render(input: inputPictures?[item], tiles: tiles, columns: gridColumns, tileSize: tileSize)
                let path = (folder as NSString).appendingPathComponent("grid.png")
                do {
                    try AtomicFile.write(try PNGEncoder.encode(pixels: sheet.pixels, width: sheet.width, height: sheet.height,
                                                               channels: sheet.channels, compression: .small), to: path)
                } catch {
                    throw UsageError("cannot write \(path): \(error)")
                }
            }
        }
        print("rendered \(rendering.items) item\(rendering.items == 1 ? "" : "s") × \(rendering.channels) channel\(rendering.channels == 1 ? "" : "s") = \(written) images in \(output)\(grid ? " (+ grid.png per item)" : "")")
    }

    /// The sheet title of every channel: `--labels` when given (one per channel), else the file stems.
    private func channelTitles(for rendering: ActivationRendering) throws -> [String] {
        guard let labels else { return (0..<rendering.channels).map(rendering.channelName) }
        let names = labels.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard names.count == rendering.channels else {
            throw UsageError("--labels names \(names.count) channel\(names.count == 1 ? "" : "s") but \(tensor) has \(rendering.channels)")
        }
        return names
    }

    /// One picture per item from `--inputs`, or nil without it. A tensor whose values all lie in
    /// 0…1 is taken to be on the 0…1 scale and multiplied by 255.
    private func inputImages(count: Int) throws -> [RGBImage]? {
        guard let inputsPath else { return nil }
        if !grid { throw UsageError("--inputs only appears on contact sheets: add --grid") }
        let tensor: Tensor
        do {
            let array = try NPYFile.read(path: inputsPath)
            let values = (array.values.max() ?? 0) <= 1 && (array.values.min() ?? 0) >= 0
                ? array.values.map { $0 * 255 } : array.values
            let shape = array.shape.count == 3 ? [1] + array.shape : array.shape
            tensor = try Tensor(shape: shape, scalars: values)
        } catch let error as NPYError {
            throw UsageError(error.description)
        } catch {
            throw UsageError("\(inputsPath): \(error)")
        }
        guard tensor.shape.count == 4, tensor.batch == count else {
            throw UsageError("\(inputsPath): expected \(count) image\(count == 1 ? "" : "s") [N,H,W,C] to match \(self.tensor), got shape \(tensor.shape)")
        }
        return try (0..<count).map { item in
            guard let image = RGBImage(tensor: tensor, item: item) else {
                throw UsageError("\(inputsPath): images need 1 to 4 channels, got \(tensor.channels)")
            }
            return image
        }
    }

    /// The parsed choices, or a usage error naming the bad value.
    private func validatedSettings() throws -> (normalization: Normalization, colormap: Colormap, fileExtension: String) {
        if format == .png16 && look.colormap != .gray {
            throw UsageError("--format png16 writes 16-bit gray; a colormap needs png or jpeg")
        }
        if let quality {
            guard format == .jpeg else { throw UsageError("--quality only applies to --format jpeg") }
            guard (1...100).contains(quality) else { throw UsageError("--quality must be 1…100, not \(quality)") }
        }
        if let gridColumns, gridColumns < 1 { throw UsageError("--grid-columns must be at least 1, not \(gridColumns)") }
        guard (8...4096).contains(tileSize) else { throw UsageError("--tile-size must be 8…4096, not \(tileSize)") }
        return (look.normalization, look.chosenColormap, format == .jpeg ? "jpg" : "png")
    }
}

/// `render --format`.
enum RenderFormat: String, ExpressibleByArgument, CaseIterable {
    /// 8-bit PNG (gray, or RGB with a colormap).
    case png
    /// 16-bit gray PNG.
    case png16
    /// JPEG at --quality.
    case jpeg
}

extension RenderCommand {
    /// Creates `path` (and its parents) or fails with a usage error naming it.
    static func createFolder(_ path: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw UsageError("\(path) exists and is not a folder") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw UsageError("cannot create folder \(path): \(error.localizedDescription)")
        }
    }
}
