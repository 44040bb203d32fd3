import Batch

/// The filter sources of a command, in the order `--kernel` and `--bank` appear on the command line.
enum FilterArguments {
    /// `--kernel` and `--bank` values interleaved in command-line order, `--bias` attached to the one
    /// `.npy` bank it goes with.
    static func sources(kernels: [String], banks: [String], bias: String?, arguments: [String]) throws -> [FilterSource] {
        let npyBanks = banks.filter { $0.lowercased().hasSuffix(".npy") }
        if bias != nil && npyBanks.count != 1 {
            throw UsageError("--bias goes with exactly one .npy --bank (given: \(npyBanks.count))")
        }
        return ordered(kernels: kernels, banks: banks, arguments: arguments).map { source in
            guard case .bank(let path, _) = source, path.lowercased().hasSuffix(".npy") else { return source }
            return .bank(path: path, bias: bias)
        }
    }

    /// Interleaves the parsed `--kernel` and `--bank` values in command-line order (argument-parser keeps
    /// each option's values in order but not their relative order). Falls back to kernels then banks
    /// if the raw arguments cannot be matched up.
    static func ordered(kernels: [String], banks: [String], arguments: [String]) -> [FilterSource] {
        var kinds: [Bool] = []  // true = kernel
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { break }
            if argument == "--kernel" || argument.hasPrefix("--kernel=") {
                kinds.append(true)
                if argument == "--kernel" { index += 1 }
            } else if argument == "--bank" || argument.hasPrefix("--bank=") {
                kinds.append(false)
                if argument == "--bank" { index += 1 }
            }
            index += 1
        }
        let asKernel = { FilterSource.kernel($0) }
        let asBank = { FilterSource.bank(path: $0, bias: nil) }
        guard kinds.filter({ $0 }).count == kernels.count, kinds.filter({ !$0 }).count == banks.count else {
            return kernels.map(asKernel) + banks.map(asBank)
        }
        var k = kernels.makeIterator(), b = banks.makeIterator()
        return kinds.map { $0 ? asKernel(k.next()!) : asBank(b.next()!) }
    }
}
