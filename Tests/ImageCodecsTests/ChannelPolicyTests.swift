import Foundation
import Testing
@testable import ImageCodecs

/// keep (what the file holds), rgb (gray expanded, alpha dropped), gray (BT.601 luma, alpha dropped).
@Suite struct ChannelPolicyTests {
    static let files = [
        "good/png-gray1.png", "good/png-gray8.png", "good/png-gray16.png", "good/png-gray-alpha8.png",
        "good/png-gray-alpha16.png", "good/png-rgb8.png", "good/png-rgb16.png", "good/png-rgba8.png",
        "good/png-rgba16.png", "good/png-palette4.png", "good/png-palette8-trns.png", "good/png-gray8-trns.png",
        "good/jpeg-444.jpg", "good/jpeg-gray.jpg", "good/jpeg-cmyk.jpg",
    ]

    @Test(arguments: files)
    func keepHoldsWhatTheFileHolds(_ file: String) throws {
        let fixture = try #require(CodecFixtures.good(file))
        let decoded = try ImageDecoder.decode(path: CodecFixtures.path(file), options: DecodeOptions(channels: .keep))
        // CMYK is the one case where the file's 4 channels become 3 (converted to RGB).
        let expectedChannels = fixture.rule == "cmyk-adobe" ? 3 : fixture.channels
        #expect(decoded.tensor.channels == expectedChannels)
        #expect(decoded.info.channels == fixture.channels)
    }

    @Test(arguments: files)
    func rgbExpandsGrayAndDropsAlpha(_ file: String) throws {
        let fixture = try #require(CodecFixtures.good(file))
        let decoded = try ImageDecoder.decode(path: CodecFixtures.path(file), options: DecodeOptions(channels: .rgb))
        if let problem = try fixture.expected().asRGB().mismatch(shape: decoded.tensor.shape, scalars: decoded.tensor.scalars) {
            Issue.record("\(file): \(problem)")
        }
    }

    @Test(arguments: files)
    func grayIsBT601Luma(_ file: String) throws {
        let fixture = try #require(CodecFixtures.good(file))
        let decoded = try ImageDecoder.decode(path: CodecFixtures.path(file), options: DecodeOptions(channels: .gray))
        if let problem = try fixture.expected().asGray().mismatch(shape: decoded.tensor.shape, scalars: decoded.tensor.scalars) {
            Issue.record("\(file): \(problem)")
        }
    }

    /// Hand-calculated: 0.299·200 + 0.587·100 + 0.114·50 = 59.8 + 58.7 + 5.7 = 124.2.
    @Test func lumaByHand() {
        let (gray, channels) = ChannelConversion.convert([200, 100, 50, 7], channels: 4, to: .gray)
        #expect(channels == 1)
        #expect(abs(gray[0] - 124.2) < 1e-4)
        let (rgb, three) = ChannelConversion.convert([9, 200], channels: 2, to: .rgb)
        #expect(three == 3 && rgb == [9, 9, 9])
    }
}
