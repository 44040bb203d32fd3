import Foundation
import ImageCodecs
import Testing

/// End-to-end tests of `filterbank decode` and `filterbank inspect` on JPEGs written here.
@Suite struct DecodeInspectCommandTests {
    /// A flat gray 12 × 8 JPEG (value 100) and a 3-channel one (quality 95, so 4:4:4), written into `folder`.
    static func writeInputs(in folder: URL) throws -> (gray: String, color: String) {
        let gray = folder.appendingPathComponent("gray.jpg").path
        let color = folder.appendingPathComponent("color.jpg").path
        let grayBytes = try JPEGEncoder.encode(pixels: [UInt8](repeating: 100, count: 12 * 8), width: 12, height: 8, channels: 1)
        let rgb = (0..<(20 * 10 * 3)).map { UInt8([200, 120, 40][$0 % 3]) }
        let colorBytes = try JPEGEncoder.encode(pixels: rgb, width: 20, height: 10, channels: 3, quality: 95)
        try Data(grayBytes).write(to: URL(fileURLWithPath: gray))
        try Data(colorBytes).write(to: URL(fileURLWithPath: color))
        return (gray, color)
    }

    /// Parses a version-1 '<f4' .npy: shape and values.
    static func readNPY(_ path: String) throws -> (shape: [Int], values: [Float]) {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes.starts(with: [0x93] + Array("NUMPY".utf8) + [1, 0]))
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        #expect(header.contains("'descr': '<f4'") && header.contains("'fortran_order': False"))
        #expect((10 + headerLength) % 64 == 0)
        let shapeText = header.split(separator: "(")[1].split(separator: ")")[0]
        let shape = shapeText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let body = Array(bytes[(10 + headerLength)...])
        let values = stride(from: 0, to: body.count, by: 4).map { i in
            Float(bitPattern: UInt32(body[i]) | UInt32(body[i + 1]) << 8 | UInt32(body[i + 2]) << 16 | UInt32(body[i + 3]) << 24)
        }
        return (shape, values)
    }

    @Test func decodeWritesTheTensor() throws {
        let folder = try CLI.temporaryDirectory("decode")
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = try Self.writeInputs(in: folder)
        let output = folder.appendingPathComponent("gray.npy").path
        let result = try CLI.run(["decode", inputs.gray, "--output", output])
        #expect(result.status == 0, "\(result.stderr)")
        let npy = try Self.readNPY(output)
        #expect(npy.shape == [1, 8, 12, 1])
        #expect(npy.values.count == 96)
        #expect(npy.values.allSatisfy { abs($0 - 100) <= 1 })
    }

    @Test func decodeChannelPolicies() throws {
        let folder = try CLI.temporaryDirectory("decode-channels")
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = try Self.writeInputs(in: folder)
        let rgbOut = folder.appendingPathComponent("rgb.npy").path
        #expect(try CLI.run(["decode", inputs.gray, "--channels", "rgb", "-o", rgbOut]).status == 0)
        #expect(try Self.readNPY(rgbOut).shape == [1, 8, 12, 3])
        let grayOut = folder.appendingPathComponent("luma.npy").path
        #expect(try CLI.run(["decode", inputs.color, "--channels", "gray", "-o", grayOut]).status == 0)
        let luma = try Self.readNPY(grayOut)
        #expect(luma.shape == [1, 10, 20, 1])
        // BT.601 of (200, 120, 40): 0.299·200 + 0.587·120 + 0.114·40 = 134.8; JPEG loss on flat colour is tiny.
        #expect(luma.values.allSatisfy { abs($0 - 134.8) <= 2.5 }, "\(luma.values.prefix(4))")
    }

    @Test func decodeOfABadFileFailsWithoutOutput() throws {
        let folder = try CLI.temporaryDirectory("decode-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = try Self.writeInputs(in: folder)
        let whole = try Data(contentsOf: URL(fileURLWithPath: inputs.color))
        let cut = folder.appendingPathComponent("cut.jpg").path
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: cut))
        let output = folder.appendingPathComponent("cut.npy").path
        let result = try CLI.run(["decode", cut, "--output", output])
        #expect(result.status == 1)
        #expect(result.stderr.contains(cut) && result.stderr.contains("Premature end"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".npy") }
        #expect(leftovers.isEmpty)
    }

    @Test func decodeRespectsMaxPixels() throws {
        let folder = try CLI.temporaryDirectory("decode-max")
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = try Self.writeInputs(in: folder)
        let output = folder.appendingPathComponent("x.npy").path
        let refused = try CLI.run(["decode", inputs.color, "--max-pixels", "199", "-o", output])
        #expect(refused.status == 1 && refused.stderr.contains("over the limit"), "\(refused.stderr)")
        #expect(try CLI.run(["decode", inputs.color, "--max-pixels", "200", "-o", output]).status == 0)
    }

    @Test func decodeUsageErrorsExitTwo() throws {
        let folder = try CLI.temporaryDirectory("decode-usage")
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = try Self.writeInputs(in: folder)
        #expect(try CLI.run(["decode", inputs.gray]).status == 2)                                  // no --output
        #expect(try CLI.run(["decode", inputs.gray, "--channels", "cmyk", "-o", "x.npy"]).status == 2)
        #expect(try CLI.run(["decode", inputs.gray, "--max-pixels", "0", "-o", "x.npy"]).status == 2)
    }

    @Test func inspectShowsHeadersAndContinuesAfterABadFile() throws {
        let folder = try CLI.temporaryDirectory("inspect")
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = try Self.writeInputs(in: folder)
        let text = folder.appendingPathComponent("notes.jpg").path
        try Data("hello".utf8).write(to: URL(fileURLWithPath: text))
        let result = try CLI.run(["inspect", inputs.gray, text, inputs.color])
        #expect(result.status == 1)
        #expect(result.stderr.contains(text) && result.stderr.contains("unrecognised signature"), "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first == "\(inputs.gray): JPEG 12 x 8, 1 channel, 8-bit, sequential, orientation 1, gray")
        #expect(lines.last == "\(inputs.color): JPEG 20 x 10, 3 channels, 8-bit, sequential, orientation 1, YCbCr 4:4:4")
    }

    @Test func inspectJSON() throws {
        let folder = try CLI.temporaryDirectory("inspect-json")
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = try Self.writeInputs(in: folder)
        let result = try CLI.run(["inspect", "--json", inputs.color])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["format"] as? String == "jpeg")
        #expect(object?["width"] as? Int == 20 && object?["height"] as? Int == 10)
        #expect(object?["channels"] as? Int == 3 && object?["bitDepth"] as? Int == 8)
        #expect(object?["interlaced"] as? Bool == false && object?["orientation"] as? Int == 1)
        #expect(object?["file"] as? String == inputs.color)
    }

    /// `Fixtures/images/metadata/`, made by Scripts/make-metadata-fixtures.
    static let metadataFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/images/metadata")

    @Test func inspectListsTheMetadataBlocks() throws {
        func size(_ name: String) throws -> Int {
            try Data(contentsOf: Self.metadataFixtures.appendingPathComponent(name)).count
        }
        let photo = Self.metadataFixtures.appendingPathComponent("jpeg-icc2-exif6-xmp.jpg").path
        let text = try CLI.run(["inspect", photo])
        #expect(text.status == 0 && text.stderr.isEmpty, "\(text.stderr)")
        let blocks = "ICC profile RGB (\(try size("icc-rgb-large.icc")) bytes), EXIF (\(try size("exif-orient6-thumb.tiff")) bytes), "
            + "XMP (\(try size("xmp-orient6.xml")) bytes)"
        #expect(text.stdout == "\(photo): JPEG 40 x 24, 3 channels, 8-bit, sequential, orientation 6, YCbCr 4:2:0, \(blocks)\n")
        let broken = Self.metadataFixtures.appendingPathComponent("jpeg-icc2-missing.jpg").path
        let json = try CLI.run(["inspect", "--json", broken])
        #expect(json.status == 0)
        #expect(json.stderr.contains("warning: metadata: ICC profile not used: ICC_PROFILE segment 2 of 2 is missing"), "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let exifSize = try size("exif-orient6-thumb.tiff")
        #expect(object?["iccBytes"] as? Int == 0 && object?["exifBytes"] as? Int == exifSize)
        #expect((object?["warnings"] as? [String])?.count == 1)
    }

    @Test func decodeFailOnLevels() throws {
        let folder = try CLI.temporaryDirectory("decode-fail-on")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Extra data after the image stream: harmless, accepted by default with a warning.
        let padded = Self.metadataFixtures.deletingLastPathComponent().appendingPathComponent("pillow/padded_idat.png").path
        let output = folder.appendingPathComponent("p.npy").path
        let accepted = try CLI.run(["decode", padded, "-o", output])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stderr.contains("\(padded): warning: damage: IDAT: Extra compressed data"), "\(accepted.stderr)")
        try FileManager.default.removeItem(atPath: output)
        let refused = try CLI.run(["decode", padded, "--fail-on", "warning", "-o", output])
        #expect(refused.status == 1 && refused.stderr.contains("decode failed: IDAT: Extra compressed data"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(try CLI.run(["decode", padded, "--fail-on", "sometimes", "-o", output]).status == 2)
        // A truncated JPEG: refused by default, filled at none.
        let inputs = try Self.writeInputs(in: folder)
        let whole = try Data(contentsOf: URL(fileURLWithPath: inputs.color))
        let cut = folder.appendingPathComponent("cut.jpg").path
        try whole.prefix(whole.count - 6).write(to: URL(fileURLWithPath: cut))  // inside the scan
        #expect(try CLI.run(["decode", cut, "-o", output]).status == 1)
        let filled = try CLI.run(["decode", cut, "--fail-on", "none", "-o", output])
        #expect(filled.status == 0 && filled.stderr.contains("warning: truncated: Premature end of JPEG file"), "\(filled.stderr)")
        #expect(try Self.readNPY(output).shape == [1, 10, 20, 3])
        let inspected = try CLI.run(["inspect", "--fail-on", "warning", padded])
        #expect(inspected.status == 0, "headers of padded_idat.png are intact: \(inspected.stderr)")
    }
}
