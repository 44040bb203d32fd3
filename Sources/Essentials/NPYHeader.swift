/// The three keys of a `.npy` header dictionary, e.g.
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`.
struct NPYHeader: Equatable {
    /// The dtype string, e.g. `<f4`.
    var descr: String
    /// True when the data is stored column-major.
    var fortranOrder: Bool
    /// The array shape; `[]` for a scalar.
    var shape: [Int]

    /// Parses the Python-literal dictionary numpy writes: keys in any order, single or double quotes,
    /// any spacing, trailing commas, `()` and `(n,)` shapes. Throws a plain message on anything else.
    static func parse(_ text: String) throws(HeaderParseError) -> NPYHeader {
        var scanner = LiteralScanner(Array(text.unicodeScalars))
        var descr: String?, fortran: Bool?, shape: [Int]?
        try scanner.expect("{")
        while true {
            scanner.skipSpace()
            if scanner.consume("}") { break }
            let key = try scanner.string()
            try scanner.expect(":")
            switch key {
            case "descr":
                guard descr == nil else { throw HeaderParseError("key 'descr' appears twice") }
                descr = try scanner.string()
            case "fortran_order":
                guard fortran == nil else { throw HeaderParseError("key 'fortran_order' appears twice") }
                fortran = try scanner.boolean()
            case "shape":
                guard shape == nil else { throw HeaderParseError("key 'shape' appears twice") }
                shape = try scanner.tuple()
            default:
                throw HeaderParseError("unexpected key '\(key)' (a .npy header has descr, fortran_order and shape)")
            }
            scanner.skipSpace()
            if scanner.consume(",") { continue }
            try scanner.expect("}")
            break
        }
        scanner.skipSpace()
        guard scanner.atEnd else { throw HeaderParseError("unexpected text after the header dictionary") }
        guard let descr else { throw HeaderParseError("header has no 'descr'") }
        guard let fortran else { throw HeaderParseError("header has no 'fortran_order'") }
        guard let shape else { throw HeaderParseError("header has no 'shape'") }
        return NPYHeader(descr: descr, fortranOrder: fortran, shape: shape)
    }

    /// The header numpy itself writes for a C-order array, without padding.
    static func literal(descr: String, shape: [Int]) -> String {
        let sizes: String
        switch shape.count {
        case 0: sizes = "()"
        case 1: sizes = "(\(shape[0]),)"
        default: sizes = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        return "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(sizes), }"
    }
}

/// A malformed header dictionary; the caller adds the file name.
struct HeaderParseError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// A cursor over the header's characters for the tiny subset of Python literals numpy uses.
private struct LiteralScanner {
    let characters: [Unicode.Scalar]
    var position = 0

    init(_ characters: [Unicode.Scalar]) { self.characters = characters }

    var atEnd: Bool { position >= characters.count }

    mutating func skipSpace() {
        while position < characters.count, [" ", "\t", "\n", "\r"].contains(characters[position]) { position += 1 }
    }

    mutating func consume(_ symbol: Unicode.Scalar) -> Bool {
        guard position < characters.count, characters[position] == symbol else { return false }
        position += 1
        return true
    }

    mutating func expect(_ symbol: Unicode.Scalar) throws(HeaderParseError) {
        skipSpace()
        guard consume(symbol) else {
            let found = atEnd ? "the end of the header" : "'\(characters[position])'"
            throw HeaderParseError("expected '\(symbol)' at character \(position), found \(found)")
        }
    }

    /// A quoted string without escapes ('…' or "…").
    mutating func string() throws(HeaderParseError) -> String {
        skipSpace()
        guard position < characters.count, characters[position] == "'" || characters[position] == "\"" else {
            throw HeaderParseError("expected a quoted string at character \(position)")
        }
        let quote = characters[position]
        position += 1
        var result = String.UnicodeScalarView()
        while position < characters.count, characters[position] != quote {
            result.append(characters[position])
            position += 1
        }
        guard consume(quote) else { throw HeaderParseError("unterminated string in the header") }
        return String(result)
    }

    mutating func boolean() throws(HeaderParseError) -> Bool {
        skipSpace()
        for (word, value) in [("True", true), ("False", false)] {
            let scalars = Array(word.unicodeScalars)
            if position + scalars.count <= characters.count,
                Array(characters[position..<position + scalars.count]) == scalars
            {
                position += scalars.count
                return value
            }
        }
        throw HeaderParseError("fortran_order must be True or False")
    }

    /// `()`, `(n,)`, `(a, b, …)` or `(a, b, …,)` of non-negative integers (a Python 2 `L` suffix is allowed).
    mutating func tuple() throws(HeaderParseError) -> [Int] {
        try expect("(")
        var sizes = [Int]()
        var sawComma = false
        while true {
            skipSpace()
            if consume(")") { break }
            sizes.append(try integer())
            _ = consume("L")
            skipSpace()
            if consume(",") {
                sawComma = true
                continue
            }
            try expect(")")
            break
        }
        // Python needs the comma for a 1-tuple: "(3)" is a parenthesised integer, which numpy rejects too.
        guard sizes.count != 1 || sawComma else { throw HeaderParseError("a 1-D shape is written (n,), got (\(sizes[0]))") }
        return sizes
    }

    mutating func integer() throws(HeaderParseError) -> Int {
        skipSpace()
        let start = position
        while position < characters.count, ("0"..."9").contains(characters[position]) { position += 1 }
        guard position > start else {
            let found = atEnd ? "the end of the header" : "'\(characters[position])'"
            throw HeaderParseError("expected a non-negative integer in the shape, found \(found)")
        }
        let digits = String(String.UnicodeScalarView(characters[start..<position]))
        guard let value = Int(digits) else { throw HeaderParseError("shape size \(digits) is too large") }
        return value
    }
}
