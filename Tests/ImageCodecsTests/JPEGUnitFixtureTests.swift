import Foundation
import Testing
@testable import ImageCodecs

/// Files written by cjpeg/jpegtran with djpeg's decodings as references (Scripts/make-jpeg-unit-fixtures):
/// our decoder must give exactly djpeg's pixels, since both use the accurate integer IDCT and fancy
/// upsampling of the same library.
@Suite struct JPEGUnitFixtureTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/jpeg-unit")

    /// Samples of a binary PPM (P6) or PGM (P5) with maxval 255, and its channel count.
    static func readPNM(_ name: String) throws -> (width: Int, height: Int, channels: Int, samples: [UInt8]) {
        let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
        var fields: [String] = []
        var at = 0
        while fields.count < 4 {
            while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 { at += 1 }
            let start = at
            while at < bytes.count, !(bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09) { at += 1 }
            fields.append(String(decoding: bytes[start..<at], as: UTF8.self))
        }
        at += 1  // the single whitespace after maxval
        let channels = fields[0] == "P6" ? 3 : 1
        let width = Int(fields[1]) ?? 0, height = Int(fields[2]) ?? 0
        #expect(fields[3] == "255")
        return (width, height, channels, Array(bytes[at...]))
    }

    @Test(arguments: [
        ("baseline420", "YCbCr 4:2:0", false), ("baseline422", "YCbCr 4:2:2", false),
        ("baseline444", "YCbCr 4:4:4", false), ("gray", "gray", false), ("optimized", "YCbCr 4:2:0", false),
        ("progressive", "YCbCr 4:2:0", true), ("arithmetic", "YCbCr 4:2:0", false),
        ("progressive-arithmetic", "YCbCr 4:2:0", true), ("restart444", "YCbCr 4:4:4", false),
    ])
    func decodesExactlyLikeDjpeg(name: String, colorModel: String, progressive: Bool) throws {
        let jpeg = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent("\(name).jpg")))
        let reference = try Self.readPNM(name == "gray" ? "\(name).pgm" : "\(name).ppm")
        let raw = try JPEGDecoder.decode(jpeg, file: name, maxPixels: 1 << 20)
        #expect(raw.info.width == reference.width && raw.info.height == reference.height)
        #expect(raw.channels == reference.channels)
        #expect(raw.info.colorModel == colorModel)
        #expect(raw.info.interlaced == progressive)
        #expect(raw.samples.floats == reference.samples.map(Float.init))
    }

    /// The references themselves are close to the source picture (so the test above compares real images).
    @Test func referencesResembleTheSource() throws {
        let source = try Self.readPNM("source.ppm")
        let reference = try Self.readPNM("baseline444.ppm")
        #expect(source.samples.count == reference.samples.count)
        let mean = zip(source.samples, reference.samples).reduce(0.0) { $0 + abs(Double($1.0) - Double($1.1)) }
            / Double(source.samples.count)
        #expect(mean < 4)
    }
}
