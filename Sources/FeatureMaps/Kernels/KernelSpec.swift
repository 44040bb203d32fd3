/// One kernel named by a `--kernel` value: a built-in name, a parametric spec or a kernel string.
///
/// A value may name several kernels separated by commas. Commas also separate a parametric kernel's
/// parameters and a kernel string's values, so the value is read left to right in comma-separated
/// pieces, by one rule:
///
/// 1. A piece that starts with a digit and holds a `:` (a size such as `3x3:` or `5:`) starts a
///    kernel string, which takes the rest of the value, commas included: `blur,3x3: 1,2,1 …`.
/// 2. A piece that starts with a letter starts a new kernel: `NAME` is a built-in kernel, `NAME:P` a
///    parametric kernel whose first parameter is P.
/// 3. A piece that is a number continues the parameters of the parametric kernel before it:
///    `gaussian:2,7` is one kernel (σ = 2, size 7); `gaussian:2,sharpen` is two.
/// 4. A value made only of numbers (commas and spaces between them) is a kernel string without a size,
///    n² values for an n×n kernel.
///
/// Anything else is an error naming the piece, with the closest names when a name is misspelt.
public enum KernelSpec: Equatable, Sendable {
    /// A built-in kernel (`BuiltinKernels`), by name.
    case builtin(String)
    /// A parametric kernel and its parameters, e.g. `gaussian:2,7`.
    case parametric(KernelFamily, [Double])
    /// An ImageMagick-style kernel string (`3x3: 1,1,1 0,0,0 -1,-1,-1`), as written.
    case kernelString(String)

    /// The kernels one `--kernel` value names, in order, checked for structure and names (values are
    /// checked when each is built). Throws `BankError` naming the bad piece.
    public static func parse(_ value: String) throws -> [KernelSpec] {
        try parseWritten(value).map(\.spec)
    }

    /// `parse` with the text each kernel was written as (`gaussian:2, 7` → "gaussian:2,7"), for messages.
    static func parseWritten(_ value: String) throws -> [(spec: KernelSpec, written: String)] {
        let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw BankError(file: nil, "the kernel is empty (give a name such as blur, a spec such as gaussian:2, or a kernel string)") }
        if text.split(whereSeparator: { $0 == "," || $0.isWhitespace }).allSatisfy({ startsNumber($0) && Double($0) != nil }) {
            return [(.kernelString(text), text)]
        }
        var specs: [(spec: KernelSpec, written: String)] = []
        var rest = Substring(text)
        while true {
            let comma = rest.firstIndex(of: ",")
            let piece = rest[..<(comma ?? rest.endIndex)].trimmingCharacters(in: .whitespaces)
            let after = comma.map { rest[rest.index(after: $0)...] }
            if let first = piece.first, first.isASCII, first.isNumber, piece.contains(":") {
                let kernelString = String(rest).trimmingCharacters(in: .whitespaces)
                specs.append((.kernelString(kernelString), kernelString))
                return specs
            }
            if startsNumber(piece) {
                guard let last = specs.last, case .parametric(let family, let parameters) = last.spec, let number = Double(piece) else {
                    throw misplacedNumber(piece, after: specs.last?.spec)
                }
                specs[specs.count - 1] = (.parametric(family, parameters + [number]), last.written + "," + piece)
            } else {
                specs.append((try spec(piece), piece))
            }
            guard let after else { return specs }
            rest = after
        }
    }

    /// A piece starting with a letter: a built-in name or `family:first-parameter`.
    private static func spec(_ piece: String) throws -> KernelSpec {
        guard !piece.isEmpty else {
            throw BankError(file: nil, "an empty kernel between commas (a stray or doubled comma?)")
        }
        guard let colon = piece.firstIndex(of: ":") else {
            guard isName(piece) else { throw notAName(piece) }
            if BuiltinKernels.named(piece) != nil { return .builtin(piece) }
            if let family = KernelFamily.named(piece) {
                throw BankError(file: nil, "'\(piece)' needs parameters: \(family.syntax), e.g. \(family.example)\(builtinHint(piece))")
            }
            throw BankError(file: nil, "unknown kernel '\(piece)'\(KernelNameSuggestions.hint(for: piece)) (see 'filterbank kernels')")
        }
        let name = piece[..<colon].trimmingCharacters(in: .whitespaces)
        let first = piece[piece.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard isName(name) else { throw notAName(piece) }
        guard let family = KernelFamily.named(name) else {
            throw BankError(file: nil, "'\(piece)': unknown kernel family '\(name)'\(KernelNameSuggestions.hint(for: name, familiesOnly: true)) (see 'filterbank kernels')")
        }
        guard !first.isEmpty else {
            throw BankError(file: nil, "'\(piece)' has no parameters after the colon: \(family.syntax), e.g. \(family.example)")
        }
        guard let number = Double(first), startsNumber(first) else {
            throw BankError(file: nil, "'\(piece)': '\(first)' is not a number (\(family.syntax))")
        }
        return .parametric(family, [number])
    }

    /// Why a number cannot go where it is.
    private static func misplacedNumber(_ piece: String, after previous: KernelSpec?) -> BankError {
        switch previous {
        case .builtin(let name)?:
            if let family = KernelFamily.named(name) {
                return BankError(file: nil, "'\(name),\(piece)': the built-in \(name) takes no parameters; parameters follow a colon: \(family.rawValue):\(piece) (\(family.syntax))")
            }
            return BankError(file: nil, "'\(name),\(piece)': the built-in \(name) takes no parameters (a kernel string needs a size, like '3x3: …')")
        case .parametric?:
            return BankError(file: nil, "'\(piece)' is not a number")
        default:
            return BankError(file: nil, "'\(piece)' is not a kernel: a kernel string needs a size first ('3x3: …' or '5: …') unless the whole value is numbers")
        }
    }

    private static func notAName(_ piece: String) -> BankError {
        BankError(file: nil, "'\(piece)' is not a kernel name (names are letters, digits and '-', separated by commas; parameters follow a colon)")
    }

    private static func builtinHint(_ name: String) -> String {
        let related = BuiltinKernels.names.filter { $0.hasPrefix(name) }
        return related.isEmpty ? "" : "; built-in: \(related.joined(separator: ", "))"
    }

    /// Letters, digits, '-' and '_', starting with a letter.
    static func isName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
    }

    /// Starts like a number: a digit, or a sign or point before a digit or point.
    static func startsNumber<S: StringProtocol>(_ text: S) -> Bool {
        guard let first = text.first else { return false }
        if first.isASCII && first.isNumber { return true }
        guard first == "-" || first == "+" || first == "." else { return false }
        let second = text.dropFirst().first
        return second.map { ($0.isASCII && $0.isNumber) || $0 == "." } ?? false
    }
}
