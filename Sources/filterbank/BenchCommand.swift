import ArgumentParser

/// `filterbank bench` (being built).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Not built yet.")

    func run() throws {
        throw UsageError("'bench' is not built yet")
    }
}
