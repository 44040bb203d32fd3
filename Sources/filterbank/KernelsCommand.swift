import ArgumentParser
import FeatureMaps
import Foundation

/// `filterbank kernels [SPEC…] [--json]`: the built-in kernels and parametric families with their
/// formulas, or the kernels SPEC… names as matrices or as a bank file `--bank` reads back.
struct KernelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernels",
        abstract: "List the kernels --kernel accepts, or print some as matrices or a JSON bank file.",
        discussion: """
            Without SPEC: every built-in kernel with its matrix and every parametric family with its \
            formula. With SPEC… (names, specs such as gaussian:2 or sobel:45, kernel strings, comma \
            lists; the same values --kernel takes): those kernels' weights. --json prints them as a bank \
            file ({"filters": [{"name", "kernel"}]}) for --bank; without SPEC it holds every built-in. \
            Weights are cross-correlation weights (no flip, as tf.nn.conv2d), row by row. A kernel shown \
            with '× 1/9' is the integer matrix divided by 9.
            """)

    @Argument(help: "Kernels to print: built-in names, parametric specs (gaussian:2,7), kernel strings, comma lists.",
              completion: Completions.kernels)
    var specs: [String] = []

    @Flag(help: "Print the kernels as a JSON bank file (read back with --bank FILE.json).")
    var json = false

    func run() throws {
        guard !specs.isEmpty else {
            if json {
                print(BankJSONWriter.text(for: BuiltinKernels.all), terminator: "")
            } else {
                print(KernelListing.text(for: BuiltinKernels.entries) + "\n" + KernelListing.familiesText(), terminator: "")
            }
            return
        }
        var resolver = KernelSpecResolver()
        var filters: [NamedFilter] = []
        for spec in specs {
            do {
                filters += try resolver.filters(for: spec)
            } catch {
                throw UsageError("kernel '\(spec)': \(error)")
            }
        }
        if json {
            print(BankJSONWriter.text(for: filters), terminator: "")
        } else {
            print(filters.map(KernelListing.matrixText).joined(separator: "\n"), terminator: "")
        }
    }
}

/// The text of `filterbank kernels`: built-ins as integer rows, families as formulas, kernels as weights.
enum KernelListing {
    /// Kernels wider or taller than this are summarised instead of printed.
    static let largestPrinted = 15

    static func text(for entries: [BuiltinKernels.Entry]) -> String {
        var lines = ["Built-in kernels (use with --kernel NAME; cross-correlation weights, row by row):", ""]
        for entry in entries {
            let size = "\(entry.rows.count)×\(entry.rows[0].count)"
            let factor = entry.divisor == 1 ? "" : " × 1/\(entry.divisor)"
            lines.append("\(entry.name)  \(size)\(factor)  — \(entry.summary)")
            lines += aligned(entry.rows.map { $0.map(String.init) })
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// Every family: syntax and summary, its formula, and what its example resolves to.
    static func familiesText() -> String {
        var lines = ["Parametric kernels (use with --kernel NAME:PARAMS; angles in degrees, counter-clockwise from the right):", ""]
        for family in KernelFamily.allCases {
            lines.append("\(family.syntax)  — \(family.summary)")
            lines += family.formula.map { "    " + $0 }
            var resolver = KernelSpecResolver()
            if let filter = try? resolver.filters(for: family.example).first {
                lines.append("    e.g. \(family.example) → \(filter.name) (\(filter.shapeDescription))")
            }
            lines.append("")
        }
        lines += [
            "Several kernels in one value: --kernel blur,gaussian:2,7,sobel:45 — a comma followed by a number",
            "continues the parameters before it, one followed by a name starts a new kernel, and a kernel string",
            "(\"3x3: 1,1,1 0,0,0 -1,-1,-1\") takes the rest of the value. Maps are named like gaussian-2-7.",
            "Print kernels with 'filterbank kernels SPEC…'; add --json for a bank file that --bank reads.",
            "",
        ]
        return lines.joined(separator: "\n")
    }

    /// One kernel's name, shape, sum and weights (or a summary when it is large).
    static func matrixText(for filter: NamedFilter) -> String {
        let sum = filter.weights.reduce(0) { $0 + Double($1) }
        var lines = ["\(filter.name)  \(filter.shapeDescription)  sum \(format(abs(sum) < 1e-6 ? 0 : sum))"]
        if filter.inChannels != nil || filter.height > largestPrinted || filter.width > largestPrinted {
            let lowest = filter.weights.min() ?? 0, highest = filter.weights.max() ?? 0
            lines.append("    (\(filter.shapeDescription): too large to print here; weights \(format(Double(lowest)))…\(format(Double(highest))); use --json)")
        } else {
            let rows = (0..<filter.height).map { m in
                (0..<filter.width).map { n in format(Double(filter.weights[m * filter.width + n])) }
            }
            lines += aligned(rows)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Rows of cells right-aligned to the widest, as "    [ a  b  c ]".
    static func aligned(_ rows: [[String]]) -> [String] {
        let cellWidth = rows.joined().map(\.count).max() ?? 1
        return rows.map { row in
            "    [ " + row.map { String(repeating: " ", count: cellWidth - $0.count) + $0 }.joined(separator: "  ") + " ]"
        }
    }

    /// Six significant digits, integers without a point, no negative zero.
    static func format(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value == value.rounded(), abs(value) < 1e6 { return String(Int(value)) }
        return String(format: "%.6g", value)
    }
}
