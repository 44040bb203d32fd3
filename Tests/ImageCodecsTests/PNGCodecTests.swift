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
                #expect(raw.samples.floats == pixels.map(Float.init))
            }
        }
    }

    @Test(arguments: 1...4)
    func sixteenBitRoundTripIsBitExact(channels: Int) throws {
        for (width, height) in Self.sizes {
            var pixels = pattern(count: width * height * channels, seed: UInt64(height * 7 + channels), bits: 16)
                .map { UInt16($0) }
            pixels[0] = 0xFFFF  // the top of the scale must land on exactly 255
            let png = try PNGEncoder.encode(pixels: pixels, width: width, height: height, channels: channels)
            let raw = try PNGDecoder.decode(png, file: "t.png", maxPixels: 1_000_000)
            #expect(raw.info.bitDepth == 16 && raw.channels == channels)
            #expect(raw.samples.floats[0] == 255)
            // Bit-exact: undoing the /257 scale gives back every 16-bit sample.
            let back = raw.samples.floats.map { UInt16(($0 * 257).rounded()) }
            #expect(back == pixels)
            #expect(raw.samples.floats == pixels.map { Float($0) / 257 })
        }
    }

    @Test func sixteenBitIsStoredBigEndian() throws {
        let png = try PNGEncoder.encode(pixels: [UInt16(0x0102)], width: 1, height: 1, channels: 1,
                                          compression: PNGCompression(level: 0, filter: .none))
        // Level 0 stores the row uncompressed: filter byte 0, then the sample big-endian.
        let row: [UInt8] = [0, 0x01, 0x02]
        #expect(png.indices.contains { png[$0...].starts(with: row) })
    }

    @Test(arguments: [1, 3])
    func interlacedRoundTrip(channels: Int) throws {
        for (width, height) in Self.sizes {
            let pixels = pattern(count: width * height * channels, seed: 5, bits: 8).map { UInt8($0) }
            let png = try pixels.withUnsafeBufferPointer {
                try PNGEncoder.encode(pixels: $0, width: width, height: height,
                                      channels: channels, compression: .fast, interlaced: true)
            }
            let raw = try PNGDecoder.decode(png, file: "t.png", maxPixels: 1_000_000)
            #expect(raw.info.interlaced)
            #expect(raw.samples.floats == pixels.map(Float.init))
        }
    }

    @Test func encoderRejectsBadArguments() {
        #expect(throws: ImageCodecError.self) {
            try PNGEncoder.encode(pixels: [UInt8](repeating: 0, count: 3), width: 2, height: 1, channels: 1)
        }
        #expect(throws: ImageCodecError.self) {
            try PNGEncoder.encode(pixels: [UInt8](repeating: 0, count: 5), width: 1, height: 1, channels: 5)
        }
        #expect(throws: ImageCodecError.self) { try PNGEncoder.encode(pixels: [UInt8](), width: 0, height: 0, channels: 1) }
    }
}

/// Decoding of PNGs built byte by byte by `HandMadePNG`; expected pixels are worked out by hand from the
/// PNG specification (bit replication for low depths, palette lookup, tRNS → alpha).
@Suite struct PNGDecodeTests {
    private func decode(_ png: [UInt8], maxPixels: Int = 1_000_000) throws -> DecodedSamples {
        try PNGDecoder.decode(png, file: "hand.png", maxPixels: maxPixels)
    }

    @Test(arguments: [1, 2, 4])
    func lowBitDepthGrayIsScaledByBitReplication(bitDepth: Int) throws {
        let levels = 1 << bitDepth
        let width = 7, height = 3  // 7 samples leave padding bits at the end of every row
        let rows = (0..<height).map { y in (0..<width).map { x in (x + y * width) % levels } }
        let png = HandMadePNG.file(ihdr: HandMadePNG.ihdr(width: 7, height: 3, bitDepth: UInt8(bitDepth), colorType: 0),
                                   scanlines: HandMadePNG.scanlines(rows, bitDepth: bitDepth))
        let raw = try decode(png)
        // Replicating the bits of v fills 8 bits with v · 255 / (2^depth − 1): 1-bit 1 → 255, 2-bit 1 → 85, 4-bit 1 → 17.
        let step = 255 / (levels - 1)
        #expect(raw.samples.floats == rows.joined().map { Float($0 * step) })
        #expect(raw.channels == 1 && raw.info.bitDepth == bitDepth && raw.info.colorModel == "gray")
    }

