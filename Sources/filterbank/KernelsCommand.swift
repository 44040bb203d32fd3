import ArgumentParser

/// `filterbank kernels` (being built).
struct KernelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kernels", abstract: "Not built yet.")

    func run() throws {
        throw UsageError("'kernels' is not built yet")
    }
}
