import Foundation
import Testing
@testable import ImageCodecs

/// Failure levels on files damaged here byte by byte, where what each level must give is known exactly:
/// which damage is refused where, what is recorded, and what the tolerant levels fill in.
@Suite struct FailureLevelTests {
    /// The levels that accept a warning of `kind`.
    static func accepting(_ kind: DecodeWarning.Kind) -> [FailOn] { FailOn.allCases.filter { !$0.refuses(kind) } }

    @Test func levelsRefuseWhatTheyShould() {
        #expect(Self.accepting(.metadata) == FailOn.allCases)
        #expect(Self.accepting(.damage) == [.none, .truncated, .error])
        #expect(Self.accepting(.corrupt) == [.none, .truncated])
        #expect(Self.accepting(.truncated) == [.none])
        #expect(DecodeOptions().failOn == .error && FailOn.none < .warning)
    }

    /// 4 × 6 gray rows 10, 20, …: a file with a tEXt chunk and one IDAT per row (so a cut loses whole rows).
    static let rows = (0..<6).map { y in [Int](repeating: 10 * (y + 1), count: 4) }

    static func png(text: Bool = true, trns: Bool = false) -> [UInt8] {
        var chunks = [HandMadePNG.chunk("tEXt", Array("Comment\0hi".utf8))]
        if trns { chunks.append(HandMadePNG.chunk("tRNS", [0, 20])) }
        return HandMadePNG.file(ihdr: HandMadePNG.ihdr(width: 4, height: 6, bitDepth: 8, colorType: 0),
                                before: text ? chunks : Array(chunks.dropFirst()),
                                scanlines: HandMadePNG.scanlines(rows, bitDepth: 8))
    }

