/// Writes filters as a JSON bank file that `BankLoader` reads back to the same filters, bit for bit:
/// `{"filters": [{"name": …, "kernel": [[…], …], "bias": b}]}`, one kernel row per line.
///
/// Each weight is written as the shortest decimal that parses back (through the loader's Double) to the
/// same Float; `bias` only when it is not 0; 3-D kernels as `[fh][fw][in]`.
public enum BankJSONWriter {
    /// The bank file text for `filters`, ending with a newline.
    public static func text(for filters: [NamedFilter]) -> String {
        var lines = ["{", "  \"filters\": ["]
        for (index, filter) in filters.enumerated() {
            lines.append("    {\"name\": \(quoted(filter.name)), \"kernel\": [")
            let depth = filter.inChannels ?? 1
            for m in 0..<filter.height {
                let cells = (0..<filter.width).map { n -> String in
                    let start = (m * filter.width + n) * depth
                    let values = filter.weights[start..<(start + depth)].map(number)
                    return filter.inChannels == nil ? values[0] : "[" + values.joined(separator: ", ") + "]"
                }
                lines.append("      [" + cells.joined(separator: ", ") + "]" + (m + 1 < filter.height ? "," : ""))
            }
            let bias = filter.bias == 0 ? "" : ", \"bias\": \(number(filter.bias))"
            lines.append("    ]\(bias)}" + (index + 1 < filters.count ? "," : ""))
        }
        lines += ["  ]", "}"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The shortest text of `value` that reads back as the same Float: integers without a point, else
    /// Float's shortest form when a Double parse of it rounds back exactly, else the Double's (exact) form.
    static func number(_ value: Float) -> String {
        if value == 0 { return "0" }
        if value == value.rounded(), abs(value) < 1e7 { return String(Int(value)) }
        let short = "\(value)"
        if let parsed = Double(short), Float(parsed) == value { return short }
        return "\(Double(value))"
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
