import Foundation
import Testing
import ImageCodecs

/// EXIF orientation 1–8 is applied by default (references from Pillow's `ImageOps.exif_transpose`) and kept
/// with `applyOrientation: false`; malformed EXIF blocks are ignored.
@Suite struct OrientationTests {
    static let orientedFiles = (1...8).flatMap { ["good/png-exif\($0).png", "good/jpeg-orient\($0).jpg"] }

    @Test(arguments: orientedFiles)
    func appliedByDefault(_ file: String) throws {
        let fixture = try #require(CodecFixtures.good(file))
        let decoded = try ImageDecoder.decode(path: CodecFixtures.path(file))
        #expect(decoded.info.orientation == fixture.orientation)
        let upright = fixture.orientation >= 5 ? [1, fixture.width, fixture.height, 3] : [1, fixture.height, fixture.width, 3]
        #expect(decoded.tensor.shape == upright)
        if let problem = try fixture.expected().mismatch(shape: decoded.tensor.shape, scalars: decoded.tensor.scalars) {
            Issue.record("\(file): \(problem)")
        }
    }

    @Test(arguments: orientedFiles)
    func keptWhenNotApplied(_ file: String) throws {
        let fixture = try #require(CodecFixtures.good(file))
        let decoded = try ImageDecoder.decode(path: CodecFixtures.path(file), options: DecodeOptions(applyOrientation: false))
        #expect(decoded.info.orientation == fixture.orientation)
        #expect(decoded.tensor.shape == [1, fixture.height, fixture.width, 3])
        if let problem = try fixture.expected(stored: true).mismatch(shape: decoded.tensor.shape, scalars: decoded.tensor.scalars) {
            Issue.record("\(file): \(problem)")
        }
    }

    /// The EXIF definitions by hand, independent of Pillow: upright pixel (x, y) comes from stored (sx, sy).
    @Test(arguments: 1...8)
    func matchesTheExifDefinition(_ orientation: Int) throws {
        let path = CodecFixtures.path("good/png-exif\(orientation).png")
        let stored = try ImageDecoder.decode(path: path, options: DecodeOptions(applyOrientation: false)).tensor
        let upright = try ImageDecoder.decode(path: path).tensor
        let (w, h) = (stored.width, stored.height)
        for y in 0..<upright.height {
            for x in 0..<upright.width {
                let (sx, sy): (Int, Int)
                switch orientation {
                case 1: (sx, sy) = (x, y)                     // as stored
                case 2: (sx, sy) = (w - 1 - x, y)             // mirrored left–right
                case 3: (sx, sy) = (w - 1 - x, h - 1 - y)     // rotated 180°
                case 4: (sx, sy) = (x, h - 1 - y)             // mirrored top–bottom
                case 5: (sx, sy) = (y, x)                     // transposed
                case 6: (sx, sy) = (y, h - 1 - x)             // stored top row becomes the right column
                case 7: (sx, sy) = (w - 1 - y, h - 1 - x)     // transversed
                default: (sx, sy) = (w - 1 - y, x)            // stored top row becomes the left column
                }
                for c in 0..<3 where upright[0, y, x, c] != stored[0, sy, sx, c] {
                    Issue.record("orientation \(orientation): (\(x), \(y)) c \(c) is \(upright[0, y, x, c]), stored (\(sx), \(sy)) is \(stored[0, sy, sx, c])")
                    return
                }
            }
        }
    }

    @Test(arguments: ["good/jpeg-exif-bad-offset.jpg", "good/jpeg-exif-truncated.jpg", "good/jpeg-exif-bad-value.jpg"])
    func malformedExifIsIgnored(_ file: String) throws {
        let fixture = try #require(CodecFixtures.good(file))
        let decoded = try ImageDecoder.decode(path: CodecFixtures.path(file))
        #expect(decoded.info.orientation == 1)
        #expect(try ImageDecoder.inspect(path: CodecFixtures.path(file)).orientation == 1)
        if let problem = try fixture.expected().mismatch(shape: decoded.tensor.shape, scalars: decoded.tensor.scalars) {
            Issue.record("\(file): \(problem)")
        }
    }
}
