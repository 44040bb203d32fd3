import Essentials
import Foundation

/// Where a job writes: checked at plan time (so an unwritable destination stops the job before hours
/// of work), created at run time.
enum OutputDestination {
    /// Throws unless `folder` exists as a writable folder or could be created: the nearest existing
    /// ancestor must be a folder that accepts a new file (a permission check alone would not stop root
    /// on a read-only mount). Nothing is left behind.
    static func check(folder: String) throws {
        if let problem = creatable(folder) { throw FilterJobError("cannot create output folder \(folder): \(problem)") }
    }

    /// Throws unless the report's folder exists and accepts files, or could be created (it may lie
    /// inside the output folder, which the run creates).
    static func check(report path: String) throws {
        let folder = PathName.parent(of: path)
        if let problem = creatable(folder.isEmpty ? "." : folder) { throw FilterJobError("cannot write the report \(path): \(problem)") }
    }

    /// Why `folder` could not be used for new files, or nil.
    private static func creatable(_ folder: String) -> String? {
        var existing = folder.isEmpty ? "." : folder
        var isFolder: ObjCBool = false
        // Climbs to "." or "/" at the latest, which exist.
        while !FileManager.default.fileExists(atPath: existing, isDirectory: &isFolder) {
            let parent = PathName.parent(of: existing)
            existing = parent.isEmpty ? "." : parent
        }
        guard isFolder.boolValue else { return "\(existing) is a file, not a folder" }
        guard let problem = probeWrite(folder: existing) else { return nil }
        return "\(existing) is not writable: \(problem)"
    }

    /// Creates `folder` (with its parents) and removes leftovers of killed runs directly inside it;
    /// returns the system's reason when it cannot be created.
    static func prepare(folder: String) -> String? {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            return "cannot create output folder \(folder): \(reason(error))"
        }
        LeftoverCleanup.clean(folder: folder)
        return nil
    }

    /// Creates and removes a temporary-marked file in `folder` (a run killed in between leaves a name the
    /// next run cleans up); the system's reason on failure.
    static func probeWrite(folder: String) -> String? {
        let probe = AtomicFile.temporaryPath(for: folder + "/write-check")
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        close(fd)
        unlink(probe)
        return nil
    }

    /// The POSIX reason behind a Foundation file error, or its description.
    static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}
