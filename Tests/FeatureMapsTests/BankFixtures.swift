import Foundation

/// Paths of the committed bank fixtures and scratch files for malformed inputs.
enum BankFixtures {
    /// `Fixtures/banks/` in the repository.
    static let folder: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/banks").path

    /// A fixture path: `path("edges.json")`, `path("test/k2d-3x3.npy")`.
    static func path(_ name: String) -> String { folder + "/" + name }

    /// Writes `contents` to a fresh temporary file called `name` and returns its path.
    static func scratch(_ name: String, _ contents: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("filterbank-banks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(contents.utf8).write(to: url)
        return url.path
    }
}
