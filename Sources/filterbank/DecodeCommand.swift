import ArgumentParser
import ImageCodecs
import Essentials

/// `filterbank decode`: one PNG or JPEG into a `[1, H, W, C]` float32 .npy tensor on a 0…255 scale.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode a PNG or JPEG into a [1, H, W, C] float32 .npy tensor (values 0…255).",
        discussion: """
            The format comes from the file's first bytes, not its extension. EXIF orientation is applied \
            unless --no-orient is given. --fail-on sets how much damage fails the file (libvips's levels): \
            none, truncated, error (default: damage that changes pixels) or warning (any damage); what \
            it lets through is printed on stderr as a warning. A file that cannot be decoded is named on \
            stderr with the reason, no output is written, and the exit status is 1.
            """)

    /// Channel choices on the command line (mirror `ChannelPolicy`).
    enum Channels: String, ExpressibleByArgument, CaseIterable {
        case keep, rgb, gray
        var policy: ChannelPolicy {
            switch self {
            case .keep: .keep
            case .rgb: .rgb
            case .gray: .gray
            }
        }
    }

    @Argument(help: "The PNG or JPEG file.")
    var file: String

    @Option(help: "keep: what the file holds (alpha included); rgb: 3 channels; gray: BT.601 luma.")
    var channels: Channels = .keep

    @Flag(name: .customLong("no-orient"), help: "Keep the stored orientation instead of applying EXIF orientation.")
    var noOrient = false

    @Option(name: .customLong("max-pixels"), help: "Refuse images with more pixels than this (checked from the header).")
    var maxPixels: Int = DecodeOptions().maxPixels

    @Option(name: .customLong("fail-on"), help: "Damage that fails the file: none, truncated, error or warning.")
    var failOn: FailOn = .error

    @Option(name: .shortAndLong, help: "Destination .npy file (written atomically).")
    var output: String

    func validate() throws {
        guard maxPixels > 0 else { throw ValidationError("--max-pixels must be positive, not \(maxPixels)") }
        guard !output.isEmpty else { throw ValidationError("--output must name a file") }
    }

    func run() throws {
        let options = DecodeOptions(channels: channels.policy, applyOrientation: !noOrient, maxPixels: maxPixels,
                                    failOn: failOn)
        let decoded: DecodedImage
        do {
            decoded = try ImageDecoder.decode(path: file, options: options)
        } catch {
            printError("filterbank: \(error)")
            throw ExitCode(ExitStatus.someInputsFailed)
        }
        do {
            try NPYFile.write(values: decoded.tensor.scalars, shape: decoded.tensor.shape, to: output)
        } catch {
            printError("filterbank: \(error)")
            throw ExitCode(ExitStatus.someInputsFailed)
        }
        for warning in decoded.warnings { printError("filterbank: \(file): warning: \(warning)") }
        print("\(file): \(decoded.tensor.shape.map(String.init).joined(separator: "x")) float32 -> \(output)")
    }
}

/// `--fail-on none|truncated|error|warning`, with its values offered for completion (any command that decodes).
