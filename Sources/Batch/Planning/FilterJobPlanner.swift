import Convolution
import FeatureMaps
import Essentials
import Foundation

/// Checks a job's options in the order a user would fix them (settings, filters, destination, inputs)
/// and builds the planned job. Everything here throws `FilterJobError`; nothing is written.
struct FilterJobPlanner {
    let options: FilterJobOptions

    init(_ options: FilterJobOptions) { self.options = options }

    func plan() throws -> FilterJob {
        guard !options.inputs.isEmpty else { throw FilterJobError("no inputs given: name at least one image file or folder") }
        try checkSettings()
        let normalization = try resolvedNormalization()
        let filters = try checkedFilters()
        let shard = try resolvedShard()
        try OutputDestination.check(folder: options.outputFolder)
        if let report = options.reportPath { try OutputDestination.check(report: report) }

        try InputProtection.checkFolder(options.outputFolder, inputArguments: options.inputs)
        let walk: InputWalker.Result
        do {
            walk = try InputWalker(recursive: options.recursive, excluding: [options.outputFolder]).collect(options.inputs)
        } catch {
            throw FilterJobError("\(error)")
        }
        if walk.images.isEmpty { throw FilterJobError(try nothingToDo(walk)) }

        let all = plannedInputs(walk.images, filters: filters)
        try InputProtection.checkFiles(all, inputs: walk.images)
        var jpeg = options.jpeg
        jpeg.quality = jpeg.quality ?? (options.naming == .mirrored ? 92 : 90)
        return FilterJob(
            options: options, filters: filters, normalization: normalization, jpeg: jpeg, shard: shard,
            inputs: all.filter { shard.contains(relativePath: $0.item.relativePath) },
            skippedFiles: walk.skipped.filter { shard.contains(relativePath: $0.path) })
    }

    /// Every input (of all shards, so names agree between shards) with its output files.
    private func plannedInputs(_ images: [InputItem], filters: FilterSet) -> [PlannedInput] {
        let stems = filters.names.map(OutputLayout.fileStem(forFilter:))
        let base = options.outputFolder.hasSuffix("/") ? options.outputFolder : options.outputFolder + "/"
        switch options.naming {
        case .featureMaps:
            let ext = (options.format ?? .png).fileExtension
            return zip(images, OutputLayout.folders(for: images)).map { item, folder in
                PlannedInput(item: item, outputFolder: folder, mapFiles: stems.map { "\(base)\(folder)/\($0).\(ext)" },
                             contactSheetFile: options.contactSheet == nil ? nil : "\(base)\(folder)/grid.png")
            }
        case .mirrored:
            let names = PhotoLayout.names(for: images, fileExtension: options.format?.fileExtension)
            return zip(images, names).map { item, name in
                let files = stems.count == 1 ? ["\(base)\(name)"] : stems.map { "\(base)\($0)/\(name)" }
                let folder = PathName.parent(of: name)
                return PlannedInput(item: item, outputFolder: folder, mapFiles: files, contactSheetFile: nil)
            }
        }
    }

    private func checkSettings() throws {
        if let quality = options.jpeg.quality {
            guard (1...100).contains(quality) else { throw FilterJobError("--quality must be 1…100, got \(quality)") }
        }
        if let format = options.format, format != .jpeg, options.jpeg != JPEGSettings() {
            throw FilterJobError("JPEG options (--quality, --subsampling, --progressive, --optimize-coding) need JPEG output but the format is \(format.rawValue); add --format jpeg or drop them")
        }
        if options.naming == .featureMaps && options.format == nil {
            throw FilterJobError("feature maps need a fixed format (png, png16, jpeg or npy); keeping each input's format is for photos")
        }
        if options.naming == .mirrored && options.contactSheet != nil {
            throw FilterJobError("contact sheets (--grid) go with feature maps, not with filtered photos")
        }
        guard options.maxPixels >= 1 else { throw FilterJobError("--max-pixels must be ≥ 1, got \(options.maxPixels)") }
        guard options.outputMemoryBudget >= 1 else { throw FilterJobError("the output memory budget must be ≥ 1 byte") }
        if let columns = options.contactSheet?.columns, columns < 1 { throw FilterJobError("--grid-columns must be ≥ 1, got \(columns)") }
        if options.colormap != .gray && (options.format == .png16 || options.format == .npy) {
            throw FilterJobError("--colormap \(options.colormap.rawValue) makes 8-bit RGB images: use --format png or jpeg (or --grid with npy/png16 maps)")
        }
        let g = options.geometry
        guard g.strides.height >= 1, g.strides.width >= 1 else { throw FilterJobError("--strides must be ≥ 1, got \(g.strides.height),\(g.strides.width)") }
        guard g.dilations.height >= 1, g.dilations.width >= 1 else { throw FilterJobError("--dilations must be ≥ 1, got \(g.dilations.height),\(g.dilations.width)") }
        if case .explicit(let t, let b, let l, let r) = g.padding, min(t, b, l, r) < 0 {
            throw FilterJobError("--padding values must be ≥ 0, got \(t),\(b),\(l),\(r)")
        }
    }

