import Batch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a planned job for a person or a script: on a terminal a live progress line, off a terminal
/// (logs, CI, Slurm) one summary line at the end; a line per failed input either way. `quiet` keeps
/// only the failure lines.
enum JobConsole {
    /// Runs `job` and returns how it ended.
    static func run(_ job: FilterJob, quiet: Bool) -> FilterJobOutcome {
        let terminal = isatty(2) == 1
        var progress: ProgressLine?
        return job.run { event in
            switch event {
            case .started(let pending, _):
                progress = ProgressLine(total: pending, enabled: terminal && !quiet)
            case .inputFinished(let result, let state):
                if result.status == .failed {
                    progress?.clear()
                    printError("filterbank: " + failureLine(path: result.input, reason: result.reason ?? "failed"))
                }
                progress?.update(done: state.done, failed: state.failed)
            case .reportFailed(let message):
                progress?.clear()
                printError("filterbank: \(message)")
            case .finished(let outcome):
                progress?.finish()
                if !terminal && !quiet { printError(summary(outcome)) }
            }
        }
    }

    /// "<path>: <reason>" without naming the file twice when the reason already starts with it.
    static func failureLine(path: String, reason: String) -> String {
        reason.hasPrefix(path) ? reason : "\(path): \(reason)"
    }

    /// "filterbank: 12 ok, 1 failed, 3 skipped; 48 files written in 3.2 s; report out/report.json".
    static func summary(_ outcome: FilterJobOutcome) -> String {
        var line = "filterbank: \(outcome.ok) ok, \(outcome.failed) failed, \(outcome.skipped) skipped; "
        line += "\(outcome.outputFiles) file\(outcome.outputFiles == 1 ? "" : "s") written in \(String(format: "%.1f", outcome.seconds)) s"
        if let report = outcome.reportPath { line += "; report \(report)" }
        return line
    }
}
