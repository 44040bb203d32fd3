/// Turns `--kernel` values into filters: the one place every command resolves kernel names, parametric
/// specs (`gaussian:2`), kernel strings and comma lists of them (the rule is on `KernelSpec`).
///
/// Keep one resolver for a whole command line: kernel strings have no name of their own, so they are
/// called `kernel1`, `kernel2`, … in the order the resolver meets them.
public struct KernelSpecResolver: Sendable {
    /// How many kernel strings have been named so far.
    public private(set) var kernelStringCount = 0

    /// A resolver that has not named any kernel string yet.
    public init() {}

    /// The filters `value` names, in order. Throws `BankError` naming the bad piece and what is wrong
    /// (an unknown name with the closest names, a parameter out of range with its range, …).
    public mutating func filters(for value: String) throws -> [NamedFilter] {
        try KernelSpec.parseWritten(value).map { spec, written in
            switch spec {
            case .builtin(let name):
                guard let filter = BuiltinKernels.named(name) else {
                    throw BankError(file: nil, "unknown kernel '\(name)' (see 'filterbank kernels')")
                }
                return filter
            case .parametric(let family, let parameters):
                do {
                    return try family.filter(parameters)
                } catch let error as BankError {
                    throw BankError(file: nil, "'\(written)': \(error.reason)")
                }
            case .kernelString(let text):
                kernelStringCount += 1
                return try BankLoader.parse(kernelString: text, name: "kernel\(kernelStringCount)")
            }
        }
    }
}
