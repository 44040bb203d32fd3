import Foundation
import Testing
import ImageCodecs

/// `inspect` reports the header facts every file was made with (manifest.json, from the generator), and
/// agrees with what `decode` reports.
@Suite struct InspectTests {
    @Test(arguments: CodecFixtures.good)
    func factsMatchHowTheFileWasMade(_ fixture: GoodFixture) throws {
        let info = try ImageDecoder.inspect(path: CodecFixtures.path(fixture.file))
        #expect(info.format.rawValue == fixture.format)
        #expect(info.width == fixture.width)
        #expect(info.height == fixture.height)
        #expect(info.channels == fixture.channels)
        #expect(info.bitDepth == fixture.bitDepth)
        #expect(info.interlaced == fixture.interlaced)
        #expect(info.orientation == fixture.orientation)
    }

    @Test(arguments: ["good/png-palette4-trns-adam7.png", "good/png-gray16.png", "good/jpeg-progressive.jpg",
                      "good/jpeg-orient6.jpg", "good/png-exif6.png", "good/jpeg-cmyk.jpg"])
    func decodeReportsTheSameFacts(_ file: String) throws {
        let path = CodecFixtures.path(file)
        #expect(try ImageDecoder.decode(path: path).info == ImageDecoder.inspect(path: path))
    }

    /// Written by hand from the generator's parameters, as a check on the manifest itself.
    @Test func sampleFactsByHand() throws {
        let palette = try ImageDecoder.inspect(path: CodecFixtures.path("good/png-palette4-trns-adam7.png"))
        #expect(palette.format == .png && palette.width == 17 && palette.height == 13)
        #expect(palette.channels == 4 && palette.bitDepth == 4 && palette.interlaced && palette.orientation == 1)
        let orient = try ImageDecoder.inspect(path: CodecFixtures.path("good/jpeg-orient6.jpg"))
        #expect(orient.format == .jpeg && orient.width == 24 && orient.height == 16)
        #expect(orient.channels == 3 && orient.bitDepth == 8 && !orient.interlaced && orient.orientation == 6)
        let progressive = try ImageDecoder.inspect(path: CodecFixtures.path("good/jpeg-progressive.jpg"))
        #expect(progressive.interlaced && progressive.width == 32 && progressive.height == 24)
        #expect(try ImageDecoder.inspect(path: CodecFixtures.path("good/jpeg-named.png")).format == .jpeg)
        #expect(try ImageDecoder.inspect(path: CodecFixtures.path("good/png-named.jpg")).format == .png)
        #expect(try ImageDecoder.inspect(path: CodecFixtures.path("good/png-gray16.png")).bitDepth == 16)
    }

    /// Header-only: a header claiming 10 gigapixels is reported, not decoded, and quickly.
    @Test(arguments: [("broken/huge.png", 100_000), ("broken/huge.jpg", 65_500)])
    func hugeHeadersAreReportedWithoutDecoding(_ file: String, _ side: Int) throws {
        let clock = ContinuousClock()
        let start = clock.now
        let info = try ImageDecoder.inspect(path: CodecFixtures.path(file))
        #expect(clock.now - start < .seconds(1))
        #expect(info.width == side && info.height == side)
    }
}
