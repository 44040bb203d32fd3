import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// Exit codes scripts can rely on.
enum ExitStatus {
    /// Everything done.
    static let success: Int32 = 0
    /// Some inputs failed; the others were fully processed.
    static let someInputsFailed: Int32 = 1
    /// Usage or configuration error: nothing was done.
    static let usage: Int32 = 2
}

/// A usage or configuration problem found by a command: printed on stderr, exit status 2.
struct UsageError: Error, CustomStringConvertible {
    /// What is wrong, naming the file or value.
    let description: String
    init(_ description: String) { self.description = description }
}

/// Entry point: parses, runs, and maps every failure onto the documented exit codes
/// (argument-parser's own validation code 64 becomes 2).
@main
enum Main {
    static func main() {
        do {
            try DashedFileArguments.check(Array(CommandLine.arguments.dropFirst()))
            var command = try FilterBankCommand.parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Glibc.exit(exit.rawValue)
        } catch let usage as UsageError {
            printError("filterbank: \(usage.description)")
            Glibc.exit(ExitStatus.usage)
        } catch {
            let code = FilterBankCommand.exitCode(for: error)
            if code == .success {
                print(FilterBankCommand.fullMessage(for: error))
                Glibc.exit(0)
            }
            let message = FilterBankCommand.fullMessage(for: error)
            printError(message.hasPrefix("Error:") || message.hasPrefix("Usage:") ? message : "filterbank: \(message)")
            Glibc.exit(ExitStatus.usage)
        }
    }
}

/// Writes one line to standard error.
func printError(_ line: String) {
    var stderr = StandardError()
    print(line, to: &stderr)
}

/// Standard error as a `TextOutputStream`.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var bytes = Array(string.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
