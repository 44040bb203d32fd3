/// "Did you mean …?" for misspelt kernel names: the built-in and family names closest in edit distance.
enum KernelNameSuggestions {
    /// The closest names to `name` (at most three), families written as their syntax; empty when
    /// nothing is close. A name is close when at most a third of its letters (and at least one) differ,
    /// ignoring case, or when it starts with `name` (so `sobel` suggests `sobel-left`).
    static func closest(to name: String, familiesOnly: Bool = false) -> [String] {
        let query = name.lowercased()
        var candidates = KernelFamily.allCases.map { ($0.rawValue, $0.syntax) }
        if !familiesOnly { candidates = BuiltinKernels.names.map { ($0, $0) } + candidates }
        let limit = max(1, query.count / 3)
        let scored: [(distance: Int, order: Int, text: String)] = candidates.enumerated().compactMap { order, candidate in
            let distance = editDistance(query, candidate.0.lowercased())
            guard distance <= limit || (candidate.0.hasPrefix(query) && query.count >= 3) else { return nil }
            return (distance, order, candidate.1)
        }
        return scored.sorted { ($0.distance, $0.order) < ($1.distance, $1.order) }.prefix(3).map(\.text)
    }

    /// "; did you mean a, b or c?", or "" when nothing is close.
    static func hint(for name: String, familiesOnly: Bool = false) -> String {
        let names = closest(to: name, familiesOnly: familiesOnly)
        guard let last = names.last else { return "" }
        let list = names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " or " + last
        return "; did you mean \(list)?"
    }

    /// Levenshtein distance (insertions, deletions, substitutions), over Unicode scalars.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