    @Test func paletteExpandsToRGB() throws {
        let palette: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]
        let rows = [[0, 1, 2], [3, 2, 1]]
        let png = HandMadePNG.file(ihdr: HandMadePNG.ihdr(width: 3, height: 2, bitDepth: 8, colorType: 3),
                                   before: [HandMadePNG.chunk("PLTE", palette)],
                                   scanlines: HandMadePNG.scanlines(rows, bitDepth: 8))
        let raw = try decode(png)
        #expect(raw.channels == 3 && raw.info.colorModel == "palette" && raw.info.channels == 3)
        let expected = rows.joined().flatMap { palette[$0 * 3..<$0 * 3 + 3] }.map(Float.init)
        #expect(raw.samples.floats == expected)
    }

    @Test func lowDepthPaletteWithShortTRNSGetsAlpha() throws {
        let palette: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
        let alpha: [UInt8] = [0, 128]  // entries 2 and 3 are opaque
        let rows = [[0, 1, 2, 3, 3], [3, 2, 1, 0, 0]]
        let png = HandMadePNG.file(ihdr: HandMadePNG.ihdr(width: 5, height: 2, bitDepth: 2, colorType: 3),
                                   before: [HandMadePNG.chunk("PLTE", palette), HandMadePNG.chunk("tRNS", alpha)],
                                   scanlines: HandMadePNG.scanlines(rows, bitDepth: 2))
        let raw = try decode(png)
        #expect(raw.channels == 4 && raw.info.bitDepth == 2 && raw.info.colorModel == "palette+tRNS")
        let expected = rows.joined().flatMap { i in palette[i * 3..<i * 3 + 3].map(Int.init) + [i < 2 ? Int(alpha[i]) : 255] }
        #expect(raw.samples.floats == expected.map(Float.init))
    }

    @Test func interlacedFourBitPaletteWithTRNS() throws {
        let width = 13, height = 11
        let palette: [UInt8] = (0..<16).flatMap { (k: Int) -> [UInt8] in [UInt8(k * 16), UInt8(k), UInt8(255 - k)] }
        let alpha = (0..<10).map { UInt8($0 * 25) }  // entries 10…15 opaque
        let indices = (0..<height).map { y in (0..<width).map { x in (x * 3 + y * 5) % 16 } }
        let png = HandMadePNG.file(
            ihdr: HandMadePNG.ihdr(width: 13, height: 11, bitDepth: 4, colorType: 3, interlaced: true),
            before: [HandMadePNG.chunk("PLTE", palette), HandMadePNG.chunk("tRNS", alpha)],
            scanlines: HandMadePNG.adam7Scanlines(indices, width: width, height: height, channels: 1, bitDepth: 4))
        let raw = try decode(png)
        #expect(raw.channels == 4 && raw.info.interlaced && raw.info.bitDepth == 4)
        let expected: [Int] = indices.joined().flatMap { (i: Int) -> [Int] in
            let opacity = i < 10 ? i * 25 : 255
            return [i * 16, i, 255 - i, opacity]
        }
        #expect(raw.samples.floats == expected.map(Float.init))
    }

    @Test func grayWithTRNSBecomesGrayAlpha() throws {
        let rows = [[7, 8, 7], [0, 7, 255]]
        let png = HandMadePNG.file(ihdr: HandMadePNG.ihdr(width: 3, height: 2, bitDepth: 8, colorType: 0),
                                   before: [HandMadePNG.chunk("tRNS", [0, 7])],
                                   scanlines: HandMadePNG.scanlines(rows, bitDepth: 8))
        let raw = try decode(png)
        #expect(raw.channels == 2 && raw.info.colorModel == "gray+tRNS")
        #expect(raw.samples.floats == rows.joined().flatMap { [Float($0), $0 == 7 ? 0 : 255] })
    }

    @Test func rgbWithTRNSBecomesRGBA() throws {
        let rows = [[1, 2, 3, 4, 5, 6]]
        let png = HandMadePNG.file(ihdr: HandMadePNG.ihdr(width: 2, height: 1, bitDepth: 8, colorType: 2),
                                   before: [HandMadePNG.chunk("tRNS", [0, 4, 0, 5, 0, 6])],
                                   scanlines: HandMadePNG.scanlines(rows, bitDepth: 8))
        let raw = try decode(png)
        #expect(raw.channels == 4 && raw.info.colorModel == "rgb+tRNS")
        #expect(raw.samples.floats == [1, 2, 3, 255, 4, 5, 6, 0])
    }

    @Test func sixteenBitGrayAlphaKeepsFullPrecision() throws {
        let rows = [[0, 65535, 257, 1, 65534, 32768]]
        let png = HandMadePNG.file(ihdr: HandMadePNG.ihdr(width: 3, height: 1, bitDepth: 16, colorType: 4),
                                   scanlines: HandMadePNG.scanlines(rows, bitDepth: 16))
        let raw = try decode(png)
        #expect(raw.channels == 2 && raw.info.bitDepth == 16 && raw.info.colorModel == "gray+alpha")
        #expect(raw.samples.floats == rows[0].map { Float($0) / 257 })
        #expect(raw.samples.floats[2] == 1 && raw.samples.floats[3] != 0)  // 1/257 is not rounded away
    }

    @Test(arguments: [(8, 2, 3), (2, 0, 1), (16, 6, 4)])
    func adam7IsDeinterlaced(bitDepth: Int, colorType: UInt8, channels: Int) throws {
        for (width, height) in [(1, 1), (5, 3), (13, 11)] {
            let maxValue = (1 << bitDepth) - 1
            let pixels = (0..<height).map { y in (0..<width * channels).map { i in (y * 97 + i * 31 + 5) % (maxValue + 1) } }
            let png = HandMadePNG.file(
                ihdr: HandMadePNG.ihdr(width: UInt32(width), height: UInt32(height), bitDepth: UInt8(bitDepth),
                                       colorType: colorType, interlaced: true),
                scanlines: HandMadePNG.adam7Scanlines(pixels, width: width, height: height, channels: channels,
                                                      bitDepth: bitDepth))
            let raw = try decode(png)
            #expect(raw.info.interlaced && raw.channels == channels)
            #expect(raw.samples.floats == pixels.joined().map { Float($0) * 255 / Float(maxValue) })
        }
    }

    @Test func exifOrientationIsReadBeforeOrAfterTheImageData() throws {
        let ihdr = HandMadePNG.ihdr(width: 2, height: 1, bitDepth: 8, colorType: 0)
        let scanlines = HandMadePNG.scanlines([[1, 2]], bitDepth: 8)
        let before = HandMadePNG.file(ihdr: ihdr, before: [HandMadePNG.chunk("eXIf", HandMadePNG.exifOrientation(6))],
                                      scanlines: scanlines)
        #expect(try decode(before).info.orientation == 6)
        #expect(try PNGDecoder.header(before, file: "hand.png").info.orientation == 6)
        let after = HandMadePNG.file(ihdr: ihdr, scanlines: scanlines,
                                     after: [HandMadePNG.chunk("eXIf", HandMadePNG.exifOrientation(8))])
        #expect(try decode(after).info.orientation == 8)
        let none = HandMadePNG.file(ihdr: ihdr, scanlines: scanlines)
        #expect(try decode(none).info.orientation == 1)
        // An orientation out of 1…8 is ignored, not trusted, and the pixels still decode.
        let bad = HandMadePNG.file(ihdr: ihdr, before: [HandMadePNG.chunk("eXIf", HandMadePNG.exifOrientation(9))],
                                   scanlines: scanlines)
        #expect(try decode(bad).info.orientation == 1)
    }

    @Test func inspectReadsOnlyTheHeader() throws {
        // The image data is garbage: inspect must not touch it.
        var png = HandMadePNG.signature + HandMadePNG.ihdr(width: 300, height: 200, bitDepth: 16, colorType: 6, interlaced: true)
        png += HandMadePNG.chunk("IDAT", [1, 2, 3])
        let info = try PNGDecoder.header(png, file: "hand.png").info
        #expect(info == ImageInfo(format: .png, width: 300, height: 200, channels: 4, bitDepth: 16,
                                  interlaced: true, orientation: 1, colorModel: "rgba"))
    }
}

