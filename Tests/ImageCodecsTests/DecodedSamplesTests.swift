import Foundation
import Testing
@testable import ImageCodecs

/// Stored samples are exactly what the float decode widens: every good corpus file, both ways.
@Suite struct DecodedSamplesTests {
    static let folders = ["Fixtures/images/good", "Fixtures/images/metadata", "Fixtures/jpeg-unit"].map {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent($0).path
    }

    @Test func samplesWidenToTheFloatDecodeForEveryFile() throws {
        var checked = 0, deep = 0
        for folder in Self.folders {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
            where [".png", ".jpg", ".jpeg"].contains(where: { name.lowercased().hasSuffix($0) }) {
                let path = folder + "/" + name
                guard let floats = try? ImageDecoder.decode(path: path) else { continue }
                let samples = try ImageDecoder.decodeSamples(path: path)
                #expect([1, samples.height, samples.width, samples.channels] == floats.tensor.shape, "\(name)")
                #expect(samples.samples.floats == floats.tensor.scalars, "\(name)")
                #expect(samples.metadata == floats.metadata && samples.info == floats.info, "\(name)")
                if case .uint16 = samples.samples { deep += 1 }
                checked += 1
            }
        }
        #expect(checked > 60 && deep > 3, "\(checked) files, \(deep) 16-bit")
        #expect(throws: ImageCodecError.self) { try ImageDecoder.decodeSamples(path: Self.folders[0] + "/none.png") }
        let gray = DecodeOptions(channels: .gray)
        #expect(throws: ImageCodecError.self) { try ImageDecoder.decodeSamples(bytes: [0xFF, 0xD8, 0xFF], file: "x", options: gray) }
    }
}
