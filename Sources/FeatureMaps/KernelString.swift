extension BankLoader {
    /// Parses one ImageMagick-style kernel string: `WxH: v,v,v v,v,v …` (values separated by commas
    /// and/or whitespace, row by row), `N: …` for an N×N kernel, or a bare list whose length is a
    /// perfect square. Origin offsets (`3x3+1+1:`) are refused: tf.nn.conv2d centres the kernel itself.
    public static func parse(kernelString: String, name: String) throws -> NamedFilter {
        try parseKernelString(kernelString, name: name, file: nil)
    }

    /// `parse(kernelString:name:)` with the file it came from for messages.
    static func parseKernelString(_ text: String, name: String, file: String?) throws -> NamedFilter {
        let label = file == nil ? "kernel '\(name)'" : "kernel '\(name)'"
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var width: Int?, height: Int?
        var body = Substring(trimmed)
        if let colon = trimmed.firstIndex(of: ":") {
            let geometry = trimmed[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            body = trimmed[trimmed.index(after: colon)...]
            guard !geometry.contains("+"), !geometry.contains("-") else {
                throw BankError(file: file, "\(label): origin offsets like '\(geometry)' are not supported (the kernel is centred as in tf.nn.conv2d)")
            }
            let sizes = geometry.split(separator: "x", omittingEmptySubsequences: false)
            guard (1...2).contains(sizes.count), let w = Int(sizes[0]), let h = Int(sizes.last!) else {
                throw BankError(file: file, "\(label): '\(geometry)' is not a size like 3x3 or 5")
            }
            guard w > 0, h > 0, w <= 1024, h <= 1024 else {
                throw BankError(file: file, "\(label): size \(w)x\(h) must be between 1x1 and 1024x1024 (empty kernel?)")
            }
            width = w
            height = h
        }
        var values = [Float]()
        for token in body.split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
            guard let value = Double(token) else {
                throw BankError(file: file, "\(label): '\(token)' is not a number")
            }
            values.append(Float(value))
        }
        guard !values.isEmpty else { throw BankError(file: file, "\(label) has no values (empty kernel)") }
        if width == nil {
            let side = Int(Double(values.count).squareRoot().rounded())
            guard side * side == values.count else {
                throw BankError(file: file, "\(label): \(values.count) values without a size (like '3x3:') must form a square")
            }
            width = side
            height = side
        }
        guard let width, let height, values.count == width * height else {
            throw BankError(file: file, "\(label): a \(width ?? 0)x\(height ?? 0) kernel needs \((width ?? 0) * (height ?? 0)) values, got \(values.count) (wrong count)")
        }
        try checkFinite(values, what: label, file: file)
        try NamedFilter.validate(name: name, file: file)
        return NamedFilter(unchecked: name, height: height, width: width, inChannels: nil, weights: values, bias: 0)
    }

    /// A text file of kernel strings separated by `;` (lines starting with `#` are comments).
    /// One kernel is named after the file's stem, several `stem-1`, `stem-2`, ….
    static func parseKernelStringFile(_ text: String, stem: String, file: String) throws -> [NamedFilter] {
        let uncommented = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
            .joined(separator: "\n")
        let pieces = uncommented.split(separator: ";").map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        guard !pieces.isEmpty else {
            throw BankError(file: file, "holds no kernel string (formats by extension: .json, .npy, .mat; anything else is read as kernel strings like '3x3: 1,1,1 0,0,0 -1,-1,-1')")
        }
        return try pieces.enumerated().map { index, piece in
            try parseKernelString(piece, name: pieces.count == 1 ? stem : "\(stem)-\(index + 1)", file: file)
        }
    }
}
