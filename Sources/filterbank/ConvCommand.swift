import ArgumentParser

/// `filterbank conv` (being built).
struct ConvCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "conv", abstract: "Not built yet.")

    func run() throws {
        throw UsageError("'conv' is not built yet")
    }
}
