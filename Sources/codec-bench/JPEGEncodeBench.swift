import ArgumentParser
import Foundation
import ImageCodecs

/// `codec-bench jpeg-encode`: median time to encode the synthetic 12 MP photo at a quality, with the
/// encoder's default subsampling rule (4:4:4 at quality 90 and above), as `filter` writes photos.
struct JPEGEncodeBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jpeg-encode", abstract: "Median time to encode a 12 MP RGB photo as JPEG.")

    @Option var width = 4000
    @Option var height = 3000
    @Option var quality = 90

    @Option(help: "Chroma subsampling: 444, 422 or 420 (default: by quality, as the encoder chooses).")
    var subsampling: String?

    @OptionGroup var runs: TimedRuns

    func validate() throws {
        if let subsampling, JPEGEncodeOptions.Subsampling(rawValue: subsampling) == nil {
            throw ValidationError("--subsampling must be 444, 422 or 420")
        }
    }

    func run() throws {
        let pixels = SyntheticPhoto.rgb(width: width, height: height)
        let options = JPEGEncodeOptions(quality: quality, subsampling: subsampling.flatMap(JPEGEncodeOptions.Subsampling.init))
        var size = 0
        let times = try runs.measure("encode q\(quality) \(options.effectiveSubsampling.rawValue)", pixels: width * height,
                                     detail: { "  \(size) bytes" }) {
            size = try JPEGEncoder.encode(pixels: pixels, width: width, height: height, channels: 3, options: options).count
        }
        print(Timing.machineLine(times))
    }
}
