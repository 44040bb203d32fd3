import Foundation
import Testing
import Essentials
@testable import ImageCodecs

/// The EXIF, XMP and ICC-segment code on blocks built here: layouts the fixtures do not cover, and
/// hostile bytes that must never crash or be trusted.
@Suite struct MetadataBlockTests {
    /// A little-endian TIFF: IFD0 with orientation `orientation` and a link to IFD1, which comes
    /// *before* an out-of-line IFD0 value (so cutting the tail off would lose that value).
    static func thumbnailInTheMiddle(orientation: UInt16) -> (tiff: [UInt8], ifd1Link: Int, valueAt: Int) {
        func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
        func u32(_ v: Int) -> [UInt8] { u16(v & 0xFFFF) + u16(v >> 16) }
        // Layout: header 8 | IFD0 (2 entries) 8..<38 | IFD1 (1 entry) 38..<56 | thumbnail 56..<60 | Make 60..<72
        var tiff: [UInt8] = [0x49, 0x49, 42, 0] + u32(8)
        tiff += u16(2)
        tiff += u16(0x010F) + u16(2) + u32(12) + u32(60)           // Make, ASCII, 12 bytes at 60
        tiff += u16(0x0112) + u16(3) + u32(1) + u16(Int(orientation)) + u16(0)
        tiff += u32(38)                                              // next IFD: IFD1
        tiff += u16(1) + u16(0x0201) + u16(4) + u32(1) + u32(56) + u32(0)
        tiff += [0xFF, 0xD8, 0xFF, 0xD9]
        tiff += Array("Test camera\0".utf8)
        return (tiff, 34, 60)
    }

    @Test func thumbnailBeforeOtherDataIsOnlyUnlinked() throws {
        let (tiff, link, _) = Self.thumbnailInTheMiddle(orientation: 6)
        var block = try #require(ExifBlock(tiff))
        #expect(block.orientation == 6)
        block.setOrientationUpright()
        block.dropThumbnail()
        #expect(block.orientation == 1)
        #expect(block.bytes.count == tiff.count)            // the Make value after it must stay
        #expect(Array(block.bytes[link..<(link + 4)]) == [0, 0, 0, 0])
        var expected = tiff
        expected[30] = 1
        expected.replaceSubrange(link..<(link + 4), with: [0, 0, 0, 0])
        #expect(block.bytes == expected)
    }

    @Test func malformedBlocksAreNeverTrusted() throws {
        #expect(ExifBlock([]) == nil)
        #expect(ExifBlock(Array("II*\0".utf8) + [200, 0, 0, 0]) == nil)       // IFD0 past the end
        #expect(ExifBlock(Array("XX*\0".utf8) + [8, 0, 0, 0, 0, 0]) == nil)
        // An IFD0 that claims 1000 entries in 20 bytes: no orientation, and editing is a no-op.
        var claims = try #require(ExifBlock(Array("II*\0".utf8) + [8, 0, 0, 0, 0xE8, 0x03] + [UInt8](repeating: 0, count: 12)))
        #expect(claims.orientation == nil)
        let before = claims.bytes
        claims.setOrientationUpright()
        claims.dropThumbnail()
        #expect(claims.bytes == before)
        // Random bytes behind a valid header: whatever they say, reading and editing stay in bounds.
        var random = SplitMix64(seed: 99)
        for length in [8, 9, 20, 64, 300] {
            for _ in 0..<200 {
                var bytes = Array("MM\0*".utf8) + [0, 0, 0, 8]
                bytes += (8..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                guard var block = ExifBlock(bytes) else { continue }
                _ = block.orientation
                block.setOrientationUpright()
                block.dropThumbnail()
                #expect(block.bytes.count <= bytes.count)
            }
        }
    }

    @Test func selfReferencingSubIFDsEnd() throws {
        func u16(_ v: Int) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }
        func u32(_ v: Int) -> [UInt8] { u16(v >> 16) + u16(v & 0xFFFF) }
        // IFD0's Exif pointer points at IFD0 itself, and IFD1 at 26 has a thumbnail.
        var tiff: [UInt8] = Array("MM\0*".utf8) + u32(8) + u16(1) + u16(0x8769) + u16(4) + u32(1) + u32(8) + u32(26)
        tiff += u16(1) + u16(0x0201) + u16(4) + u32(1) + u32(44) + u32(0) + [0xFF, 0xD8]
        var block = try #require(ExifBlock(tiff))
        block.dropThumbnail()
        #expect(Array(block.bytes[22..<26]) == [0, 0, 0, 0])
    }

