extension BankLoader {
    /// Parses a JSON bank (see `BankLoader`); `file` names the source in errors.
    static func parseJSON(_ bytes: [UInt8], file: String) throws -> [NamedFilter] {
        guard case .object(let object) = try JSONValue.parse(bytes, file: file) else {
            throw BankError(file: file, "must be a JSON object with a \"filters\" array")
        }
        guard case .array(let entries)? = object["filters"] else {
            throw BankError(file: file, "has no \"filters\" array")
        }
        guard !entries.isEmpty else { throw BankError(file: file, "\"filters\" is empty") }
        let defaults = defaultNames(count: entries.count)
        return try entries.enumerated().map { index, entry in
            guard case .object(let entry) = entry else { throw BankError(file: file, "filter \(index) is not an object") }
            var name = defaults[index]
            if let given = entry["name"] {
                guard case .string(let given) = given else { throw BankError(file: file, "filter \(index): \"name\" must be a string") }
                name = given
            }
            try NamedFilter.validate(name: name, file: file)
            let label = "filter '\(name)'"
            guard let kernel = entry["kernel"] else { throw BankError(file: file, "\(label) has no \"kernel\"") }
            let scale = try number(entry["scale"], default: 1, what: "\(label): \"scale\"", file: file)
            let bias = try number(entry["bias"], default: 0, what: "\(label): \"bias\"", file: file)
            let (values, height, width, inChannels) = try kernelArray(kernel, label: label, file: file)
            let weights = values.map { Float($0 * scale) }
            try checkFinite(weights, what: "\(label)'s kernel (after scale)", file: file)
            let floatBias = Float(bias)
            try checkFinite([floatBias], what: "\(label)'s bias", file: file)
            return NamedFilter(unchecked: name, height: height, width: width, inChannels: inChannels, weights: weights, bias: floatBias)
        }
    }

    /// A JSON number, or the default when absent.
    private static func number(_ value: JSONValue?, default fallback: Double, what: String, file: String) throws -> Double {
        guard let value else { return fallback }
        guard case .number(let number) = value else { throw BankError(file: file, "\(what) must be a number") }
        return number
    }

    /// Flattens a 2-D `[fh][fw]` or 3-D `[fh][fw][in]` nested array, checking it is rectangular and non-empty.
    private static func kernelArray(_ kernel: JSONValue, label: String, file: String) throws -> ([Double], Int, Int, Int?) {
        guard case .array(let rows) = kernel, !rows.isEmpty else {
            throw BankError(file: file, "\(label): \"kernel\" must be a non-empty array of rows (empty kernel)")
        }
        var values = [Double]()
        var width = -1
        var isThreeD: Bool?
        var depth = 0
        for (m, row) in rows.enumerated() {
            guard case .array(let row) = row, !row.isEmpty else {
                throw BankError(file: file, "\(label): kernel row \(m) must be a non-empty array of numbers (empty kernel)")
            }
            if width < 0 { width = row.count }
            guard row.count == width else {
                throw BankError(file: file, "\(label): ragged rows — row 0 has \(width) values, row \(m) has \(row.count)")
            }
            for (n, element) in row.enumerated() {
                switch element {
                case .number(let number):
                    if isThreeD == nil { isThreeD = false }
                    guard isThreeD == false else {
                        throw BankError(file: file, "\(label): kernel[\(m)][\(n)] is a number but other entries are channel arrays")
                    }
                    values.append(number)
                case .array(let channels):
                    if isThreeD == nil { isThreeD = true; depth = channels.count }
                    guard isThreeD == true else {
                        throw BankError(file: file, "\(label): kernel[\(m)][\(n)] is an array but other entries are numbers")
                    }
                    guard !channels.isEmpty else { throw BankError(file: file, "\(label): kernel[\(m)][\(n)] is empty (empty kernel)") }
                    guard channels.count == depth else {
                        throw BankError(file: file, "\(label): ragged channels — kernel[0][0] has \(depth) values, kernel[\(m)][\(n)] has \(channels.count)")
                    }
                    for (c, channel) in channels.enumerated() {
                        guard case .number(let number) = channel else {
                            throw BankError(file: file, "\(label): kernel[\(m)][\(n)][\(c)] is not a number")
                        }
                        values.append(number)
                    }
                default:
                    throw BankError(file: file, "\(label): kernel[\(m)][\(n)] is not a number or an array of numbers")
                }
            }
        }
        return (values, rows.count, width, isThreeD == true ? depth : nil)
    }
}
