import ArgumentParser
import Foundation
import ImageCodecs

/// `filterbank inspect`: header facts of PNG and JPEG files, without decoding pixels.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show format, size, channels, bit depth, interlacing, orientation, colour model and metadata.",
        discussion: """
            Only headers are read, so this is fast on big files (a PNG's chunks after the image data are not \
            seen). Metadata found (ICC profile, EXIF, XMP) is listed with its size; what is malformed in it \
            is reported on stderr as a warning. Files that cannot be read are reported on stderr and the \
            others are still shown; the exit status is then 1.
            """)

    @Argument(help: "PNG or JPEG files.")
    var files: [String]

    @Flag(help: "One JSON object per line instead of text.")
    var json = false

    @Option(name: .customLong("fail-on"), help: "Damage in the headers that fails a file: none, truncated, error or warning.")
    var failOn: FailOn = .error

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file to inspect") }
    }

    func run() throws {
        var failed = false
        for file in files {
            do {
                let header = try ImageDecoder.header(path: file, failOn: failOn)
                print(json ? try InspectLine.json(file: file, header) : InspectLine.text(file: file, header))
                for warning in header.warnings { printError("filterbank: \(file): warning: \(warning)") }
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
    /// "photo.jpg: JPEG 4000 x 3000, 3 channels, 8-bit, progressive, orientation 6, YCbCr 4:2:0", then
    /// the metadata blocks present: ", ICC profile RGB (3144 bytes), EXIF (12034 bytes), XMP (4410 bytes)".
    static func text(file: String, _ header: ImageHeader) -> String {
        let info = header.info
        let layout: String
        switch info.format {
        case .png: layout = info.interlaced ? "interlaced (Adam7)" : "not interlaced"
        case .jpeg: layout = info.interlaced ? "progressive" : "sequential"
        }
        let channels = info.channels == 1 ? "1 channel" : "\(info.channels) channels"
        var blocks: [String] = []
        let metadata = header.metadata
        if let icc = metadata.iccProfile {
            let space = (metadata.iccColorSpace ?? "").trimmingCharacters(in: .whitespaces)
            blocks.append("ICC profile \(space) (\(icc.count) bytes)")
        }
        if let exif = metadata.exif { blocks.append("EXIF (\(exif.count) bytes)") }
        if let xmp = metadata.xmp { blocks.append("XMP (\(xmp.count) bytes)") }
        return "\(file): \(info.format.rawValue.uppercased()) \(info.width) x \(info.height), \(channels), "
            + "\(info.bitDepth)-bit, \(layout), orientation \(info.orientation), \(info.colorModel)"
            + blocks.map { ", " + $0 }.joined()
    }

    /// The JSON record: file, the header's fields (format, width, height, channels, bitDepth, interlaced,
    /// orientation, colorModel), the byte counts of the metadata blocks (0 when absent) and the warnings.
    struct Record: Encodable {
        let file: String
        let info: ImageInfo
        let iccBytes: Int, exifBytes: Int, xmpBytes: Int
        let warnings: [String]

        private enum Keys: String, CodingKey { case file, iccBytes, exifBytes, xmpBytes, warnings }

        /// One flat object: the header's fields beside the record's own.
        func encode(to encoder: Encoder) throws {
            try info.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(file, forKey: .file)
            try container.encode(iccBytes, forKey: .iccBytes)
            try container.encode(exifBytes, forKey: .exifBytes)
            try container.encode(xmpBytes, forKey: .xmpBytes)
            try container.encode(warnings, forKey: .warnings)
        }
    }

    /// One compact JSON object with sorted keys.
    static func json(file: String, _ header: ImageHeader) throws -> String {
        let info = header.info, metadata = header.metadata
        let record = Record(file: file, info: info, iccBytes: metadata.iccProfile?.count ?? 0, exifBytes: metadata.exif?.count ?? 0,
                            xmpBytes: metadata.xmp?.count ?? 0, warnings: header.warnings.map(\.description))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(record), as: UTF8.self)
    }
}
