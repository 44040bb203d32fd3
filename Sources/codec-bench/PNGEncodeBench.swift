import ArgumentParser
import Foundation
import ImageCodecs

/// `codec-bench png-encode`: PNG encode speed and size on a realistic 8-bit gray feature map, for the
/// default `.fast` setting against zlib level 1 and libpng's defaults.
struct PNGEncodeBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "png-encode", abstract: "PNG encode speed (MP/s) and size of a 12 MP gray feature map.")

    @Option var width = 4000
    @Option var height = 3000

    @Option(help: "Also measure these zlib levels (adaptive filters, default strategy).")
    var level: [Int] = []

    @OptionGroup var runs: TimedRuns

    func run() throws {
        let map = FeatureMapImage.edgeMagnitude(width: width, height: height)
        let pixels = width * height
        print("feature map: \(width) x \(height) 8-bit gray (edge magnitude of a synthetic photo)")
        var settings: [(String, PNGCompression)] = [
            (".fast (UP + Z_RLE)", .fast),
            ("zlib level 1 (adaptive)", PNGCompression(level: 1)),
            ("libpng defaults (.small)", .small),
        ]
        settings += level.map { ("zlib level \($0) (adaptive)", PNGCompression(level: $0)) }
        for (name, compression) in settings {
            var size = 0
            _ = try runs.measure(name, pixels: pixels, detail: { "  \(size) bytes" }) {
                size = try PNGEncoder.encode(pixels: map, width: width, height: height, channels: 1,
                                             compression: compression).count
            }
        }
    }
}

/// A stand-in for what FilterBank writes: the gradient magnitude (|Sobel x| + |Sobel y|, clamped) of
/// the synthetic photo's luma — mostly dark with bright edges and texture, like a real edge map.
enum FeatureMapImage {
    static func edgeMagnitude(width: Int, height: Int) -> [UInt8] {
        let luma = SyntheticPhoto.luma(width: width, height: height)
        var map = [UInt8](repeating: 0, count: width * height)
        for y in 1..<(height - 1) {
            for x in 1..<(width - 1) {
                func at(_ dx: Int, _ dy: Int) -> Int { Int(luma[(y + dy) * width + x + dx]) }
                let gx = at(1, -1) + 2 * at(1, 0) + at(1, 1) - at(-1, -1) - 2 * at(-1, 0) - at(-1, 1)
                let gy = at(-1, 1) + 2 * at(0, 1) + at(1, 1) - at(-1, -1) - 2 * at(0, -1) - at(1, -1)
                map[y * width + x] = UInt8(min(255, (abs(gx) + abs(gy)) / 4))
            }
        }
        return map
    }
}
