import FeatureMaps
import Foundation

/// The filters of `apply`, in the order `--kernel` and `--bank` appear on the command line.
enum ApplyFilterSources {
    /// One filter source as written.
    enum Source: Equatable {
        case kernel(String)
        case bank(String)
    }

    /// Loads every source in order into one checked `FilterSet`; any problem is a usage error.
    static func load(kernels: [String], banks: [String], bias: String?) throws -> FilterSet {
        let sources = ordered(kernels: kernels, banks: banks, arguments: CommandLine.arguments)
        guard !sources.isEmpty else {
            throw UsageError("apply needs at least one filter: --kernel NAME or --bank FILE (see 'filterbank kernels')")
        }
        let npyBanks = banks.filter { $0.lowercased().hasSuffix(".npy") }
        if bias != nil && npyBanks.count != 1 {
            throw UsageError("--bias goes with exactly one .npy --bank (given: \(npyBanks.count))")
        }
        var filters: [NamedFilter] = []
        var customCount = 0
        for source in sources {
            switch source {
            case .kernel(let name):
                if let builtin = BuiltinKernels.named(name) {
                    filters.append(builtin)
                } else if name.contains(":") {
                    customCount += 1
                    do {
                        filters.append(try BankLoader.parse(kernelString: name, name: "kernel\(customCount)"))
                    } catch {
                        throw UsageError("--kernel '\(name)': \(error)")
                    }
                } else {
                    throw UsageError("unknown kernel '\(name)'; built-in kernels: \(BuiltinKernels.names.joined(separator: ", "))")
                }
            case .bank(let path):
                do {
                    let biasPath = path.lowercased().hasSuffix(".npy") ? bias : nil
                    filters += try BankLoader.load(path: path, biasPath: biasPath)
                } catch {
                    throw UsageError("cannot use bank \(path): \(error)")
                }
            }
        }
        do {
            return try FilterSet(filters)
        } catch {
            throw UsageError("\(error)")
        }
    }

    /// Interleaves the parsed `--kernel` and `--bank` values in command-line order (argument-parser keeps
    /// each option's values in order but not their relative order). Falls back to kernels then banks
    /// if the raw arguments cannot be matched up.
    static func ordered(kernels: [String], banks: [String], arguments: [String]) -> [Source] {
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
        guard kinds.filter({ $0 }).count == kernels.count, kinds.filter({ !$0 }).count == banks.count else {
            return kernels.map(Source.kernel) + banks.map(Source.bank)
        }
        var k = kernels.makeIterator(), b = banks.makeIterator()
        return kinds.map { $0 ? .kernel(k.next()!) : .bank(b.next()!) }
    }
}
