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
        // One resolver for the whole job, so kernel strings are numbered kernel1, kernel2, … across values.
        var resolver = KernelSpecResolver()
        for source in sources {
            switch source {
            case .kernel(let text):
                do {
                    filters += try resolver.filters(for: text)
                } catch {
                    throw FilterJobError("--kernel '\(text)': \(error)")
                }
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
}
