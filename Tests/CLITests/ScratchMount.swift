import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file system mounted by a test for one fault (a tiny tmpfs that fills up, a read-only view of a
/// folder) and unmounted by the same test: callers `defer { mount.unmount() }` right after mounting, so
/// a failing expectation or a thrown error still unmounts. Mounting needs root (CI runs as root).
struct ScratchMount {
    /// Where the file system is mounted.
    let path: String

    /// Whether this process may mount (root); tests that need a mount are enabled only then.
    static var available: Bool { getuid() == 0 }

    /// A tmpfs of `bytes` at a new folder under `parent`.
    static func tmpfs(bytes: Int, under parent: String) throws -> ScratchMount {
        let path = parent + "/tmpfs"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try command("/bin/mount", ["-t", "tmpfs", "-o", "size=\(bytes),mode=0755", "tmpfs", path])
        return ScratchMount(path: path)
    }

    /// `folder` seen read-only at a new folder under `parent` (a bind mount, remounted read-only: the
    /// kernel then refuses writes with EROFS even to root, which permission bits cannot do).
    static func readOnlyView(of folder: String, under parent: String) throws -> ScratchMount {
        let path = parent + "/read-only"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try command("/bin/mount", ["--bind", folder, path])
        let mount = ScratchMount(path: path)
        do {
            try command("/bin/mount", ["-o", "remount,bind,ro", path])
        } catch {
            mount.unmount()
            throw error
        }
        return mount
    }

    /// Unmounts (lazily, so a file still open somewhere cannot keep the mount alive) and removes the
    /// mount point.
    func unmount() {
        _ = try? Self.command("/bin/umount", ["-l", path])
        rmdir(path)
    }

    /// Runs a system command; throws with its output when it fails.
    @discardableResult
    static func command(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw MountError(description: "\(executable) \(arguments.joined(separator: " ")) failed: \(text)")
        }
        return text
    }

    /// A mount command that failed, with what it printed.
    struct MountError: Error, CustomStringConvertible {
        let description: String
    }
}
