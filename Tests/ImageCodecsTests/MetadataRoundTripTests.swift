import Foundation
import Testing
import ImageCodecs
import Essentials

/// decode → encode (JPEG and PNG, both PNG writers) → decode keeps the ICC profile and XMP bytes, gives
/// the upright EXIF (orientation 1, no thumbnail), and 16-bit and alpha pixels bit for bit.
@Suite struct MetadataRoundTripTests {
    /// 0…255 floats back to the file's integers (16-bit: × 257), rounded.
    static func quantized<Sample: PNGSample>(_ values: [Float], scale: Float, as: Sample.Type) -> [Sample] {
        values.map { Sample(max(0, min(Float(Sample.max), ($0 * scale).rounded()))) }
    }

    static let writers: [(String, PNGCompression)] = [("run coder", .fast), ("libpng", .small)]

    @Test(arguments: MetadataFixtures.all)
    func pngKeepsEveryBlockAndEveryBit(_ fixture: MetadataFixture) throws {
        let first = try ImageDecoder.decode(path: fixture.path)
        let channels = first.tensor.channels
        let metadata = first.metadata(forOutputChannels: channels)
        for (name, compression) in Self.writers {
            let png: [UInt8]
            if fixture.bitDepth == 16 {
                png = try PNGEncoder.encode(pixels: Self.quantized(first.tensor.scalars, scale: 257, as: UInt16.self),
                                            width: first.tensor.width, height: first.tensor.height, channels: channels,
                                            compression: compression, metadata: metadata)
            } else {
                png = try PNGEncoder.encode(pixels: Self.quantized(first.tensor.scalars, scale: 1, as: UInt8.self),
                                            width: first.tensor.width, height: first.tensor.height, channels: channels,
                                            compression: compression, metadata: metadata)
            }
            let second = try ImageDecoder.decode(bytes: png, file: "\(fixture.file) via \(name)")
            #expect(second.metadata == metadata, "\(name)")
            #expect(second.tensor == first.tensor, "\(name): pixels changed")
            #expect(second.info.orientation == 1 && second.info.bitDepth == fixture.bitDepth)
            #expect(second.warnings.isEmpty, "\(second.warnings)")
        }
    }

    @Test(arguments: MetadataFixtures.all.filter { $0.channels != 2 && $0.channels != 4 })
    func jpegKeepsEveryBlock(_ fixture: MetadataFixture) throws {
        let first = try ImageDecoder.decode(path: fixture.path)
        let channels = first.tensor.channels
        let metadata = first.metadata(forOutputChannels: channels)
        let pixels = Self.quantized(first.tensor.scalars, scale: 1, as: UInt8.self)
        let jpeg = try JPEGEncoder.encode(pixels: pixels, width: first.tensor.width, height: first.tensor.height,
                                          channels: channels, options: JPEGEncodeOptions(quality: 95), metadata: metadata)
        let second = try ImageDecoder.decode(bytes: jpeg, file: fixture.file)
        #expect(second.metadata == metadata)
        #expect(second.info.orientation == 1)
        #expect(second.tensor.shape == first.tensor.shape)
        #expect(second.warnings.isEmpty, "\(second.warnings)")
        // Decoding again and writing again changes nothing more: the rules are idempotent.
        #expect(second.metadata(forOutputChannels: channels) == metadata)
    }

    @Test func largeProfilesSpanNumberedSegmentsBothWays() throws {
        // A 200 000-byte profile needs 4 APP2 segments; it must come back whole.
        var profile = [UInt8](repeating: 0, count: 200_000)
        var random = SplitMix64(seed: 7)
        for i in profile.indices { profile[i] = UInt8(truncatingIfNeeded: random.next()) }
        // A header libpng accepts (it checks PNG profiles): size, version 2.1, display class, RGB, XYZ
        // PCS, 'acsp', perceptual intent, D50 illuminant, and an empty tag table; private data after it.
        profile.replaceSubrange(0..<128, with: [UInt8](repeating: 0, count: 128))
        profile.replaceSubrange(0..<4, with: [0, 3, 0x0D, 0x40])  // 200 000
        profile.replaceSubrange(8..<24, with: [2, 0x10, 0, 0] + Array("mntrRGB XYZ ".utf8))
        profile.replaceSubrange(36..<40, with: Array("acsp".utf8))
        profile.replaceSubrange(68..<80, with: [0, 0, 0xF6, 0xD6, 0, 1, 0, 0, 0, 0, 0xD3, 0x2D])
        profile.replaceSubrange(128..<132, with: [0, 0, 0, 0])
        let metadata = ImageMetadata(iccProfile: profile)
        let pixels = [UInt8](repeating: 128, count: 8 * 8 * 3)
        let jpeg = try JPEGEncoder.encode(pixels: pixels, width: 8, height: 8, channels: 3, options: .init(), metadata: metadata)
        let markers = (0..<(jpeg.count - 16)).filter { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xE2 && jpeg[($0 + 4)..<($0 + 16)].elementsEqual(Array("ICC_PROFILE".utf8) + [0]) }
        #expect(markers.count == 4)
        #expect(try ImageDecoder.decode(bytes: jpeg, file: "icc.jpg").metadata.iccProfile == profile)
        let png = try PNGEncoder.encode(pixels: pixels, width: 8, height: 8, channels: 3, metadata: metadata)
        #expect(try ImageDecoder.decode(bytes: png, file: "icc.png").metadata.iccProfile == profile)
    }

    @Test func jpegRefusesBlocksThatCannotFit() throws {
        let big = ImageMetadata(exif: Array("MM\0*".utf8) + [0, 0, 0, 8] + [UInt8](repeating: 0, count: 70_000))
        #expect(big.tooLargeForJPEG == ["EXIF"])
        #expect { try JPEGEncoder.encode(pixels: [0], width: 1, height: 1, channels: 1, options: .init(), metadata: big) } throws: {
            "\($0)".contains("EXIF too large for a JPEG")
        }
        // PNG has no such limit.
        let png = try PNGEncoder.encode(pixels: [UInt8(0)], width: 1, height: 1, channels: 1, metadata: big)
        #expect(try ImageDecoder.decode(bytes: png, file: "big.png").metadata.exif == big.exif)
    }

    @Test func everySixteenBitValueSurvivesTheFloatScale() {
        // v → Float(v) / 257 → × 257 rounded is the identity on all 65 536 values.
        let back = (0...65_535).map { UInt16((Float($0) / 257 * 257).rounded()) }
        #expect(back == (0...65_535).map { UInt16($0) })
    }
}