/// Broken and hostile files: every one is refused with an error that names the file and says why.
@Suite struct PNGErrorTests {
    private static let good = HandMadePNG.file(
        ihdr: HandMadePNG.ihdr(width: 4, height: 3, bitDepth: 8, colorType: 0),
        before: [HandMadePNG.chunk("tEXt", Array("Comment\0hello".utf8))],
        scanlines: HandMadePNG.scanlines(Array(repeating: [1, 2, 3, 4], count: 3), bitDepth: 8))

    /// Decodes expecting failure; returns the error.
    private func refusal(_ png: [UInt8], maxPixels: Int = 1_000_000, failOn: FailOn = .error) -> ImageCodecError? {
        do {
            _ = try PNGDecoder.decode(png, file: "broken.png", maxPixels: maxPixels, failOn: failOn)
            return nil
        } catch let error as ImageCodecError {
            return error
        } catch {
            return nil
        }
    }

    /// Offset of the CRC of the first chunk of `type`.
    private func crcOffset(of type: String, in png: [UInt8]) -> Int? {
        var at = 8
        while at + 8 <= png.count {
            let length = png[at..<at + 4].reduce(0) { $0 << 8 | Int($1) }
            if Array(png[at + 4..<at + 8]) == Array(type.utf8) { return at + 8 + length }
            at += 12 + length
        }
        return nil
    }

