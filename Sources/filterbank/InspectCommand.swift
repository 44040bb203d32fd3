import ArgumentParser

/// `filterbank inspect` (being built).
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Not built yet.")

    func run() throws {
        throw UsageError("'inspect' is not built yet")
    }
}
