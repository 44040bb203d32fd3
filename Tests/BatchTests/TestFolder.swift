import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A fresh temporary folder for one test, with helpers to lay out files.
struct TestFolder {
    let path: String

    init(_ label: String) throws {
        path = FileManager.default.temporaryDirectory.path + "/filterbank-batch-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Creates `relative` (and its parent folders) holding `bytes`.
    @discardableResult
    func file(_ relative: String, _ bytes: [UInt8] = [1, 2, 3]) throws -> String {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    /// Creates folder `relative`.
    @discardableResult
    func folder(_ relative: String) throws -> String {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        return full
    }

    /// Names in `relative`, sorted.
    func names(_ relative: String = "") throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: relative.isEmpty ? path : path + "/" + relative).sorted()
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
