import Batch
import Convolution
import FeatureMaps
import Foundation
import ImageCodecs

/// Everything `apply` needs, checked before any image is touched: every problem here is a usage error
/// (exit 2) so a misconfigured batch never half-runs.
struct ApplyConfiguration {
    let filters: FilterSet
    let mode: ApplyMode
    let convolution: ConvolutionOptions
    let channels: ApplyChannels
    let normalization: Normalization
    let format: ApplyFormat
    let quality: Int
    let grid: Bool
    let gridColumns: Int?
    let colormap: Colormap
    let outputFolder: String
    let reportPath: String?
    let quiet: Bool
    let skipExisting: Bool
    let shard: Shard
    let maxPixels: Int
    /// Images of this shard with their output folders (relative to `outputFolder`).
    let work: [(item: InputItem, folder: String)]
    /// Non-image files of this shard found in input folders.
    let skipped: [SkippedFile]
    /// The settings as the report shows them.
    let settings: [String: String]

    init(_ command: ApplyCommand) throws {
        guard !command.inputs.isEmpty else { throw UsageError("apply needs at least one INPUT file or folder") }
        mode = command.mode
        convolution = try command.geometry.convolutionOptions()
        channels = command.channels
        format = command.format
        quality = command.quality
        guard (1...100).contains(quality) else { throw UsageError("--quality must be 1…100, got \(quality)") }
        guard command.maxPixels >= 1 else { throw UsageError("--max-pixels must be ≥ 1") }
        maxPixels = command.maxPixels
        if let columns = command.gridColumns, columns < 1 { throw UsageError("--grid-columns must be ≥ 1, got \(columns)") }
        grid = command.grid || command.gridColumns != nil
        gridColumns = command.gridColumns
        quiet = command.quiet
        skipExisting = command.skipExisting
        reportPath = command.report

        normalization = try Self.normalization(command.normalize, mode: mode, format: format)
        guard let colormap = Colormap(rawValue: command.colormap.lowercased()) else {
            throw UsageError("unknown --colormap '\(command.colormap)'; choose one of \(Colormap.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if colormap != .gray && (format == .png16 || format == .npy) {
            throw UsageError("--colormap \(colormap.rawValue) makes 8-bit RGB images: use --format png or jpeg (or --grid with npy/png16 maps)")
        }
        self.colormap = colormap

        filters = try ApplyFilterSources.load(kernels: command.kernels, banks: command.banks, bias: command.bias)
        if mode == .depthwise, let inChannels = filters.inChannels {
            throw UsageError("depthwise mode needs 2-D kernels, but the filters are 3-D with \(inChannels) input channels; use --mode conv")
        }
        if let inChannels = filters.inChannels, channels != .auto, inChannels != (channels == .gray ? 1 : 3) {
            throw UsageError("the filters expect \(inChannels)-channel input but --channels \(channels.rawValue) gives \(channels == .gray ? 1 : 3)")
        }
        let stems = filters.names.map(OutputLayout.fileStem(forFilter:))
        if Set(stems).count != stems.count {
            throw UsageError("two filters would write the same file name (\(stems.joined(separator: ", "))); rename them in the bank")
        }
        if grid && stems.contains("grid") && format.fileExtension == "png" {
            throw UsageError("a filter named 'grid' would collide with --grid's grid.png; rename it")
        }

        if let text = command.shard {
            do { shard = try Shard(parsing: text) } catch { throw UsageError("\(error)") }
        } else {
            do { shard = try Shard.fromEnvironment(ProcessInfo.processInfo.environment) ?? .all } catch { throw UsageError("\(error)") }
        }

        outputFolder = command.output
        try Self.prepareOutputFolder(outputFolder)
        if let reportPath { try Self.checkReportFolder(reportPath) }

        let walk: InputWalker.Result
        do {
            walk = try InputWalker(recursive: command.recursive, excluding: [outputFolder]).collect(command.inputs)
        } catch {
            throw UsageError("\(error)")
        }
        let folders = OutputLayout.folders(for: walk.images)
        let shard = self.shard
        work = zip(walk.images, folders).filter { shard.contains(relativePath: $0.0.relativePath) }.map { ($0.0, $0.1) }
        skipped = walk.skipped.filter { shard.contains(relativePath: $0.path) }

        settings = [
            "mode": mode.rawValue, "normalize": normalization.rawValue, "format": format.rawValue,
            "quality": String(quality), "channels": channels.rawValue, "colormap": colormap.rawValue,
            "strides": command.geometry.strides, "padding": command.geometry.padding, "dilations": command.geometry.dilations,
            "filters": filters.names.joined(separator: ","), "shard": shard.description, "output": outputFolder,
            "grid": String(grid), "skipExisting": String(skipExisting),
        ]
    }

    /// `--normalize` with its mode-dependent default; `none` is only meaningful for raw float output.
    static func normalization(_ text: String?, mode: ApplyMode, format: ApplyFormat) throws -> Normalization {
        guard let text else {
            return format == .npy ? .none : Normalization.defaultFor(depthwise: mode == .depthwise)
        }
        guard let value = Normalization(rawValue: text.lowercased()) else {
            throw UsageError("unknown --normalize '\(text)'; choose one of \(Normalization.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if value == .none && format != .npy {
            throw UsageError("--normalize none keeps raw floats and needs --format npy")
        }
        if value != .none && format == .npy {
            throw UsageError("--format npy writes the raw float maps; drop --normalize \(value.rawValue) (or use --normalize none)")
        }
        return value
    }

    /// Creates the output folder and proves a file can be written there, so an unwritable destination
    /// stops the run before any work (a permission check alone would not stop root).
    static func prepareOutputFolder(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw UsageError("cannot create output folder \(path): \(Self.reason(error))")
        }
        let probe = path + "/.filterbank-write-check"
        do {
            try AtomicFile.write([], to: probe)
            unlink(probe)
        } catch {
            throw UsageError("output folder \(path) is not writable: \(error)")
        }
    }

    /// The report's folder must exist and be writable now, not after hours of work.
    static func checkReportFolder(_ path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let probe = (folder.isEmpty ? "." : folder) + "/.filterbank-report-check"
        do {
            try AtomicFile.write([], to: probe)
            unlink(probe)
        } catch {
            throw UsageError("cannot write the report \(path): \(error)")
        }
    }

    static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}
