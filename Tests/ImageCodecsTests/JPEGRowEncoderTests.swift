import Foundation
import Testing
@testable import ImageCodecs

/// The band-by-band JPEG encoder: byte for byte what the whole-image encoder writes, and clear errors.
@Suite struct JPEGRowEncoderTests {
    static func pixels(width: Int, height: Int, channels: Int) -> [UInt8] {
        (0..<(width * height * channels)).map { UInt8(truncatingIfNeeded: ($0 * 7919) >> 3 ^ $0) }
    }

    @Test(arguments: [(37, 29, 3, 5), (16, 16, 1, 16), (50, 3, 3, 1)])
    func bandsGiveTheWholeImageEncoderBytes(width: Int, height: Int, channels: Int, band: Int) throws {
        let pixels = Self.pixels(width: width, height: height, channels: channels)
        let metadata = ImageMetadata(exif: Array("MM\u{0}*\u{0}\u{0}\u{0}\u{8}\u{0}\u{0}".utf8), xmp: Array("<x:xmpmeta/>".utf8))
        for options in [JPEGEncodeOptions(quality: 92), JPEGEncodeOptions(quality: 75, progressive: true), JPEGEncodeOptions(quality: 90, optimizeHuffman: true)] {
            let whole = try JPEGEncoder.encode(pixels: pixels, width: width, height: height, channels: channels, options: options, metadata: metadata)
            let encoder = try JPEGRowEncoder(width: width, height: height, channels: channels, options: options, metadata: metadata)
            let rowSamples = width * channels
            var row = 0
            while row < height {
                let count = min(band, height - row)
                try encoder.write(Array(pixels[(row * rowSamples)..<((row + count) * rowSamples)]))
                row += count
            }
            #expect(try encoder.finish() == whole)
        }
    }

    @Test func rowsMustFitTheImageAndAllBeWritten() throws {
        let encoder = try JPEGRowEncoder(width: 4, height: 2, channels: 1, options: JPEGEncodeOptions())
        #expect(throws: ImageCodecError.self) { try encoder.write([UInt8](repeating: 0, count: 5)) }
        try encoder.write([UInt8](repeating: 9, count: 4))
        #expect(throws: ImageCodecError.self) { try encoder.write([UInt8](repeating: 0, count: 8)) }
        #expect(throws: ImageCodecError.self) { _ = try encoder.finish() }
        #expect(throws: ImageCodecError.self) { try JPEGRowEncoder(width: 4, height: 2, channels: 2, options: JPEGEncodeOptions()) }
        #expect(throws: ImageCodecError.self) { try JPEGRowEncoder(width: 0, height: 2, channels: 1, options: JPEGEncodeOptions()) }
    }
}