    /// The normalisation with its mode-dependent default; `none` is only meaningful for raw float output.
    private func resolvedNormalization() throws -> Normalization {
        guard let value = options.normalization else {
            return options.format == .npy ? .none : Normalization.defaultFor(depthwise: options.mode == .depthwise)
        }
        if value == .none && options.format != .npy {
            throw FilterJobError("--normalize none keeps raw floats and needs --format npy")
        }
        if value != .none && options.format == .npy {
            throw FilterJobError("--format npy writes the raw float maps; drop --normalize \(value.rawValue) (or use --normalize none)")
        }
        return value
    }

    private func checkedFilters() throws -> FilterSet {
        let filters: FilterSet
        do {
            filters = try FilterSet(try FilterSourceLoader.load(options.filters))
        } catch let error as FilterJobError {
            throw error
        } catch {
            throw FilterJobError("\(error)")
        }
        if options.mode == .depthwise, let threeD = filters.filters.first(where: { $0.inChannels != nil }) {
            throw FilterJobError("depthwise mode needs 2-D kernels, but '\(threeD.name)' is \(threeD.shapeDescription) (3-D, with its own input channels); use --mode conv")
        }
        let given = options.channels == .gray ? 1 : 3
        if options.channels != .auto, let threeD = filters.filters.first(where: { ($0.inChannels ?? given) != given }) {
            throw FilterJobError("'\(threeD.name)' expects \(threeD.inChannels ?? 0)-channel input but --channels \(options.channels.rawValue) gives \(given)")
        }
        let stems = filters.names.map(OutputLayout.fileStem(forFilter:))
        if Set(stems).count != stems.count {
            throw FilterJobError("two filters would write the same file name (\(stems.joined(separator: ", "))); rename them in the bank")
        }
        if options.contactSheet != nil && stems.contains("grid") && options.format?.fileExtension == "png" {
            throw FilterJobError("a filter named 'grid' would collide with --grid's grid.png; rename it")
        }
        return filters
    }

    private func resolvedShard() throws -> Shard {
        switch options.shard {
        case .all: return .all
        case .shard(let shard): return shard
        case .fromEnvironment(let environment):
            do { return try Shard.fromEnvironment(environment) ?? .all } catch { throw FilterJobError("\(error)") }
        }
    }

    /// Why a walk that found no image processes nothing, in one line that says what to do.
    private func nothingToDo(_ walk: InputWalker.Result) throws -> String {
        if !options.recursive {
            let deeper = try InputWalker(recursive: true, excluding: [options.outputFolder]).collect(options.inputs)
            if !deeper.images.isEmpty {
                let count = deeper.images.count
                return "no images to process: \(count) image\(count == 1 ? "" : "s") in sub-folders; add --recursive"
            }
        }
        let named = options.inputs.joined(separator: ", ")
        if walk.skipped.isEmpty { return "no images to process: \(named) holds no files" }
        let count = walk.skipped.count
        return "no images to process: \(named) holds \(count) file\(count == 1 ? "" : "s") but no .png, .jpg or .jpeg"
    }
}
