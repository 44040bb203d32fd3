import Foundation
import Testing
@testable import ImageCodecs

/// JPEG orientation is applied in C, fused with the widening to Float32; PNG's in Swift. Both must
/// equal the plain per-pixel definition of the eight EXIF orientations on every channel layout.
@Suite struct OrientationPathTests {
    /// The source pixel of upright pixel (x, y) for a stored w × h image, straight from the EXIF definitions.
    static func reference(_ stored: [Float], w: Int, h: Int, c: Int, orientation: Int) -> [Float] {
        let swaps = orientation >= 5
        let outW = swaps ? h : w, outH = swaps ? w : h
        var out = [Float](repeating: -1, count: stored.count)
        for y in 0..<outH {
            for x in 0..<outW {
                let (sx, sy): (Int, Int)
                switch orientation {
                case 2: (sx, sy) = (w - 1 - x, y)
                case 3: (sx, sy) = (w - 1 - x, h - 1 - y)
                case 4: (sx, sy) = (x, h - 1 - y)
                case 5: (sx, sy) = (y, x)
                case 6: (sx, sy) = (y, h - 1 - x)
                case 7: (sx, sy) = (w - 1 - y, h - 1 - x)
                case 8: (sx, sy) = (w - 1 - y, x)
                default: (sx, sy) = (x, y)
                }
                for k in 0..<c { out[(y * outW + x) * c + k] = stored[(sy * w + sx) * c + k] }
            }
        }
        return out
    }

    /// A TIFF block holding only the orientation.
    static func exif(_ orientation: Int) -> ImageMetadata {
        ImageMetadata(exif: Array("MM\0*".utf8) + [0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, UInt8(orientation), 0, 0, 0, 0, 0, 0])
    }

    // 70 × 45: several 64-pixel tiles with partial ones on both edges.
    static let (w, h) = (70, 45)

    @Test(arguments: 1...8)
    func jpegGrayRGBAndCMYK(orientation: Int) throws {
        for channels in [1, 3, 4] {
            let pixels = (0..<(Self.w * Self.h * channels)).map { UInt8(truncatingIfNeeded: $0 * 7 + $0 / 61) }
            let jpeg = try pixels.withUnsafeBufferPointer {
                try JPEGEncoder.encodeAny(pixels: $0, width: Self.w, height: Self.h, channels: channels,
                                          options: JPEGEncodeOptions(quality: 90), metadata: Self.exif(orientation),
                                          cmyk: channels == 4 ? .init(adobeMarker: true, ycck: false) : nil, file: "o")
            }
            let stored = try JPEGDecoder.decode(jpeg, file: "o", maxPixels: 1 << 20)
            let upright = try JPEGDecoder.decode(jpeg, file: "o", maxPixels: 1 << 20, applyOrientation: true)
            #expect(upright.info.orientation == orientation)
            #expect((upright.width, upright.height) == (orientation >= 5 ? (Self.h, Self.w) : (Self.w, Self.h)))
            #expect(upright.samples.floats == Self.reference(stored.samples.floats, w: Self.w, h: Self.h, c: stored.channels,
                                                      orientation: orientation), "\(channels) channels")
        }
    }

    @Test(arguments: 1...8)
    func swiftPathForPNG(orientation: Int) {
        for channels in 1...4 {
            let stored = (0..<(Self.w * Self.h * channels)).map { Float($0 % 251) }
            let upright = Orientation.apply(orientation, to: stored, width: Self.w, height: Self.h, channels: channels)
            #expect(upright.samples == Self.reference(stored, w: Self.w, h: Self.h, c: channels, orientation: orientation))
        }
    }
}
