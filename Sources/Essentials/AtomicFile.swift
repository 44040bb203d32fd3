#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a final name only ever holds a complete file: bytes go to a temporary name in
/// the destination folder, which is then renamed into place (rename is atomic within one file system).
/// A process killed mid-write leaves only a temporary, recognisable by `temporaryMarker`.
public enum AtomicFile {
    /// Substring every temporary name carries, so later runs can find and remove leftovers.
    public static let temporaryMarker = ".filterbank-partial-"

    /// Why a file could not be written.
    public struct WriteError: Error, CustomStringConvertible {
        /// The destination path.
        public let path: String
        /// What failed, with the system's reason.
        public let reason: String
        /// "cannot write <path>: <reason>".
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Writes `bytes` to `path` atomically.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try bytes.withUnsafeBufferPointer { try write(UnsafeRawBufferPointer($0), to: path) }
    }

    /// Writes raw bytes to `path` atomically.
    public static func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        try write(parts: [bytes], to: path)
    }

    /// Writes `parts` one after another to `path` atomically (a header and a body need not be joined
    /// in memory first).
    public static func write(parts: [UnsafeRawBufferPointer], to path: String) throws {
        // Another run cleaning leftovers in this folder (an identical run at the same moment, a task
        // resubmitted while the first still runs) can delete a temporary while it is being written;
        // the rename then finds nothing and the bytes are written again under a new name.
        for _ in 0..<maxAttempts {
            if try writeOnce(parts, to: path) { return }
        }
        throw WriteError(path: path, reason: "its temporary file was removed \(maxAttempts) times while being written")
    }

    /// Attempts before a write whose temporary keeps disappearing fails.
    static let maxAttempts = 8

    /// One attempt: true when `path` now holds `parts`, false when the temporary vanished before the rename.
    private static func writeOnce(_ parts: [UnsafeRawBufferPointer], to path: String) throws -> Bool {
        let temporary = temporaryPath(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError(path: path, reason: systemError()) }
        for bytes in parts {
            var written = 0
            while written < bytes.count {
                let n = Glibc.write(fd, bytes.baseAddress! + written, bytes.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    let reason = systemError()
                    close(fd)
                    unlink(temporary)
                    throw WriteError(path: path, reason: reason)
                }
                written += n
            }
        }
        guard close(fd) == 0 else {
            let reason = systemError()
            unlink(temporary)
            throw WriteError(path: path, reason: reason)
        }
        guard rename(temporary, path) == 0 else {
            // A missing folder is reported by the next attempt's open.
            if errno == ENOENT { return false }
            let reason = systemError()
            unlink(temporary)
            throw WriteError(path: path, reason: reason)
        }
        return true
    }

    /// A unique temporary name beside `path`: hidden, marked, and distinct per process and call.
    public static func temporaryPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return "\(folder).\(name)\(temporaryMarker)\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    static func systemError() -> String { String(cString: strerror(errno)) }
}
