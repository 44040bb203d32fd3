import Convolution
import FeatureMaps
import ImageCodecs

/// Everything a filter job can be told: which images, which filters, how they meet, what is written
/// where. A plain value; `FilterJob.plan(_:)` checks it as a whole before any work.
public struct FilterJobOptions: Sendable {
    /// Image files and folders (png, jpg and jpeg are picked up inside folders; files given directly are
    /// decoded by content whatever their extension).
    public var inputs: [String]
    /// The output folder, created when missing.
    public var outputFolder: String
    /// Filter sources in the order the maps are wanted.
    public var filters: [FilterSource]
    /// conv (one gray map per filter) or depthwise (each channel filtered).
    public var mode: ConvolutionMode = .conv
    /// Strides, padding and dilations, exactly as tf.nn.conv2d takes them.
    public var geometry = ConvolutionOptions()
    /// Channels of the decoded images.
    public var channels: ChannelChoice = .auto
    /// How raw map values become pixels; nil takes the mode's default (minmax for conv, clamp for
    /// depthwise, none for npy).
    public var normalization: Normalization?
    /// The maps' file format; nil writes each photo in its own format (PNG stays PNG, 16-bit PNG stays
    /// 16-bit, JPEG stays JPEG), which only the mirrored layout allows.
    public var format: OutputFormat? = .png
    /// JPEG encoding: quality (nil: 90 for maps, 92 for photos), chroma subsampling, progressive,
    /// optimised Huffman tables.
    public var jpeg = JPEGSettings()
    /// Where outputs go: a folder of maps per input, or the input layout mirrored (photos).
    public var naming: OutputNaming = .featureMaps
    /// Write no metadata and no colour profile (photos otherwise keep theirs).
    public var stripMetadata = false
    /// Colours one-channel maps (RGB PNG/JPEG) and contact-sheet tiles.
    public var colormap: Colormap = .gray
    /// A labelled contact sheet per image, or nil for none.
    public var contactSheet: ContactSheetOptions?
    /// What to do with inputs whose outputs already exist.
    public var resume: ResumePolicy = .overwrite
    /// The part of the inputs this process handles.
    public var shard: ShardChoice = .all
    /// Where to write the JSON report, or nil for none.
    public var reportPath: String?
    /// Walk sub-folders of folder inputs (folder links are never followed).
    public var recursive = false
    /// How much damage a file may have and still be used (libvips's levels; default `error`: damage
    /// that leaves the pixels intact is accepted and reported as a warning).
    public var failOn: FailOn = .error
    /// Largest width × height decoded; bigger images fail before their pixels are allocated.
    public var maxPixels = 100_000_000
    /// Largest convolution output held in memory at once, in bytes: filters beyond it are convolved in
    /// further groups (the image is still decoded once).
    public var outputMemoryBudget = 512 << 20

    /// Options for `inputs` → `outputFolder` through `filters`, every other setting at its default:
    /// feature maps, one gray PNG per filter (tf.nn.conv2d semantics, zero border).
    public init(inputs: [String], outputFolder: String, filters: [FilterSource]) {
        self.inputs = inputs
        self.outputFolder = outputFolder
        self.filters = filters
    }

    /// A photographer's defaults: each channel filtered on its own (colour in, colour out), clamped,
    /// the edge replicated instead of a zero frame, each photo in its own format (JPEG quality 92),
    /// the input layout mirrored, profile and metadata kept, alpha kept.
    public static func photos(inputs: [String], outputFolder: String, filters: [FilterSource]) -> FilterJobOptions {
        var options = FilterJobOptions(inputs: inputs, outputFolder: outputFolder, filters: filters)
        options.mode = .depthwise
        options.normalization = .clamp
        options.geometry.border = .replicate
        options.format = nil
        options.naming = .mirrored
        options.channels = .auto
        return options
    }
}
