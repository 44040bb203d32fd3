import Convolution
import FeatureMaps
import Essentials
import Foundation

/// A filter job checked as a whole and ready to run: the filters loaded, the inputs of this shard
/// found and given their output files. `plan(_:)` reports every usage error before any work;
/// `run(_:)` then decodes, convolves and writes, reporting each input as it finishes.
///
/// ```swift
/// let job = try FilterJob.plan(FilterJobOptions(inputs: ["photos"], outputFolder: "out", filters: [.kernel("blur")]))
/// let outcome = job.run { event in if case .inputFinished(let result, _) = event { print(result.status) } }
/// ```
public struct FilterJob: Sendable {
    /// The options as given.
    public let options: FilterJobOptions
    /// The filters in map order, names unique.
    public let filters: FilterSet
    /// The normalisation in effect (the mode's default when none was given).
    public let normalization: Normalization
    /// The JPEG settings in effect (quality resolved).
    public let jpeg: JPEGSettings
    /// The shard this process handles.
    public let shard: Shard
    /// This shard's images with their output files, in processing order.
    public let inputs: [PlannedInput]
    /// Files of this shard seen in input folders but not processed.
    public let skippedFiles: [SkippedFile]

    /// Checks `options` and finds the inputs; throws `FilterJobError` (nothing written) when the job
    /// cannot run as asked, including when it would process nothing.
    public static func plan(_ options: FilterJobOptions) throws -> FilterJob {
        try FilterJobPlanner(options).plan()
    }

    /// The settings as the report shows them.
    public var settings: [String: String] {
        let g = options.geometry
        return [
            "mode": options.mode.rawValue, "normalize": normalization.rawValue, "format": options.format?.rawValue ?? "same as input",
            "quality": String(jpeg.quality ?? 90), "naming": options.naming.rawValue, "channels": options.channels.rawValue, "colormap": options.colormap.rawValue,
            "strides": "\(g.strides.height),\(g.strides.width)", "padding": Self.describe(g.padding),
            "dilations": "\(g.dilations.height),\(g.dilations.width)", "border": g.border.rawValue,
            "filters": filters.names.joined(separator: ","), "shard": shard.description, "output": options.outputFolder,
            "grid": String(options.contactSheet != nil), "skipExisting": String(options.resume == .skipExisting),
        ]
    }

    static func describe(_ padding: Padding) -> String {
        switch padding {
        case .same: return "same"
        case .valid: return "valid"
        case .explicit(let t, let b, let l, let r): return "\(t),\(b),\(l),\(r)"
        }
    }
}

/// One image of the job and the files it produces.
public struct PlannedInput: Equatable, Sendable {
    /// The image and where it was found.
    public let item: InputItem
    /// Its output folder, relative to the job's output folder.
    public let outputFolder: String
    /// The full path of each filter's map, in filter order.
    public let mapFiles: [String]
    /// The contact sheet's full path, when one is written.
    public let contactSheetFile: String?

    /// Every file the input produces: its maps, then its contact sheet.
    public var outputFiles: [String] { mapFiles + (contactSheetFile.map { [$0] } ?? []) }

    /// The folders its files go to (one for feature maps, one per filter for mirrored photos).
    var outputFolders: [String] {
        var seen = Set<String>()
        return outputFiles.map { file in
            let folder = PathName.parent(of: file)
            return folder.isEmpty ? "." : folder
        }.filter { seen.insert($0).inserted }
    }
}
