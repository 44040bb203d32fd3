import ArgumentParser

/// `filterbank show-bank` (being built).
struct ShowBankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show-bank", abstract: "Not built yet.")

    func run() throws {
        throw UsageError("'show-bank' is not built yet")
    }
}
