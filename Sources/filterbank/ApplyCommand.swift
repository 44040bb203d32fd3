import ArgumentParser
import Batch
import Essentials
import FeatureMaps
import Foundation

/// `filterbank apply INPUT… --output DIR`: every image through a bank of filters, one map per filter.
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Turn images and folders of images into feature maps, one file per filter.",
        discussion: """
            Outputs go to DIR/<path relative to its INPUT folder, without extension>/<filter>.<ext> \
            (a file given directly: DIR/<stem>/). Inputs that would share a folder (x.jpg and x.png) \
            each use their name with its extension (DIR/x.jpg/, DIR/x.png/); the same relative path \
            under two INPUT folders gets ~2, ~3… in argument order.
            Exit status: 0 all inputs done, 1 some inputs failed (the others are complete), \
            2 usage or configuration error, or nothing to process (nothing was done).
            Sharding: --shard I/N, else SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT (minus \
            SLURM_ARRAY_TASK_MIN), else JOB_COMPLETION_INDEX with FILTERBANK_SHARD_COUNT.
            """)

    @Argument(help: "Image files and folders (png, jpg, jpeg inside folders; files are decoded by content).",
              completion: Completions.images)
    var inputs: [String] = []

    @Option(name: [.short, .long], help: "Output folder (created if missing).", completion: .directory)
    var output: String

    @Option(name: .customLong("kernel"),
            help: "Built-in kernel (see 'filterbank kernels'), a comma list of them, or a kernel string \"3x3: 1,1,1 0,0,0 -1,-1,-1\". Repeatable.",
            completion: Completions.kernels)
    var kernels: [String] = []

    @Option(name: .customLong("bank"), help: "Bank file: .json, .npy (TF layout), .mat (libvips) or a kernel-string text file. Repeatable.",
            completion: Completions.banks)
    var banks: [String] = []

    @Option(help: "Bias .npy ([out]) for the .npy bank.", completion: .file(extensions: ["npy"]))
    var bias: String?

    @Option(help: "conv (tf.nn.conv2d: one gray map per filter) or depthwise (each channel filtered: colour in, colour out).")
    var mode: ConvolutionMode = .conv

    @OptionGroup var geometry: GeometryOptions

    @Option(help: "auto (gray files stay gray, colour becomes RGB, alpha dropped), gray or rgb.")
    var channels: ChannelChoice = .auto

    @Option(help: "minmax | clamp | abs | signed | none (none: raw floats, npy only). Default: minmax in conv mode, clamp in depthwise mode.")
    var normalize: Normalization?

    @Option(help: "png | png16 | jpeg | npy.")
    var format: OutputFormat = .png

    @Option(help: "JPEG quality 1…100 (default 90; --format jpeg only).")
    var quality: Int?

    @Flag(help: "Also write DIR/<image>/grid.png: the input and every map, labelled with the map's raw range.")
    var grid = false

    @Option(help: "Columns of the grid (default: chosen from the map count).")
    var gridColumns: Int?

    @Option(help: "gray | viridis | magma | coolwarm: colours one-channel maps (RGB PNG/JPEG) and grids.")
    var colormap: Colormap = .gray

    @Flag(help: "Walk sub-folders (folder symlinks are not followed).")
    var recursive = false

    @Option(help: "Write a JSON report: every input, its outputs and each map's raw min/max/mean.",
            completion: .file(extensions: ["json"]))
    var report: String?

    @Flag(help: "No progress or summary line (failures are still printed).")
    var quiet = false

    @Flag(help: "Skip inputs whose outputs are all present (resume a killed run).")
    var skipExisting = false

    @Option(help: "Process shard I of N (0 ≤ I < N), chosen by a hash of each input's relative path.")
    var shard: String?

    @Option(help: "Largest width × height decoded; bigger images fail before their pixels are allocated.")
    var maxPixels: Int = 100_000_000

    @Option(help: "Largest convolution output held at once (bytes, or with K, M, G); larger banks run in filter groups.")
    var maxOutputMemory: ByteCount = ByteCount(bytes: 512 << 20)

    func run() throws {
        let job: FilterJob
        do {
            job = try FilterJob.plan(try jobOptions())
        } catch let error as FilterJobError {
            throw UsageError(error.description)
        }
        LargeBufferReuse.enable()
        let outcome = JobConsole.run(job, quiet: quiet)
        if !outcome.succeeded { throw ExitCode(ExitStatus.someInputsFailed) }
    }

    /// The job's options from the command line.
    func jobOptions() throws -> FilterJobOptions {
        guard !inputs.isEmpty else { throw UsageError("apply needs at least one INPUT file or folder") }
        var options = FilterJobOptions(
            inputs: inputs, outputFolder: output,
            filters: try FilterArguments.sources(kernels: kernels, banks: banks, bias: bias, arguments: CommandLine.arguments))
        options.mode = mode
        options.geometry = try geometry.convolutionOptions()
        options.channels = channels
        options.normalization = normalize
        options.format = format
        options.jpegQuality = quality
        options.colormap = colormap
        options.contactSheet = grid || gridColumns != nil ? ContactSheetOptions(columns: gridColumns) : nil
        options.resume = skipExisting ? .skipExisting : .overwrite
        if let shard {
            do { options.shard = .shard(try Shard(parsing: shard)) } catch { throw UsageError("\(error)") }
        } else {
            options.shard = .fromEnvironment(ProcessInfo.processInfo.environment)
        }
        options.reportPath = report
        options.recursive = recursive
        options.maxPixels = maxPixels
        options.outputMemoryBudget = maxOutputMemory.bytes
        return options
    }
}
