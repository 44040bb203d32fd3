import ArgumentParser
import Batch
import FeatureMaps

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

    @OptionGroup var job: JobArguments

    @Option(help: "conv (tf.nn.conv2d: one gray map per filter) or depthwise (each channel filtered: colour in, colour out).")
    var mode: ConvolutionMode = .conv

    @OptionGroup var geometry: GeometryOptions

    @Option(help: "auto (gray files stay gray, colour becomes RGB, alpha dropped), gray or rgb.")
    var channels: ChannelChoice = .auto

    @Option(help: "minmax | clamp | abs | signed | none (none: raw floats, npy only). Default: minmax in conv mode, clamp in depthwise mode.")
    var normalize: Normalization?

    @Option(help: "png | png16 | jpeg | npy.")
    var format: OutputFormat = .png

    @OptionGroup var jpeg: JPEGArguments

    @Flag(help: "Also write DIR/<image>/grid.png: the input and every map, labelled with the map's raw range.")
    var grid = false

    @Option(help: "Columns of the grid (default: chosen from the map count).")
    var gridColumns: Int?

    @Option(help: "gray | viridis | magma | coolwarm: colours one-channel maps (RGB PNG/JPEG) and grids.")
    var colormap: Colormap = .gray

    func run() throws {
        try job.run(try jobOptions())
    }

    /// The job's options from the command line.
    func jobOptions() throws -> FilterJobOptions {
        var options = FilterJobOptions(inputs: [], outputFolder: "", filters: [])
        try job.apply(to: &options)
        options.mode = mode
        options.geometry = try geometry.convolutionOptions()
        options.channels = channels
        options.normalization = normalize
        options.format = format
        options.jpeg = jpeg.settings(defaultQuality: nil)
        options.colormap = colormap
        options.contactSheet = grid || gridColumns != nil ? ContactSheetOptions(columns: gridColumns) : nil
        return options
    }
}
