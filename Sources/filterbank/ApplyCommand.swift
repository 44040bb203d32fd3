import ArgumentParser

/// `filterbank apply` (being built).
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "apply", abstract: "Not built yet.")

    func run() throws {
        throw UsageError("'apply' is not built yet")
    }
}