    @Test func xmpOrientationIsRewrittenInBothForms() {
        func up(_ text: String) -> String { String(decoding: XMPPacket.uprighted(Array(text.utf8)), as: UTF8.self) }
        #expect(up(#"<d tiff:Orientation="6" x="1"/>"#) == #"<d tiff:Orientation="1" x="1"/>"#)
        #expect(up("<d tiff:Orientation = '8'/>") == "<d tiff:Orientation = '1'/>")
        #expect(up("<tiff:Orientation>5</tiff:Orientation>") == "<tiff:Orientation>1</tiff:Orientation>")
        #expect(up("<tiff:Orientation> 3 </tiff:Orientation>") == "<tiff:Orientation> 1 </tiff:Orientation>")
        // Not an orientation value: left alone.
        #expect(up(#"tiff:Orientation="12""#) == #"tiff:Orientation="12""#)
        #expect(up(#"tiff:OrientationX="6""#) == #"tiff:OrientationX="6""#)
        #expect(up("tiff:Orientation") == "tiff:Orientation")
        #expect(up(#"<a tiff:Orientation="6"/><b tiff:Orientation="7"/>"#) == #"<a tiff:Orientation="1"/><b tiff:Orientation="1"/>"#)
    }

    @Test func iccSegmentsMustAddUp() {
        typealias S = ICCSegments.Segment
        func assemble(_ segments: [S], dropped: Int = 0) -> String {
            switch ICCSegments.assemble(segments, dropped: dropped) {
            case .success(let profile): return profile.map { String(decoding: $0, as: UTF8.self) } ?? "none"
            case .failure(let problem): return problem.message
            }
        }
        let a = S(sequence: 1, count: 3, bytes: Array("ab".utf8)), b = S(sequence: 2, count: 3, bytes: Array("cd".utf8))
        let c = S(sequence: 3, count: 3, bytes: Array("e".utf8))
        #expect(assemble([]) == "none")
        #expect(assemble([c, a, b]) == "abcde")
        #expect(assemble([a, b]) == "ICC_PROFILE segment 3 of 3 is missing")
        #expect(assemble([a, b, b]) == "ICC_PROFILE segment 2 appears twice")
        #expect(assemble([a, b, S(sequence: 4, count: 3, bytes: [])]) == "ICC_PROFILE segment number 4 is outside 1…3")
        #expect(assemble([a, S(sequence: 2, count: 2, bytes: [])]) == "ICC_PROFILE segments disagree on their count")
        #expect(assemble([S(sequence: 0, count: 0, bytes: [])]) == "ICC_PROFILE segments disagree on their count")
        #expect(assemble([a, b, c], dropped: 1) == "more than 255 ICC_PROFILE segments")
    }

    @Test func profilesWithoutAHeaderAreDropped() {
        var metadata = ImageMetadata(iccProfile: [UInt8](repeating: 7, count: 300), exif: [1, 2, 3])
        let warnings = MetadataCheck.problems(in: &metadata)
        #expect(metadata.isEmpty)
        #expect(warnings.count == 2 && warnings.allSatisfy { $0.kind == .metadata })
    }
}

/// Splitting alpha off and merging it back.
@Suite struct AlphaChannelTests {
    @Test func splitAndMergeAreInverse() throws {
        let rgba: [UInt16] = (0..<(5 * 4)).map { UInt16($0 * 3000) }
        let (colour, alpha) = AlphaChannel.split(rgba, channels: 4)
        #expect(colour.count == 15 && alpha == [9000, 21000, 33000, 45000, 57000])
        #expect(AlphaChannel.merge(colour: colour, colourChannels: 3, alpha: alpha) == rgba)
        let grayAlpha: [Float] = [1, 2, 3, 4]
        let split = AlphaChannel.split(grayAlpha, channels: 2)
        #expect(split.colour == [1, 3] && split.alpha == [2, 4])
        #expect(AlphaChannel.hasAlpha(channels: 2) && AlphaChannel.hasAlpha(channels: 4))
        #expect(!AlphaChannel.hasAlpha(channels: 1) && !AlphaChannel.hasAlpha(channels: 3))
    }

    @Test func keepPolicyHasTheFilesAlpha() throws {
        let fixture = try #require(MetadataFixtures.fixture("png-gray-alpha8-icc.png"))
        let decoded = try ImageDecoder.decode(path: fixture.path, options: DecodeOptions(channels: .keep))
        #expect(decoded.tensor.channels == 2)
        let expected = try #require(try fixture.expectedSamples())
        let (_, alpha) = AlphaChannel.split(decoded.tensor.scalars, channels: 2)
        #expect(alpha == AlphaChannel.split(expected, channels: 2).alpha)
    }
}
