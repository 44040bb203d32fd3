import Batch
import Convolution
import FeatureMaps
import Foundation
import ImageCodecs
import Essentials

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

    /// Creates the output folder and proves a file can be created there, so an unwritable destination
    /// stops the run before any work (a permission check alone would not stop root). Leftovers of killed
    /// runs in the folder itself are removed here; image folders are cleaned as they are reached.
    static func prepareOutputFolder(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw UsageError("cannot create output folder \(path): \(Self.reason(error))")
        }
        LeftoverCleanup.clean(folder: path)
        if let problem = probeWrite(folder: path) { throw UsageError("output folder \(path) is not writable: \(problem)") }
    }

    /// The report's folder must accept files now, not after hours of work.
    static func checkReportFolder(_ path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if let problem = probeWrite(folder: folder.isEmpty ? "." : folder) { throw UsageError("cannot write the report \(path): \(problem)") }
    }

    /// Creates and removes a temporary-marked file in `folder` (a run killed in between leaves a name the
    /// next run cleans up); returns the system's reason on failure.
    static func probeWrite(folder: String) -> String? {
        let probe = AtomicFile.temporaryPath(for: folder + "/write-check")
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        close(fd)
        unlink(probe)
        return nil
    }

    static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}
