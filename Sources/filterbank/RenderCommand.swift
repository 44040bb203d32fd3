import ArgumentParser

/// `filterbank render` (being built).
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render", abstract: "Not built yet.")

    func run() throws {
        throw UsageError("'render' is not built yet")
    }
}
