import Foundation

/// Runs the built `filterbank` binary the way a user or script would, for end-to-end tests.
/// `Scripts/test` runs `swift build --build-tests` first, which places the binary beside the test bundle.
enum CLI {
    /// What one run printed and returned.
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The repository root, found from this file's location.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Fixtures/` in the repository.
    static let fixtures = repositoryRoot.appendingPathComponent("Fixtures")

    /// An executable of the package (`filterbank` by default) next to the running test bundle.
    static func binary(_ name: String = "filterbank") -> URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // Inside an .xctest bundle directory on some platforms the executable sits deeper.
        while folder.path != "/" && !FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent(name)
    }

    /// Runs `filterbank args…` (or another executable of the package) with an optional working
    /// directory and extra environment.
    @discardableResult
    static func run(_ arguments: [String], executable: String = "filterbank", in directory: URL? = nil,
                    environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = binary(executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("SLURM_") || key.hasPrefix("JOB_COMPLETION") { env[key] = nil }
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes concurrently so a chatty child cannot block on a full pipe.
        let errData = LockedData()
        let reader = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errData.isSet { usleep(1000) }
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData.value, as: UTF8.self))
    }

    /// A fresh empty folder under the system temporary directory.
    static func temporaryDirectory(_ label: String = "cli") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("filterbank-tests-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Data handed from the stderr reader thread.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var done = false
    func set(_ value: Data) { lock.lock(); data = value; done = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return done }
    var value: Data { lock.lock(); defer { lock.unlock() }; return data }
}
