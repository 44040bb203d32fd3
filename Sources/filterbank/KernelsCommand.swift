import ArgumentParser
import FeatureMaps

/// `filterbank kernels`: every built-in kernel with its matrix, so users see exactly what `--kernel NAME` does.
struct KernelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernels",
        abstract: "List the built-in kernels (--kernel NAME) with their matrices.",
        discussion: "Weights are cross-correlation weights (no flip, as tf.nn.conv2d), row by row. A kernel shown with '× 1/9' is the integer matrix divided by 9.")

    func run() throws {
        print(KernelListing.text(for: BuiltinKernels.entries), terminator: "")
    }
}

/// The text of `filterbank kernels`: a header line per kernel, then its integer rows right-aligned.
enum KernelListing {
    static func text(for entries: [BuiltinKernels.Entry]) -> String {
        var lines = ["Built-in kernels (use with --kernel NAME; cross-correlation weights, row by row):", ""]
        for entry in entries {
            let size = "\(entry.rows.count)×\(entry.rows[0].count)"
            let factor = entry.divisor == 1 ? "" : " × 1/\(entry.divisor)"
            lines.append("\(entry.name)  \(size)\(factor)  — \(entry.summary)")
            let cellWidth = entry.rows.joined().map { String($0).count }.max() ?? 1
            for row in entry.rows {
                let cells = row.map { value -> String in
                    let text = String(value)
                    return String(repeating: " ", count: cellWidth - text.count) + text
                }
                lines.append("    [ " + cells.joined(separator: "  ") + " ]")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}
