import ArgumentParser

/// `filterbank decode` (being built).
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "decode", abstract: "Not built yet.")

    func run() throws {
        throw UsageError("'decode' is not built yet")
    }
}
