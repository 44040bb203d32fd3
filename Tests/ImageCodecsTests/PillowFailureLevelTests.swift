import Foundation
import Testing
import ImageCodecs

/// Damaged real-world files from Pillow's test suite (fetched by Scripts/fetch-pillow-fixtures) at every
/// failure level: harmless damage is accepted by default with a warning, damage that changes pixels is
/// refused by default, and whatever is accepted decodes as Pillow decodes it.
@Suite struct PillowFailureLevelTests {
    struct Case: Sendable, CustomStringConvertible {
        let file: String
        /// The most demanding level that still accepts the file.
        let acceptedUpTo: FailOn?
        /// The kind of the warning the file gives where it is accepted.
        let kind: DecodeWarning.Kind
        /// Words of the refusal message.
        let message: String
        var description: String { file }
    }

    static let cases: [Case] = [
        // Junk bytes before a marker in the header: the pixels are intact.
        Case(file: "jpeg_ff00_header.jpg", acceptedUpTo: .error, kind: .damage, message: "extraneous bytes before marker 0xdb"),
        Case(file: "junk_jpeg_header.jpg", acceptedUpTo: .error, kind: .damage, message: "extraneous bytes before marker 0xdb"),
        Case(file: "photoshop-200dpi-broken.jpg", acceptedUpTo: .error, kind: .damage, message: "extraneous bytes before marker 0xe1"),
        Case(file: "truncated_app14.jpg", acceptedUpTo: .error, kind: .damage, message: "extraneous bytes before marker 0xdb"),
        // Extra data after the PNG image stream.
        Case(file: "padded_idat.png", acceptedUpTo: .error, kind: .damage, message: "Extra compressed data"),
        // Junk inside the entropy-coded data (before restart markers): pixels are lost.
        Case(file: "hopper_bad_exif.jpg", acceptedUpTo: .truncated, kind: .corrupt, message: "extraneous bytes before marker 0xd0"),
        Case(file: "truncated_jpeg.jpg", acceptedUpTo: FailOn.none, kind: .truncated, message: "Premature end of JPEG file"),
        // libpng's own diagnosis, not a giant chunk made of the garbage after the damaged row.
        Case(file: "broken_data_stream.png", acceptedUpTo: .truncated, kind: .corrupt, message: "bad adaptive filter value"),
    ]

    static let folder = CodecFixtures.root.appendingPathComponent("pillow")

    @Test(arguments: cases)
    func everyLevel(_ test: Case) throws {
        let path = Self.folder.appendingPathComponent(test.file).path
        for level in FailOn.allCases {
            let accepts = test.acceptedUpTo.map { level <= $0 } ?? false
            do {
                let decoded = try ImageDecoder.decode(path: path, options: DecodeOptions(failOn: level))
                #expect(accepts, "\(test.file) decoded at --fail-on \(level.rawValue)")
                #expect(decoded.warnings.contains { $0.kind == test.kind && $0.message.contains(test.message) },
                        "\(test.file) at \(level.rawValue): \(decoded.warnings)")
                #expect(decoded.warnings.allSatisfy { !level.refuses($0.kind) })
            } catch let error as ImageCodecError {
                #expect(!accepts, "\(test.file) refused at --fail-on \(level.rawValue): \(error)")
                #expect(error.message.contains(test.message) && error.file == path, "\(error)")
                #expect(!error.message.contains("?"), "\(error)")
            }
        }
    }

    /// Pillow's decoding, as 8 × 8 block means (Scripts/make_pillow_references.py).
    static func pillowMeans(_ file: String) throws -> (values: [Float], width: Int, channels: Int) {
        let reference = try ImageDecoder.decode(path: folder.appendingPathComponent(file + ".means.png").path)
        return (reference.tensor.scalars, reference.tensor.width, reference.tensor.channels)
    }

    /// Block means of a decoded tensor, rounded as the reference was.
    static func means(_ tensor: [Float], width: Int, height: Int, channels: Int) -> [Float] {
        let bw = (width + 7) / 8, bh = (height + 7) / 8
        var out = [Float](repeating: 0, count: bw * bh * channels)
        for by in 0..<bh {
            for bx in 0..<bw {
                for c in 0..<channels {
                    var sum: Double = 0, count = 0
                    for y in (by * 8)..<min(by * 8 + 8, height) {
                        for x in (bx * 8)..<min(bx * 8 + 8, width) { sum += Double(tensor[(y * width + x) * channels + c]); count += 1 }
                    }
                    out[(by * bw + bx) * channels + c] = Float((sum / Double(count)).rounded(.toNearestOrEven))
                }
            }
        }
        return out
    }

    @Test(arguments: cases.filter { $0.acceptedUpTo != nil })
    func acceptedFilesDecodeAsPillowDoes(_ test: Case) throws {
        let path = Self.folder.appendingPathComponent(test.file).path
        let decoded = try ImageDecoder.decode(path: path, options: DecodeOptions(applyOrientation: false, failOn: test.acceptedUpTo!))
        let (expected, width, channels) = try Self.pillowMeans(test.file)
        let tensor = decoded.tensor
        #expect(tensor.channels == channels && (tensor.width + 7) / 8 == width)
        let ours = Self.means(tensor.scalars, width: tensor.width, height: tensor.height, channels: tensor.channels)
        let worst = zip(ours, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(ours.count == expected.count && worst <= 1, "\(test.file): block means differ by up to \(worst)")
    }
}
