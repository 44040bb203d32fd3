import ArgumentParser
import Batch
import FeatureMaps
import Essentials

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
            2 usage or configuration error (nothing was done).
            Sharding: --shard I/N, else SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT (minus \
            SLURM_ARRAY_TASK_MIN), else JOB_COMPLETION_INDEX with FILTERBANK_SHARD_COUNT.
            """)

    @Argument(help: "Image files and folders (png, jpg, jpeg inside folders; files are decoded by content).")
    var inputs: [String] = []

    @Option(name: [.short, .long], help: "Output folder (created if missing).")
    var output: String

    @Option(name: .customLong("kernel"), help: "Built-in kernel (see 'filterbank kernels') or a kernel string \"3x3: 1,1,1 0,0,0 -1,-1,-1\". Repeatable.")
    var kernels: [String] = []

    @Option(name: .customLong("bank"), help: "Bank file: .json, .npy (TF layout), .mat (libvips) or a kernel-string text file. Repeatable.")
    var banks: [String] = []

    @Option(help: "Bias .npy ([out]) for the .npy bank.")
    var bias: String?

    @Option(help: "conv (tf.nn.conv2d: one gray map per filter) or depthwise (each channel filtered: colour in, colour out).")
    var mode: ApplyMode = .conv

    @OptionGroup var geometry: GeometryOptions

    @Option(help: "auto (gray files stay gray, colour becomes RGB, alpha dropped), gray or rgb.")
    var channels: ApplyChannels = .auto

    @Option(help: "minmax | clamp | abs | signed | none (none: raw floats, npy only). Default: minmax in conv mode, clamp in depthwise mode.")
    var normalize: String?

    @Option(help: "png | png16 | jpeg | npy.")
    var format: ApplyFormat = .png

    @Option(help: "JPEG quality 1…100.")
    var quality: Int = 90

    @Flag(help: "Also write DIR/<image>/grid.png: the input and every map, labelled with the map's raw range.")
    var grid = false

    @Option(help: "Columns of the grid (default: chosen from the map count).")
    var gridColumns: Int?

    @Option(help: "gray | viridis | magma | coolwarm: colours one-channel maps (RGB PNG/JPEG) and grids.")
    var colormap: String = "gray"

    @Flag(help: "Walk sub-folders (folder symlinks are not followed).")
    var recursive = false

    @Option(help: "Write a JSON report: every input, its outputs and each map's raw min/max/mean.")
    var report: String?

    @Flag(help: "No progress line.")
    var quiet = false

    @Flag(help: "Skip inputs whose outputs are all present (resume a killed run).")
    var skipExisting = false

    @Option(help: "Process shard I of N (0 ≤ I < N), chosen by a hash of each input's relative path.")
    var shard: String?

    @Option(help: "Largest width × height decoded; bigger images fail before their pixels are allocated.")
    var maxPixels: Int = 100_000_000

    func run() throws {
        let configuration = try ApplyConfiguration(self)
        LargeBufferReuse.enable()
        let outcome = ApplyRunner(configuration).run()
        if outcome.failed > 0 { throw ExitCode(ExitStatus.someInputsFailed) }
    }
}

/// `--mode`.
enum ApplyMode: String, ExpressibleByArgument, CaseIterable {
    /// tf.nn.conv2d: one single-channel map per filter.
    case conv
    /// tf.nn.depthwise_conv2d: each filter on each channel, a colour result per filter.
    case depthwise
}

/// `--channels`.
enum ApplyChannels: String, ExpressibleByArgument, CaseIterable {
    /// As stored, alpha dropped.
    case auto
    /// One channel (BT.601 luma).
    case gray
    /// Three channels.
    case rgb
}

/// `--format`.
enum ApplyFormat: String, ExpressibleByArgument, CaseIterable {
    /// 8-bit PNG.
    case png
    /// 16-bit PNG.
    case png16
    /// JPEG at `--quality`.
    case jpeg
    /// Raw float32 NumPy array.
    case npy

    /// File extension of the maps.
    var fileExtension: String {
        switch self {
        case .png, .png16: return "png"
        case .jpeg: return "jpg"
        case .npy: return "npy"
        }
    }
}