    @Test func theUntouchedFileDecodes() throws {
        #expect(try PNGDecoder.decode(Self.good, file: "good.png", maxPixels: 100).samples.count == 12)
    }

    @Test(arguments: ["IHDR", "tEXt", "IDAT", "IEND"])
    func aBadCRCInAnyChunkFailsTheFileAtWarning(chunk: String) throws {
        var png = Self.good
        let at = try #require(crcOffset(of: chunk, in: png))
        png[at] ^= 0x01
        let error = try #require(refusal(png, failOn: .warning))
        #expect(error.stage == .decode && error.file == "broken.png")
        #expect(error.description.contains("broken.png") && error.message.contains("CRC"))
    }

    @Test func truncatedFilesFail() throws {
        for length in [8, 20, 33, 50, Self.good.count - 13, Self.good.count - 1] {
            let error = try #require(refusal(Array(Self.good.prefix(length))), "cut at \(length)")
            #expect(error.description.contains("broken.png"))
            #expect(!error.message.isEmpty)
        }
    }

    @Test func invalidHeadersAndMissingImageDataFail() throws {
        let scanlines = HandMadePNG.scanlines([[1, 2]], bitDepth: 8)
        func file(width: UInt32 = 2, height: UInt32 = 1, bitDepth: UInt8 = 8, colorType: UInt8 = 0) -> [UInt8] {
            HandMadePNG.file(ihdr: HandMadePNG.ihdr(width: width, height: height, bitDepth: bitDepth, colorType: colorType),
                             scanlines: scanlines)
        }
        let badDepth = file(bitDepth: 3), badType = file(colorType: 5), zeroWidth = file(width: 0)
        let shortData = file(height: 2), paletteWithoutPLTE = file(colorType: 3)
        let noIDAT = HandMadePNG.signature + HandMadePNG.ihdr(width: 2, height: 1, bitDepth: 8, colorType: 0)
            + HandMadePNG.chunk("IEND", [])
        for png in [badDepth, badType, zeroWidth, noIDAT, shortData, paletteWithoutPLTE] {
            let error = try #require(refusal(png))
            #expect(error.description.contains("broken.png"))
        }
        #expect(throws: ImageCodecError.self) { try PNGDecoder.header(badType, file: "broken.png").info }
    }

