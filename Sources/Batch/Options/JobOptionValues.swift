import FeatureMaps
import ImageCodecs

/// How a bank meets an image's channels.
public enum ConvolutionMode: String, CaseIterable, Sendable {
    /// tf.nn.conv2d: one single-channel map per filter, summed over the channels (a 2-D kernel acts on
    /// the channel mean; a 3-D kernel needs in-channels = image channels).
    case conv
    /// tf.nn.depthwise_conv2d: every channel filtered on its own, a colour map per filter.
    case depthwise
}

/// Which channels the decoded images have before they meet the filters.
public enum ChannelChoice: String, CaseIterable, Sendable {
    /// As stored: gray files stay gray, colour becomes RGB; alpha is dropped (feature maps) or kept
    /// unchanged beside the filtered colour (photos).
    case auto
    /// One channel (BT.601 luma).
    case gray
    /// Three channels (gray files are repeated).
    case rgb
}

/// The file format of the written maps.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// 8-bit PNG.
    case png
    /// 16-bit PNG.
    case png16
    /// JPEG.
    case jpeg
    /// Raw float32 NumPy arrays (`[H, W]`, or `[H, W, C]` for a colour map).
    case npy

    /// The extension written for this format.
    public var fileExtension: String {
        switch self {
        case .png, .png16: return "png"
        case .jpeg: return "jpg"
        case .npy: return "npy"
        }
    }
}

/// Where a job's outputs go.
public enum OutputNaming: String, CaseIterable, Sendable {
    /// `DIR/<input path without extension>/<filter>.<ext>`: a folder of maps per input (`apply`).
    case featureMaps
    /// The input layout mirrored: `DIR/<input path>` for one filter, `DIR/<filter>/<input path>` for
    /// several (`filter`).
    case mirrored
}

/// How JPEG outputs are encoded.
public struct JPEGSettings: Equatable, Sendable {
    /// Quality 1…100; nil takes the job's default (90 for maps, 92 for photos).
    public var quality: Int?
    /// Chroma subsampling; nil chooses 4:4:4 at quality ≥ 90 and 4:2:0 below, as libvips does.
    public var subsampling: JPEGEncodeOptions.Subsampling?
    /// Progressive scans instead of baseline.
    public var progressive = false
    /// Optimised (two-pass) Huffman tables: smaller files, a little slower.
    public var optimizeCoding = false

    /// Baseline JPEG at the job's default quality.
    public init(quality: Int? = nil, subsampling: JPEGEncodeOptions.Subsampling? = nil, progressive: Bool = false, optimizeCoding: Bool = false) {
        self.quality = quality
        self.subsampling = subsampling
        self.progressive = progressive
        self.optimizeCoding = optimizeCoding
    }
}

/// One source of filters, in the order given.
public enum FilterSource: Equatable, Sendable {
    /// A built-in kernel name, a parametric spec or a kernel string (see `filterbank kernels`).
    case kernel(String)
    /// A bank file (.json, .npy, .mat, kernel-string text), with the bias `.npy` that goes with an `.npy` bank.
    case bank(path: String, bias: String?)
    /// Filters made in code.
    case filters([NamedFilter])
}

/// The labelled contact sheet written beside each image's maps (`grid.png`).
public struct ContactSheetOptions: Equatable, Sendable {
    /// Columns of the sheet; nil chooses them from the map count.
    public var columns: Int?

    /// A sheet with `columns` columns (nil: automatic).
    public init(columns: Int? = nil) { self.columns = columns }
}

/// What a run does with inputs whose outputs already exist.
public enum ResumePolicy: String, CaseIterable, Sendable {
    /// Compute every input again and replace its outputs.
    case overwrite
    /// Skip inputs whose outputs are all present (resuming a killed run).
    case skipExisting
}

/// Which part of the inputs this process handles.
public enum ShardChoice: Equatable, Sendable {
    /// Every input.
    case all
    /// One shard given explicitly.
    case shard(Shard)
    /// The shard a cluster scheduler's environment names (Slurm job arrays, Kubernetes Indexed Jobs), or
    /// every input when none is set.
    case fromEnvironment([String: String])
}
