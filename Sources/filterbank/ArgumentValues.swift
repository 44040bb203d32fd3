import ArgumentParser
import Batch
import Convolution
import FeatureMaps
import ImageCodecs

// Option values of the job, as ArgumentParser reads them and completes them in shells: every case is a
// completion value, and a bad value is refused with the list of good ones.
extension ConvolutionMode: ExpressibleByArgument {}
extension ChannelChoice: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}
extension Normalization: ExpressibleByArgument {}
extension Colormap: ExpressibleByArgument {}
extension Border: ExpressibleByArgument {}
extension JPEGEncodeOptions.Subsampling: ExpressibleByArgument {}
extension FailOn: ExpressibleByArgument {}

/// Shell completions shared by the commands.
enum Completions {
    /// Built-in kernel names, then each parametric family's `NAME:`, for `--kernel`.
    static var kernels: CompletionKind { .list(BuiltinKernels.names + KernelFamily.allCases.map { $0.rawValue + ":" }) }
    /// Bank files for `--bank`.
    static var banks: CompletionKind { .file(extensions: ["json", "npy", "npz", "mat", "txt"]) }
    /// Image files and folders.
    static var images: CompletionKind { .file() }
}
