#if canImport(Glibc)
import Glibc
#endif
import Essentials

/// Removes the temporary files a killed run left behind: any name in a folder containing
/// `AtomicFile.temporaryMarker`. Runs call it on each output folder before writing there, so
/// leftovers disappear from every folder the next run touches.
enum LeftoverCleanup {
    /// Deletes leftovers directly inside `folder` (not below it) and returns how many were removed.
    /// A folder that does not exist or cannot be read has nothing to clean.
    @discardableResult
    static func clean(folder: String) -> Int {
        guard let entries = try? DirectoryEntry.list(folder) else { return 0 }
        var removed = 0
        for entry in entries where entry.kind == .file && entry.name.contains(AtomicFile.temporaryMarker) {
            if unlink(InputWalker.join(folder, entry.name)) == 0 { removed += 1 }
        }
        return removed
    }
}
