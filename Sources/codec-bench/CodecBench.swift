import ArgumentParser
import Foundation

/// `codec-bench`: measures codec speed on big images (run from Scripts/bench-codecs, release build).
@main
struct CodecBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codec-bench",
        abstract: "Measure JPEG decode/encode and PNG encode speed; write test photos; re-encode a file.",
        subcommands: [JPEGDecodeBench.self, JPEGEncodeBench.self, PNGEncodeBench.self, MakePhoto.self, ReencodeCommand.self])
}

/// Wall-clock timing of repeated runs.
enum Timing {
    /// Median wall seconds and median CPU seconds (user + system, all threads of this process) of
    /// `repeats` runs; CPU time is the steadier number on a shared, loaded machine.
    static func medians(repeats: Int, _ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
        try body()
        var walls: [Double] = [], cpus: [Double] = []
        for _ in 0..<max(1, repeats) {
            let cpu0 = processCPUSeconds(), start = DispatchTime.now().uptimeNanoseconds
            try body()
            walls.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            cpus.append(processCPUSeconds() - cpu0)
        }
        return (median(walls), median(cpus))
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted(), mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// "0.1234 s  97.2 MP/s".
    static func line(_ label: String, seconds: Double, pixels: Int) -> String {
        String(format: "%@ %.4f s  %.1f MP/s", label.padding(toLength: 28, withPad: " ", startingAt: 0),
               seconds, Double(pixels) / 1e6 / seconds)
    }
}
