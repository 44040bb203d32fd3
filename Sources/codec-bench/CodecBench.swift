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

/// `--repeat`, the same for every timing command.
struct TimedRuns: ParsableArguments {
    @Option(help: "Timed runs (after one warm-up run; per setting for png-encode).")
    var `repeat` = 9

    /// Times `body` (see `Timing.medians`) and prints "label  seconds  MP/s  cpu seconds" and `detail()`
    /// (read after the runs, e.g. the encoded size).
    func measure(_ label: String, pixels: Int, detail: () -> String = { "" }, _ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
        let times = try Timing.medians(repeats: `repeat`, body)
        print(Timing.line(label, seconds: times.wall, pixels: pixels) + String(format: "  cpu %.4f s", times.cpu) + detail())
        return times
    }
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

    /// The line scripts read: "<prefix>median_seconds=… <prefix>median_cpu_seconds=…".
    static func machineLine(_ times: (wall: Double, cpu: Double), prefix: String = "") -> String {
        String(format: "%@median_seconds=%.5f %@median_cpu_seconds=%.5f", prefix, times.wall, prefix, times.cpu)
    }

    /// "0.1234 s  97.2 MP/s".
    static func line(_ label: String, seconds: Double, pixels: Int) -> String {
        String(format: "%@ %.4f s  %.1f MP/s", label.padding(toLength: 28, withPad: " ", startingAt: 0),
               seconds, Double(pixels) / 1e6 / seconds)
    }
}
