import ArgumentParser
import Foundation
import ImageCodecs
import Essentials

/// `codec-bench make-photo OUT.jpg`: a photo-like JPEG for benchmarks, made with our own encoder so
/// the bench needs no Python: smooth shading, soft shapes with hard edges, and sensor-like noise, which
/// gives a bit rate close to a camera JPEG at the same quality (a pure gradient would be unrealistically
/// cheap to decode).
struct MakePhoto: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "make-photo", abstract: "Write a synthetic photo-like RGB JPEG.")

    @Argument(help: "Destination .jpg.")
    var output: String

    @Option var width = 4000
    @Option var height = 3000
    @Option var quality = 90

    @Option(help: "Chroma subsampling: 444, 422 or 420 (default 420, as cameras write).")
    var subsampling = "420"

    @Option(help: "EXIF orientation 1–8 to record (a camera held upright writes 6).")
    var orientation = 1

    @Option(help: "Also write the pixels as a binary PPM here (input for cjpeg).")
    var ppm: String?

    func validate() throws {
        guard JPEGEncodeOptions.Subsampling(rawValue: subsampling) != nil else {
            throw ValidationError("--subsampling must be 444, 422 or 420")
        }
        guard (1...8).contains(orientation) else { throw ValidationError("--orientation must be 1…8") }
    }

    func run() throws {
        let pixels = SyntheticPhoto.rgb(width: width, height: height)
        // A minimal big-endian TIFF: IFD0 with one entry, the orientation.
        let exif: [UInt8] = Array("MM\0*".utf8) + [0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1,
                                                   0, UInt8(orientation), 0, 0, 0, 0, 0, 0]
        let options = JPEGEncodeOptions(quality: quality, subsampling: JPEGEncodeOptions.Subsampling(rawValue: subsampling))
        let jpeg = try JPEGEncoder.encode(pixels: pixels, width: width, height: height, channels: 3, options: options,
                                          metadata: orientation == 1 ? .none : ImageMetadata(exif: exif))
        try AtomicFile.write(jpeg, to: output)
        if let ppm { try AtomicFile.write(Array("P6\n\(width) \(height)\n255\n".utf8) + pixels, to: ppm) }
        print("\(output): \(width) x \(height) q\(quality), \(jpeg.count) bytes")
    }
}

/// The benchmark photo, deterministic.
enum SyntheticPhoto {
    /// Interleaved RGB.
    static func rgb(width: Int, height: Int) -> [UInt8] {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        var random = SplitMix64(seed: 12345)
        let w = Double(width), h = Double(height)
        for y in 0..<height {
            let fy = Double(y) / h
            for x in 0..<width {
                let fx = Double(x) / w
                // Sky-to-ground shading, a few "objects" with edges, fine texture, noise.
                var r = 90 + 100 * fy + 30 * sin(fx * 9 + fy * 4)
                var g = 110 + 60 * sin(fx * 5) * cos(fy * 7)
                var b = 180 - 120 * fy
                let dx = fx - 0.6, dy = fy - 0.55
                if dx * dx + dy * dy < 0.04 { r = 200 - 60 * fy; g = 60; b = 50 }
                if fx > 0.1, fx < 0.3, fy > 0.5 { r *= 0.5; g *= 0.6; b *= 0.5 }
                let texture = 18 * sin(Double(x) * 0.37) * sin(Double(y) * 0.29)
                let noise = Double(random.next() % 17) - 8
                pixels[(y * width + x) * 3] = UInt8(clamping: Int(r + texture + noise))
                pixels[(y * width + x) * 3 + 1] = UInt8(clamping: Int(g + texture + noise))
                pixels[(y * width + x) * 3 + 2] = UInt8(clamping: Int(b + texture * 0.5 + noise))
            }
        }
        return pixels
    }

    /// BT.601 luma of `rgb`.
    static func luma(width: Int, height: Int) -> [UInt8] {
        let rgb = rgb(width: width, height: height)
        return (0..<(width * height)).map { i in
            let r: Int = 299 * Int(rgb[i * 3])
            let g: Int = 587 * Int(rgb[i * 3 + 1])
            let b: Int = 114 * Int(rgb[i * 3 + 2])
            return UInt8((r + g + b + 500) / 1000)
        }
    }
}
