import ArgumentParser
import Foundation

/// A size on the command line: plain bytes, or a number with K, M or G (powers of 1024), e.g. `512M`.
struct ByteCount: ExpressibleByArgument, Equatable {
    /// The size in bytes, ≥ 1.
    let bytes: Int

    init(bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).uppercased()
        let shifts: [Character: Int] = ["K": 10, "M": 20, "G": 30]
        var digits = Substring(text)
        var shift = 0
        if let last = digits.last, let s = shifts[last] {
            shift = s
            digits = digits.dropLast()
            if digits.last == "I" || digits.last == "B" { return nil }
        }
        guard let value = Int(digits), value >= 1, value <= Int.max >> shift else { return nil }
        bytes = value << shift
    }

    var defaultValueDescription: String { "\(bytes >> 20)M" }
}
