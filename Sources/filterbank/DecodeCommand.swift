import ArgumentParser
import Convolution
import ImageCodecs

/// `filterbank decode`: one PNG or JPEG into a `[1, H, W, C]` float32 .npy tensor on a 0…255 scale.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode a PNG or JPEG into a [1, H, W, C] float32 .npy tensor (values 0…255).",
        discussion: """
            The format comes from the file's first bytes, not its extension. EXIF orientation is applied \
            unless --no-orient is given. A file that cannot be decoded is named on stderr with the reason, \
            no output is written, and the exit status is 1.
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

    @Option(name: .shortAndLong, help: "Destination .npy file (written atomically).")
    var output: String

    func validate() throws {
        guard maxPixels > 0 else { throw ValidationError("--max-pixels must be positive, not \(maxPixels)") }
        guard !output.isEmpty else { throw ValidationError("--output must name a file") }
    }

    func run() throws {
        let options = DecodeOptions(channels: channels.policy, applyOrientation: !noOrient, maxPixels: maxPixels)
        let decoded: DecodedImage
        do {
            decoded = try ImageDecoder.decode(path: file, options: options)
        } catch {
            printError("filterbank: \(error)")
            throw ExitCode(ExitStatus.someInputsFailed)
        }
        do {
            try DecodedNPY.write(values: decoded.tensor.scalars, shape: decoded.tensor.shape, to: output)
        } catch {
            printError("filterbank: \(error)")
            throw ExitCode(ExitStatus.someInputsFailed)
        }
        print("\(file): \(decoded.tensor.shape.map(String.init).joined(separator: "x")) float32 -> \(output)")
    }
}

/// Minimal NPY v1.0 '<f4' writer used until `NPYFile` lands in the Convolution module.
enum DecodedNPY {
    /// Writes a little-endian float32 C-order array atomically.
    static func write(values: [Float], shape: [Int], to path: String) throws {
        let dims = shape.count == 1 ? "\(shape[0])," : shape.map(String.init).joined(separator: ", ")
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(dims)), }"
        // Magic (6) + version (2) + length (2) + header + "\n" is padded to a multiple of 64.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        let length = header.utf8.count
        bytes += [UInt8(length & 0xFF), UInt8(length >> 8)]
        bytes += Array(header.utf8)
        bytes.reserveCapacity(bytes.count + values.count * 4)
        for value in values {
            let bits = value.bitPattern.littleEndian
            withUnsafeBytes(of: bits) { bytes.append(contentsOf: $0) }
        }
        try AtomicFile.write(bytes, to: path)
    }
}
