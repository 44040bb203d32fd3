import Foundation

/// Catches a file name that starts with '-' before the parser reads it as options: `-dash.JPG` would
/// otherwise be taken as the short flags -d -a -s -h…, and -h prints the help and exits 0 — a script
/// would think the photo was processed.
enum DashedFileArguments {
    /// Throws a usage error for the first argument before `--` that starts with '-', is not an option
    /// spelling any command defines, and names an existing file or folder.
    static func check(_ arguments: [String], fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) throws {
        for argument in arguments {
            if argument == "--" { return }
            guard argument.hasPrefix("-"), argument.count > 1, !isOptionSpelling(argument), fileExists(argument) else { continue }
            throw UsageError("'\(argument)' is a file but looks like an option: write ./\(argument), or end the options with -- and list such files after it (… --kernel blur -- \(argument))")
        }
    }

    /// `--name` or `--name=value` (long options are never files' business), or a single-letter flag.
    private static func isOptionSpelling(_ argument: String) -> Bool {
        if argument.hasPrefix("--") { return true }
        return argument.count == 2
    }
}
