import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The live "images done/total, rate, ETA, failures" line, redrawn in place on standard error. The
/// caller enables it only when standard error is a terminal, so logs and pipes stay clean.
final class ProgressLine {
    private let total: Int
    private let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    /// A progress line for `total` images, drawn only when `enabled`.
    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    /// Redraws (at most ten times a second, and always for the last image).
    func update(done: Int, failed: Int) {
        guard enabled else { return }
        let now = Date()
        guard done == total || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        write("\r\u{1B}[K" + Self.text(done: done, total: total, failed: failed, elapsed: now.timeIntervalSince(start)))
        drawn = true
    }

    /// Ends the line so later messages start on a fresh one.
    func finish() {
        if drawn { write("\n") }
        drawn = false
    }

    /// Clears the line before an error message is printed.
    func clear() {
        if drawn { write("\r\u{1B}[K") }
    }

    /// "12/40 images, 3.1/s, ETA 9s, 1 failed".
    static func text(done: Int, total: Int, failed: Int, elapsed: Double) -> String {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        var line = "\(done)/\(total) images"
        if rate > 0 {
            line += ", " + String(format: rate >= 10 ? "%.0f/s" : "%.1f/s", rate)
            line += ", ETA \(Int((Double(total - done) / rate).rounded(.up)))s"
        }
        if failed > 0 { line += ", \(failed) failed" }
        return line
    }

    private func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