    @Test func damagedImageDataThatLibpngOnlyWarnsAboutFailsAtWarning() throws {
        let ihdr = HandMadePNG.ihdr(width: 2, height: 2, bitDepth: 8, colorType: 0)
        let rows = HandMadePNG.scanlines([[1, 2], [3, 4]], bitDepth: 8)
        // Wrong Adler-32 at the end of the zlib stream (the chunk CRC is right).
        var zlib = HandMadePNG.zlibStored(rows)
        zlib[zlib.count - 1] ^= 0xFF
        let badChecksum = HandMadePNG.signature + ihdr + HandMadePNG.chunk("IDAT", zlib) + HandMadePNG.chunk("IEND", [])
        // A third row of data for a two-row image.
        let extraData = HandMadePNG.file(ihdr: ihdr, scanlines: rows + [0, 5, 6])
        // Palette index 2 in a two-entry palette (the first index past its end).
        let badIndex = HandMadePNG.file(ihdr: HandMadePNG.ihdr(width: 2, height: 1, bitDepth: 8, colorType: 3),
                                        before: [HandMadePNG.chunk("PLTE", [1, 2, 3, 4, 5, 6])],
                                        scanlines: HandMadePNG.scanlines([[0, 2]], bitDepth: 8))
        for (name, png) in [("checksum", badChecksum), ("extra", extraData), ("index", badIndex)] {
            let error = try #require(refusal(png, failOn: .warning), "\(name)")
            #expect(error.description.contains("broken.png"), "\(name): \(error)")
        }
    }

    @Test func hugeHeaderIsRefusedBeforeAllocating() throws {
        // IHDR claims 100 000 × 100 000 (10 gigapixels) with a tiny IDAT: refused from the header alone.
        let png = HandMadePNG.file(ihdr: HandMadePNG.ihdr(width: 100_000, height: 100_000, bitDepth: 16, colorType: 6),
                                   scanlines: [0, 0, 0, 0])
        let error = try #require(refusal(png, maxPixels: 100_000_000))
        #expect(error.message.contains("100000 x 100000") && error.message.contains("limit"))
        // inspect still reports the header.
        let info = try PNGDecoder.header(png, file: "huge.png").info
        #expect(info.width == 100_000 && info.height == 100_000)
    }

    @Test func pixelLimitIsInclusive() throws {
        #expect(refusal(Self.good, maxPixels: 11) != nil)  // 4 × 3 = 12 pixels
        #expect(refusal(Self.good, maxPixels: 12) == nil)
        #expect(refusal(Self.good, maxPixels: 0) != nil)
    }

    @Test func ancillaryChunksOverTheBoundFail() throws {
        // An eXIf padded to 2 KiB: accepted under the default 8 MiB bound, refused under a 1 KiB one.
        let exif = HandMadePNG.exifOrientation(6) + [UInt8](repeating: 0, count: 2048)
        let png = HandMadePNG.file(ihdr: HandMadePNG.ihdr(width: 1, height: 1, bitDepth: 8, colorType: 0),
                                   before: [HandMadePNG.chunk("eXIf", exif)], scanlines: [0, 9])
        #expect(try PNGDecoder.decode(png, file: "exif.png", maxPixels: 1).info.orientation == 6)
        #expect { try PNGDecoder.decode(png, file: "exif.png", maxPixels: 1, maxChunkBytes: 1024) } throws: { error in
            "\(error)".contains("eXIf chunk of 2074 bytes is over the 1024-byte limit")
        }
    }

    @Test func decodingThroughImageDecoderNamesThePath() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("png-tests-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let goodPath = dir.appendingPathComponent("photo.jpg").path  // a PNG under a JPEG name
        try Data(Self.good).write(to: URL(fileURLWithPath: goodPath))
        let decoded = try ImageDecoder.decode(path: goodPath)
        #expect(decoded.tensor.shape == [1, 3, 4, 1] && decoded.info.format == .png)
        #expect(decoded.tensor.scalars == Array(repeating: [1, 2, 3, 4], count: 3).joined().map(Float.init))
        let badPath = dir.appendingPathComponent("cut.png").path
        try Data(Self.good.prefix(40)).write(to: URL(fileURLWithPath: badPath))
        #expect { try ImageDecoder.decode(path: badPath) } throws: { error in
            "\(error)".contains(badPath)
        }
    }
}
