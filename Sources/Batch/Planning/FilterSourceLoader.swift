import FeatureMaps

/// Turns the job's filter sources, in order, into the filters of the run; every problem is a
/// configuration error naming the source.
enum FilterSourceLoader {
    /// Every filter of every source, in the order given.
    static func load(_ sources: [FilterSource]) throws -> [NamedFilter] {
        guard !sources.isEmpty else {
            throw FilterJobError("no filters given: add --kernel NAME or --bank FILE (see 'filterbank kernels')")
        }
        var filters: [NamedFilter] = []
        var customCount = 0
        for source in sources {
            switch source {
            case .kernel(let text):
                filters += try kernels(text, customCount: &customCount)
            case .bank(let path, let bias):
                do {
                    filters += try BankLoader.load(path: path, biasPath: path.lowercased().hasSuffix(".npy") ? bias : nil)
                } catch {
                    throw FilterJobError("cannot use bank \(path): \(error)")
                }
            case .filters(let given):
                filters += given
            }
        }
        return filters
    }

    /// The filters one `--kernel` value names: a built-in name or a kernel string.
    private static func kernels(_ text: String, customCount: inout Int) throws -> [NamedFilter] {
        if let builtin = BuiltinKernels.named(text) { return [builtin] }
        guard text.contains(":") else {
            throw FilterJobError("unknown kernel '\(text)'; built-in kernels: \(BuiltinKernels.names.joined(separator: ", "))")
        }
        customCount += 1
        do {
            return [try BankLoader.parse(kernelString: text, name: "kernel\(customCount)")]
        } catch {
            throw FilterJobError("--kernel '\(text)': \(error)")
        }
    }
}