    /// The first chunk of `type`: where it starts and its length.
    static func chunk(_ type: String, in png: [UInt8]) -> (at: Int, length: Int)? {
        var at = 8
        while at + 8 <= png.count {
            let length = png[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) }
            if png[(at + 4)..<(at + 8)].elementsEqual(type.utf8) { return (at, length) }
            at += 12 + length
        }
        return nil
    }

    static func withBadCRC(_ type: String, _ png: [UInt8]) throws -> [UInt8] {
        var png = png
        let found = try #require(chunk(type, in: png))
        png[found.at + 8 + found.length] ^= 0x55
        return png
    }

    /// Decodes at `level`; the decoded image or the refusal message.
    static func attempt(_ bytes: [UInt8], _ level: FailOn) -> Result<DecodedImage, ImageCodecError> {
        Result { try ImageDecoder.decode(bytes: bytes, file: "t", options: DecodeOptions(failOn: level)) }
            .mapError { $0 as! ImageCodecError }
    }

    @Test(arguments: FailOn.allCases)
    func aCRCErrorInAnUnusedChunkIsDamage(level: FailOn) throws {
        let png = try Self.withBadCRC("tEXt", Self.png())
        switch Self.attempt(png, level) {
        case .success(let image):
            #expect(level <= .error)
            #expect(image.warnings == [DecodeWarning(.damage, "tEXt: CRC error")])
            #expect(image.tensor.scalars == Self.rows.joined().map(Float.init))
        case .failure(let error):
            #expect(level == .warning && error.message.contains("CRC error"))
        }
    }

    @Test func aCRCErrorInTRNSLosesAlphaSoIsCorrupt() throws {
        let png = try Self.withBadCRC("tRNS", Self.png(trns: true))
        #expect(throws: ImageCodecError.self) { try Self.attempt(png, .error).get() }
        let accepted = try Self.attempt(png, .truncated).get()
        #expect(accepted.tensor.channels == 1 && accepted.warnings.map(\.kind) == [.corrupt])
    }

    @Test func aCRCErrorInImageDataIsUsedOnlyBelowError() throws {
        let png = try Self.withBadCRC("IDAT", Self.png())
        #expect(throws: ImageCodecError.self) { try Self.attempt(png, .error).get() }
        let accepted = try Self.attempt(png, .none).get()
        #expect(accepted.warnings.map(\.kind) == [.corrupt])
        #expect(accepted.tensor.scalars == Self.rows.joined().map(Float.init))
    }

    @Test func aTruncatedPNGKeepsItsRowsAtNone() throws {
        // 64 × 400 gray, stored (uncompressed) deflate, cut after 240 rows of data: libpng delivers the rows
        // it could inflate (all but the last 1 KiB read), the rest is zero.
        let rows = (0..<400).map { y in (0..<64).map { x in 1 + (x + y) % 200 } }
        let whole = HandMadePNG.file(ihdr: HandMadePNG.ihdr(width: 64, height: 400, bitDepth: 8, colorType: 0),
                                     scanlines: HandMadePNG.scanlines(rows, bitDepth: 8))
        let idat = try #require(Self.chunk("IDAT", in: whole))
        let cut = Array(whole.prefix(idat.at + 8 + 2 + 240 * 65 + 240 * 65 / 65_535 * 5 + 5))
        for level in [FailOn.truncated, .error, .warning] {
            #expect(throws: ImageCodecError.self) { try Self.attempt(cut, level).get() }
        }
        let image = try Self.attempt(cut, .none).get()
        #expect(image.warnings.map(\.kind) == [.truncated], "\(image.warnings)")
        let values = image.tensor.scalars
        let delivered = values.count / 64 - values.reversed().prefix { $0 == 0 }.count / 64
        #expect(delivered >= 240 - 1024 / 65 - 1 && delivered <= 240, "\(delivered) rows")
        #expect(Array(values.prefix(delivered * 64)) == rows.prefix(delivered).joined().map(Float.init))
        #expect(values.dropFirst(delivered * 64).allSatisfy { $0 == 0 })
    }

    @Test func aTruncatedInterlacedPNGIsZeroWhereNothingArrived() throws {
        let pixels = (0..<96).map { y in (0..<96).map { x in 1 + (x + y * 9) % 250 } }
        let whole = HandMadePNG.file(ihdr: HandMadePNG.ihdr(width: 96, height: 96, bitDepth: 8, colorType: 0, interlaced: true),
                                     scanlines: HandMadePNG.adam7Scanlines(pixels, width: 96, height: 96, channels: 1, bitDepth: 8))
        let idat = try #require(Self.chunk("IDAT", in: whole))
        let cut = Array(whole.prefix(idat.at + 8 + 4000))  // the first passes only
        let image = try Self.attempt(cut, .none).get()
        let expected = pixels.joined().map(Float.init)
        // Every sample is either what the file holds or zero (not memory left from before).
        #expect(zip(image.tensor.scalars, expected).allSatisfy { $0 == $1 || $0 == 0 })
        #expect(image.tensor.scalars.contains(0) && image.tensor.scalars.contains { $0 != 0 })
    }

    @Test func paletteIndicesPastThePaletteAreBlackBelowError() throws {
        let png = HandMadePNG.file(ihdr: HandMadePNG.ihdr(width: 2, height: 1, bitDepth: 8, colorType: 3),
                                   before: [HandMadePNG.chunk("PLTE", [1, 2, 3, 4, 5, 6])],
                                   scanlines: HandMadePNG.scanlines([[1, 7]], bitDepth: 8))
        #expect(throws: ImageCodecError.self) { try Self.attempt(png, .error).get() }
        let image = try Self.attempt(png, .truncated).get()
        #expect(image.tensor.scalars == [4, 5, 6, 0, 0, 0])
        #expect(image.warnings == [DecodeWarning(.corrupt, "palette index 7 is past the 2-entry palette")])
    }

    @Test func aTruncatedJPEGIsFilledAtNone() throws {
        let width = 64, height = 64
        let pixels = (0..<(width * height * 3)).map { UInt8(truncatingIfNeeded: ($0 / 3) % 64 * 3 + $0 % 3 * 40) }
        let jpeg = try JPEGEncoder.encode(pixels: pixels, width: width, height: height, channels: 3,
                                          options: JPEGEncodeOptions(quality: 90, subsampling: .none444))
        let whole = try ImageDecoder.decode(bytes: jpeg, file: "whole")
        let cut = Array(jpeg.prefix(jpeg.count * 2 / 3))
        for level in [FailOn.truncated, .error, .warning] {
            #expect { try Self.attempt(cut, level).get() } throws: { "\($0)".contains("Premature end of JPEG file") }
        }
        let filled = try Self.attempt(cut, .none).get()
        #expect(filled.warnings.first == DecodeWarning(.truncated, "Premature end of JPEG file"))
        #expect(filled.tensor.shape == whole.tensor.shape)
        // The first MCU row (8 pixel rows at 4:4:4) was whole in the file: it decodes exactly as before.
        let firstRows = width * 8 * 3
        #expect(Array(filled.tensor.scalars.prefix(firstRows)) == Array(whole.tensor.scalars.prefix(firstRows)))
        #expect(filled.tensor.scalars.suffix(firstRows) != whole.tensor.scalars.suffix(firstRows))
    }

    @Test func inspectUsesTheLevelForHeaderDamage() throws {
        // Junk between two header segments: damage, so inspect accepts it below `warning` with the warning.
        let jpeg = try JPEGEncoder.encode(pixels: [UInt8](repeating: 50, count: 64), width: 8, height: 8, channels: 1)
        var junk = jpeg
        junk.insert(contentsOf: [0x00, 0x11, 0x22], at: 20)  // after the JFIF APP0 (2 + 18 bytes)
        let header = try ImageDecoder.header(bytes: junk, file: "junk.jpg")
        #expect(header.warnings.map(\.kind) == [.damage], "\(header.warnings)")
        #expect(throws: ImageCodecError.self) { try ImageDecoder.header(bytes: junk, file: "junk.jpg", failOn: .warning) }
        #expect(try Self.attempt(junk, .error).get().tensor.scalars.allSatisfy { abs($0 - 50) <= 1 })
    }
}
