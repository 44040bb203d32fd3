import ArgumentParser
import Foundation
import ImageCodecs
import Essentials

/// `codec-bench reencode IN OUT`: decode, then encode as `filter` will (same channels and depth, the
/// metadata an output carries), so Scripts/check-codec-outputs can check our files with Pillow.
struct ReencodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reencode", abstract: "Decode a PNG/JPEG and write it again with its metadata.")

    @Argument(help: "The PNG or JPEG to read.")
    var input: String

    @Argument(help: "Destination; .png or .jpg decides the format.")
    var output: String

    @Flag(help: "Write the BT.601 luma only (a gray map made from the image).")
    var gray = false

    @Option var quality = 92

    func run() throws {
        let decoded = try ImageDecoder.decode(path: input, options: DecodeOptions(channels: gray ? .gray : .keep))
        let tensor = decoded.tensor
        let metadata = decoded.metadata(forOutputChannels: tensor.channels)
        func samples<Sample: PNGSample>(_: Sample.Type, scale: Float) -> [Sample] {
            tensor.scalars.map { Sample(max(0, min(Float(Sample.max), ($0 * scale).rounded()))) }
        }
        let bytes: [UInt8]
        if output.lowercased().hasSuffix(".png") {
            bytes = decoded.info.bitDepth == 16
                ? try PNGEncoder.encode(pixels: samples(UInt16.self, scale: 257), width: tensor.width, height: tensor.height,
                                        channels: tensor.channels, metadata: metadata)
                : try PNGEncoder.encode(pixels: samples(UInt8.self, scale: 1), width: tensor.width, height: tensor.height,
                                        channels: tensor.channels, metadata: metadata)
        } else {
            bytes = try JPEGEncoder.encode(pixels: samples(UInt8.self, scale: 1), width: tensor.width, height: tensor.height,
                                           channels: tensor.channels, options: JPEGEncodeOptions(quality: quality),
                                           metadata: metadata, file: output)
        }
        try AtomicFile.write(bytes, to: output)
        for warning in decoded.warnings { FileHandle.standardError.write(Data("\(input): \(warning)\n".utf8)) }
    }
}
