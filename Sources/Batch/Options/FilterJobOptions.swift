import Convolution
import FeatureMaps

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
    /// The maps' file format.
    public var format: OutputFormat = .png
    /// JPEG quality 1…100 (nil: 90); only meaningful with the jpeg format.
    public var jpegQuality: Int?
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
    /// Largest width × height decoded; bigger images fail before their pixels are allocated.
    public var maxPixels = 100_000_000
    /// Largest convolution output held in memory at once, in bytes: filters beyond it are convolved in
    /// further groups (the image is still decoded once).
    public var outputMemoryBudget = 512 << 20

    /// Options for `inputs` → `outputFolder` through `filters`, every other setting at its default.
    public init(inputs: [String], outputFolder: String, filters: [FilterSource]) {
        self.inputs = inputs
        self.outputFolder = outputFolder
        self.filters = filters
    }
}
