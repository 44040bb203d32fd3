import Essentials
import Foundation
import ImageCodecs
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Helpers for fault tests.
enum FaultKit {
    /// Starts `copies` identical runs at once, each on its own thread, and waits for all of them.
    static func runTogether(_ copies: Int, _ arguments: [String]) throws -> [CLI.Result] {
        let results = LockedResults()
        let group = DispatchGroup()
        let threads = (0..<copies).map { _ in
            Thread {
                results.append(Result { try CLI.run(arguments) })
                group.leave()
            }
        }
        for thread in threads { group.enter(); thread.start() }
        group.wait()
        return try results.all.map { try $0.get() }
    }

    /// Every file under `folder` is a whole image (or report) under its final name: no temporary of a
    /// write that failed or raced is left, and every PNG/JPEG decodes.
    static func expectWholeImages(under folder: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for file in try ApplyKit.files(folder) {
            #expect(!file.contains(AtomicFile.temporaryMarker), "leftover \(file)", sourceLocation: sourceLocation)
            guard file.hasSuffix(".png") || file.hasSuffix(".jpg") else { continue }
            #expect(throws: Never.self, "\(file)", sourceLocation: sourceLocation) { try ImageDecoder.decode(path: folder + "/" + file) }
        }
    }

    /// The inode number of `path`: an atomic rewrite (a new file renamed into place) changes it.
    static func inode(_ path: String) throws -> UInt64 {
        var info = stat()
        guard stat(path, &info) == 0 else { throw ScratchMount.MountError(description: "cannot stat \(path): \(String(cString: strerror(errno)))") }
        return UInt64(info.st_ino)
    }

    /// Writes `folder/filler` until the file system is full.
    static func fill(_ folder: String) throws {
        let fd = open(folder + "/filler", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw ScratchMount.MountError(description: "cannot fill \(folder): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let block = [UInt8](repeating: 0xAB, count: 4096)
        while block.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
        #expect(errno == ENOSPC)
    }
}

/// Results handed back from the runner threads.
final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<CLI.Result, Error>] = []
    func append(_ result: Result<CLI.Result, Error>) { lock.lock(); results.append(result); lock.unlock() }
    var all: [Result<CLI.Result, Error>] { lock.lock(); defer { lock.unlock() }; return results }
}
