import ArgumentParser
import FeatureMaps

/// One `--kernel` value as written (a name, a spec such as `gaussian:2`, a kernel string or a comma list
/// of them), with the kernel names as shell completions. It is resolved later by `KernelSpecResolver`,
/// whose messages say exactly which piece is wrong.
struct KernelSpecArgument: ExpressibleByArgument, Sendable {
    /// The value as given on the command line.
    let text: String

    /// Always succeeds: the value is checked when it is resolved, with a message naming the bad piece.
    init?(argument: String) { text = argument }

    /// The built-in names, then each family's `NAME:`.
    static let completions: [String] = BuiltinKernels.names + KernelFamily.allCases.map { $0.rawValue + ":" }

    /// Shell completion offers `completions`.
    static var defaultCompletionKind: CompletionKind { .list(completions) }
}
