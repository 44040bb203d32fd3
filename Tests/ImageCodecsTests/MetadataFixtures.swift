import Foundation
import ImageCodecs

/// `Fixtures/images/metadata/` (made by `Scripts/make-metadata-fixtures`) and its manifest.
enum MetadataFixtures {
    static let root = CodecFixtures.root.appendingPathComponent("metadata")

    /// Every file of the manifest.
    static let all: [MetadataFixture] = {
        guard let data = try? Data(contentsOf: root.appendingPathComponent("manifest.json")) else { return [] }
        return (try? JSONDecoder().decode([MetadataFixture].self, from: data)) ?? []
    }()

    static func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// The bytes of a fixture file, or nil for a nil name.
    static func bytes(_ name: String?) throws -> [UInt8]? {
        guard let name else { return nil }
        return [UInt8](try Data(contentsOf: root.appendingPathComponent(name)))
    }

    static func fixture(_ name: String) -> MetadataFixture? { all.first { $0.file == name } }
}

/// One image and the blocks its decoding must give, as the generator wrote them.
struct MetadataFixture: Decodable, Sendable, CustomStringConvertible {
    var file: String
    var width: Int
    var height: Int
    var channels: Int
    var bitDepth: Int
    var orientation: Int
    /// The ICC profile file, nil when the decoder must find none (or must refuse the segments).
    var icc: String?
    var exif: String?
    /// The EXIF a writer must produce from upright pixels (orientation 1, no thumbnail).
    var exifUpright: String?
    var xmp: String?
    var xmpUpright: String?
    /// Big-endian 16-bit or 8-bit samples as written, for files whose pixels are compared exactly.
    var samples: String?
    /// How many metadata warnings the decoding reports.
    var warnings: Int

    var description: String { file }
    var path: String { MetadataFixtures.path(file) }

    /// The samples file on the decoder's 0…255 scale (16-bit v as v / 257).
    func expectedSamples() throws -> [Float]? {
        guard let raw = try MetadataFixtures.bytes(samples) else { return nil }
        if bitDepth == 8 { return raw.map(Float.init) }
        return stride(from: 0, to: raw.count, by: 2).map { Float(UInt16(raw[$0]) << 8 | UInt16(raw[$0 + 1])) / 257 }
    }
}
