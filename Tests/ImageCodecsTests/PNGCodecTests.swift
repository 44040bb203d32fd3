import Foundation
import Testing
@testable import ImageCodecs

/// Deterministic samples that exercise every bit of a sample (not just smooth ramps).
private func pattern(count: Int, seed: UInt64, bits: Int) -> [UInt64] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    return (0..<count).map { _ in
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return state & ((1 << UInt64(bits)) - 1)
    }
}

@Suite struct PNGRoundTripTests {
    static let sizes = [(1, 1), (7, 5), (33, 17)]
    static let compressions: [PNGCompression] = [.fast, .small, PNGCompression(level: 0, filter: .paeth)]

    @Test(arguments: 1...4)
    func eightBitRoundTrip(channels: Int) throws {
        for (width, height) in Self.sizes {
            for compression in Self.compressions {
                let pixels = pattern(count: width * height * channels, seed: UInt64(width * 31 + channels), bits: 8)
                    .map { UInt8($0) }
                let png = try PNGEncoder.encode(pixels: pixels, width: width, height: height, channels: channels,
                                                compression: compression)
                let raw = try PNGDecoder.decode(png, file: "t.png", maxPixels: 1_000_000)
                #expect(raw.channels == channels)
                #expect(raw.info.width == width && raw.info.height == height)
                #expect(raw.info.bitDepth == 8 && !raw.info.interlaced && raw.info.orientation == 1)
                #expect(raw.samples == pixels.map(Float.init))
            }
        }
    }

    @Test(arguments: 1...4)
    func sixteenBitRoundTripIsBitExact(channels: Int) throws {
        for (width, height) in Self.sizes {
            var pixels = pattern(count: width * height * channels, seed: UInt64(height * 7 + channels), bits: 16)
                .map { UInt16($0) }
            pixels[0] = 0xFFFF  // the top of the scale must land on exactly 255
            let png = try PNGEncoder.encode16(pixels: pixels, width: width, height: height, channels: channels)
            let raw = try PNGDecoder.decode(png, file: "t.png", maxPixels: 1_000_000)
            #expect(raw.info.bitDepth == 16 && raw.channels == channels)
            #expect(raw.samples[0] == 255)
            // Bit-exact: undoing the /257 scale gives back every 16-bit sample.
            let back = raw.samples.map { UInt16(($0 * 257).rounded()) }
            #expect(back == pixels)
            #expect(raw.samples == pixels.map { Float($0) / 257 })
        }
    }

    @Test func sixteenBitIsStoredBigEndian() throws {
        let png = try PNGEncoder.encode16(pixels: [0x0102], width: 1, height: 1, channels: 1,
                                          compression: PNGCompression(level: 0, filter: .none))
        // Level 0 stores the row uncompressed: filter byte 0, then the sample big-endian.
        let row: [UInt8] = [0, 0x01, 0x02]
        #expect(png.indices.contains { png[$0...].starts(with: row) })
    }

    @Test(arguments: [1, 3])
    func interlacedRoundTrip(channels: Int) throws {
        for (width, height) in Self.sizes {
            let pixels = pattern(count: width * height * channels, seed: 5, bits: 8).map { UInt8($0) }
            let png = try pixels.withUnsafeBytes {
                try PNGEncoder.encode(raw: $0, sampleCount: pixels.count, bitDepth: 8, width: width, height: height,
                                      channels: channels, compression: .fast, interlaced: true)
            }
            let raw = try PNGDecoder.decode(png, file: "t.png", maxPixels: 1_000_000)
            #expect(raw.info.interlaced)
            #expect(raw.samples == pixels.map(Float.init))
        }
    }

    @Test func encoderRejectsBadArguments() {
        #expect(throws: ImageCodecError.self) {
            try PNGEncoder.encode(pixels: [0, 0, 0], width: 2, height: 1, channels: 1)
        }
        #expect(throws: ImageCodecError.self) {
            try PNGEncoder.encode(pixels: [0, 0, 0, 0, 0], width: 1, height: 1, channels: 5)
        }
        #expect(throws: ImageCodecError.self) { try PNGEncoder.encode(pixels: [], width: 0, height: 0, channels: 1) }
    }
}
