extension BankLoader {
    /// Parses the libvips matrix text format (`vips matrixload`): a header `width height [scale [offset]]`,
    /// then `height` lines of `width` numbers. Like `vips conv`, the result is Σ(values·pixels)/scale + offset,
    /// so the filter's weights are values/scale and its bias is offset. Anything after the numbers on a line
    /// is a comment; blank lines are skipped.
    static func parseVipsMatrix(_ text: String, name: String, file: String) throws -> NamedFilter {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated()
            .map { (number: $0.offset + 1, values: leadingNumbers(in: $0.element)) }
            .filter { !$0.values.isEmpty }
        guard !lines.isEmpty else { throw BankError(file: file, "is empty (expected a header line 'width height [scale [offset]]')") }
        let header = lines.removeFirst()
        guard (2...4).contains(header.values.count),
              let width = exactInteger(header.values[0]), let height = exactInteger(header.values[1]) else {
            throw BankError(file: file, "line \(header.number): the header must be 'width height [scale [offset]]' with whole-number sizes")
        }
        guard width > 0, height > 0 else {
            throw BankError(file: file, "line \(header.number): the header says \(width)×\(height), an empty kernel")
        }
        let scale = header.values.count > 2 ? header.values[2] : 1
        let offset = header.values.count > 3 ? header.values[3] : 0
        guard scale != 0, scale.isFinite else { throw BankError(file: file, "line \(header.number): scale must be a non-zero number") }
        guard offset.isFinite else { throw BankError(file: file, "line \(header.number): offset must be a number") }
        guard lines.count == height else {
            throw BankError(file: file, "the header says \(height) rows but the file has \(lines.count)")
        }
        // Rows are checked before reserving, so a header's width alone never sizes an allocation.
        if let line = lines.first(where: { $0.values.count != width }) {
            throw BankError(file: file, "line \(line.number) has \(line.values.count) values but the header says width \(width) (ragged rows)")
        }
        var weights = [Float]()
        weights.reserveCapacity(lines.count * width)
        for line in lines { weights.append(contentsOf: line.values.map { Float($0 / scale) }) }
        try checkFinite(weights, what: "the kernel", file: file)
        try NamedFilter.validate(name: name, file: file)
        return NamedFilter(unchecked: name, height: height, width: width, inChannels: nil, weights: weights, bias: Float(offset))
    }

    /// The numbers at the start of a line (whitespace- or comma-separated), stopping at the first word
    /// that is not a number: libvips ignores the rest of a line, so it can hold a comment.
    static func leadingNumbers(in line: Substring) -> [Double] {
        var numbers = [Double]()
        for token in line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "\r" }) {
            guard let value = Double(token) else { break }
            numbers.append(value)
        }
        return numbers
    }

    /// The value as an Int when it is a whole number of sane size.
    static func exactInteger(_ value: Double) -> Int? {
        guard value.isFinite, value == value.rounded(), Swift.abs(value) < Double(1 << 30) else { return nil }
        return Int(value)
    }
}
