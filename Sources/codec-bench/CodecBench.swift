import ArgumentParser
import Foundation

/// `codec-bench`: measures codec speed on big images (run from Scripts/bench-codecs, release build).
@main
struct CodecBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codec-bench",
        abstract: "Measure JPEG decode and PNG encode speed.",
        subcommands: [JPEGDecodeBench.self, PNGEncodeBench.self, MakePhoto.self])
}

/// Wall-clock timing of repeated runs.
enum Timing {
    /// Median seconds of `repeats` runs of `body` (after one untimed warm-up run).
    static func median(repeats: Int, _ body: () throws -> Void) rethrows -> Double {
        try body()
        var samples: [Double] = []
        for _ in 0..<max(1, repeats) {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        samples.sort()
        let mid = samples.count / 2
        return samples.count % 2 == 1 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2
    }

    /// "0.1234 s  97.2 MP/s".
    static func line(_ label: String, seconds: Double, pixels: Int) -> String {
        String(format: "%@ %.4f s  %.1f MP/s", label.padding(toLength: 28, withPad: " ", startingAt: 0),
               seconds, Double(pixels) / 1e6 / seconds)
    }
}
