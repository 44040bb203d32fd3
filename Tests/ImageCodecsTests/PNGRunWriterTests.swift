import Foundation
import Testing
@testable import ImageCodecs

/// The built-in run-length deflate writer (the `.fast` setting) against libpng + zlib, which decode its
/// files independently: every filter, depth and channel count, rows longer than a deflate block, runs
/// of every length and across block boundaries, and byte statistics skewed enough to need the 15-bit
/// code length limit.
@Suite struct PNGRunWriterTests {
    static let filters: [PNGCompression.RowFilter] = [.none, .sub, .up]

    /// xorshift bytes, optionally skewed towards small values like a filtered feature map.
    static func bytes(_ count: Int, seed: UInt64, skewed: Bool) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<count).map { _ in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return skewed ? UInt8(truncatingIfNeeded: ((state & 0xFF) * ((state >> 8) & 0xFF)) >> 9) : UInt8(truncatingIfNeeded: state)
        }
    }

    static func setting(_ filter: PNGCompression.RowFilter) -> PNGCompression {
        PNGCompression(level: 1, strategy: .rle, filter: filter)
    }

    @Test func onlyRunSettingsWithSimpleFiltersUseIt() {
        #expect(PNGCompression.fast.builtInFilter == 2)
        #expect(Self.setting(.none).builtInFilter == 0)
        #expect(Self.setting(.sub).builtInFilter == 1)
        #expect(Self.setting(.paeth).builtInFilter == nil)
        #expect(PNGCompression(level: 0, strategy: .rle, filter: .up).builtInFilter == nil)
        #expect(PNGCompression(level: 1, strategy: .huffmanOnly, filter: .up).builtInFilter == nil)
        #expect(PNGCompression.small.builtInFilter == nil)
    }

    @Test(arguments: 1...4)
    func eightBitRoundTripsThroughLibpng(channels: Int) throws {
        // 1×1, odd sizes, and 9000-pixel rows (longer than one 32 KiB block at 4 channels).
        for (width, height) in [(1, 1), (5, 3), (61, 37), (9000, 3)] {
            for filter in Self.filters {
                let pixels = Self.bytes(width * height * channels, seed: UInt64(width + channels), skewed: width > 50)
                let png = try PNGEncoder.encode(pixels: pixels, width: width, height: height, channels: channels,
                                                compression: Self.setting(filter))
                let raw = try PNGDecoder.decode(png, file: "t.png", maxPixels: 1_000_000)
                #expect(raw.channels == channels && raw.info.width == width && raw.info.height == height)
                #expect(raw.info.bitDepth == 8 && !raw.info.interlaced)
                #expect(raw.samples.floats == pixels.map(Float.init))
            }
        }
    }

    @Test(arguments: 1...4)
    func sixteenBitRoundTripsBitExact(channels: Int) throws {
        for filter in Self.filters {
            let (width, height) = (23, 11)
            let low = Self.bytes(width * height * channels, seed: 3, skewed: false)
            let high = Self.bytes(width * height * channels, seed: 4, skewed: true)
            let pixels = zip(high, low).map { UInt16($0) << 8 | UInt16($1) }
            let png = try PNGEncoder.encode(pixels: pixels, width: width, height: height, channels: channels,
                                              compression: Self.setting(filter))
            let raw = try PNGDecoder.decode(png, file: "t.png", maxPixels: 1_000_000)
            #expect(raw.info.bitDepth == 16 && raw.channels == channels)
            #expect(raw.samples.floats.map { UInt16(($0 * 257).rounded()) } == pixels)
        }
    }

    @Test func skewedStatisticsStayWithinDeflateCodeLengths() throws {
        // Byte k appears Fibonacci(k) times: an unlimited Huffman code for this would be 20+ bits deep.
        var fibonacci = [1, 1]
        while fibonacci.count < 22 { fibonacci.append(fibonacci[fibonacci.count - 1] + fibonacci[fibonacci.count - 2]) }
        var pixels: [UInt8] = []
        for (value, count) in fibonacci.enumerated() { pixels += Array(repeating: UInt8(value * 11), count: count) }
        let png = try PNGEncoder.encode(pixels: pixels, width: pixels.count, height: 1, channels: 1,
                                        compression: Self.setting(.none))
        let raw = try PNGDecoder.decode(png, file: "t.png", maxPixels: 1_000_000)
        #expect(raw.samples.floats == pixels.map(Float.init))
    }

    @Test func constantImageRoundTrips() throws {
        let pixels = [UInt8](repeating: 77, count: 300 * 200)
        let png = try PNGEncoder.encode(pixels: pixels, width: 300, height: 200, channels: 1)
        #expect(try PNGDecoder.decode(png, file: "t.png", maxPixels: 1_000_000).samples.floats == pixels.map(Float.init))
        #expect(png.count < 1000)  // runs of 258: a few bits per 258 bytes
    }

    @Test func runsOfEveryLengthAndAcrossBlocks() throws {
        // Noise (one token per byte, so 32K-token blocks end mid-row) broken by runs of 1…300 equal bytes,
        // and zero rows under filter None, whose filter byte 0 continues the run across rows and blocks.
        let (width, height) = (25_000, 4)
        let noise = Self.bytes(width * height, seed: 12, skewed: false)
        var pixels = [UInt8](repeating: 0, count: width * height)
        var p = 0, length = 1
        while p < width * 2 {
            let end = min(width * 2, p + length)
            for q in p..<end { pixels[q] = UInt8(length & 0xFF) }
            p = end
            let noiseEnd = min(width * 2, p + 1000)
            for q in p..<noiseEnd { pixels[q] = noise[q] }
            p = noiseEnd
            length = length % 300 + 1
        }
        for q in (width * 2 - 10)..<(width * 2) { pixels[q] = 0 }  // row 1 ends in zeros: row 2's run starts at its filter byte
        for q in (width * 3)..<(width * 4) { pixels[q] = noise[q] }  // row 2 stays zero
        let expected = pixels.map(Float.init)
        for filter in Self.filters {
            let png = try PNGEncoder.encode(pixels: pixels, width: width, height: height, channels: 1, compression: Self.setting(filter))
            #expect(try PNGDecoder.decode(png, file: "t.png", maxPixels: 1_000_000).samples.floats == expected)
        }
    }

    @Test func sparseMapsStaySmall() throws {
        // 99 % zeros, like a thresholded edge map: runs, where a literal-only coder needs ≥ 1 bit per byte.
        var pixels = [UInt8](repeating: 0, count: 1000 * 1000)
        for i in stride(from: 0, to: pixels.count, by: 97) { pixels[i] = UInt8(i % 251) }
        let png = try PNGEncoder.encode(pixels: pixels, width: 1000, height: 1000, channels: 1)
        #expect(try PNGDecoder.decode(png, file: "t.png", maxPixels: 2_000_000).samples.floats == pixels.map(Float.init))
        #expect(png.count < pixels.count / 10)
    }

    @Test(arguments: [true, false])
    func sizeMatchesZlibRLE(sparse: Bool) throws {
        // Same filter, same kind of stream: zlib (through libpng) must not do noticeably better.
        let (width, height) = (400, 300)
        var pixels = Self.bytes(width * height, seed: 9, skewed: true)
        if sparse { for i in pixels.indices where i % 400 < 300 { pixels[i] = 0 } }
        let ours = try PNGEncoder.encode(pixels: pixels, width: width, height: height, channels: 1, compression: .fast)
        let zlib = try pixels.withUnsafeBufferPointer {
            try PNGEncoder.encode(pixels: $0, width: width, height: height,
                                  channels: 1, compression: .fast, interlaced: false, builtIn: false)
        }
        #expect(ours != zlib)
        #expect(Double(ours.count) <= Double(zlib.count) * 1.01, "ours \(ours.count) B, zlib \(zlib.count) B")
    }
}
