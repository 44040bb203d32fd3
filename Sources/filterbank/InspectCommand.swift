import ArgumentParser
import Foundation
import ImageCodecs

/// `filterbank inspect`: header facts of PNG and JPEG files, without decoding pixels.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show format, size, channels, bit depth, interlacing, EXIF orientation and colour model.",
        discussion: """
            Only headers are read, so this is fast on big files. Files that cannot be read are reported on \
            stderr and the others are still shown; the exit status is then 1.
            """)

    @Argument(help: "PNG or JPEG files.")
    var files: [String]

    @Flag(help: "One JSON object per line instead of text.")
    var json = false

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file to inspect") }
    }

    func run() throws {
        var failed = false
        for file in files {
            do {
                let info = try ImageDecoder.inspect(path: file)
                print(json ? try InspectLine.json(file: file, info) : InspectLine.text(file: file, info))
            } catch {
                printError("filterbank: \(error)")
                failed = true
            }
        }
        if failed { throw ExitCode(ExitStatus.someInputsFailed) }
    }
}

/// Formats one inspected file.
enum InspectLine {
    /// "photo.jpg: JPEG 4000 x 3000, 3 channels, 8-bit, progressive, orientation 6, YCbCr 4:2:0".
    static func text(file: String, _ info: ImageInfo) -> String {
        let layout: String
        switch info.format {
        case .png: layout = info.interlaced ? "interlaced (Adam7)" : "not interlaced"
        case .jpeg: layout = info.interlaced ? "progressive" : "sequential"
        }
        let channels = info.channels == 1 ? "1 channel" : "\(info.channels) channels"
        return "\(file): \(info.format.rawValue.uppercased()) \(info.width) x \(info.height), \(channels), "
            + "\(info.bitDepth)-bit, \(layout), orientation \(info.orientation), \(info.colorModel)"
    }

    /// The JSON record: file, format, width, height, channels, bitDepth, interlaced, orientation, colorModel.
    struct Record: Encodable {
        let file: String
        let format: String
        let width: Int
        let height: Int
        let channels: Int
        let bitDepth: Int
        let interlaced: Bool
        let orientation: Int
        let colorModel: String
    }

    /// One compact JSON object with sorted keys.
    static func json(file: String, _ info: ImageInfo) throws -> String {
        let record = Record(file: file, format: info.format.rawValue, width: info.width, height: info.height,
                            channels: info.channels, bitDepth: info.bitDepth, interlaced: info.interlaced,
                            orientation: info.orientation, colorModel: info.colorModel)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(record), as: UTF8.self)
    }
}
