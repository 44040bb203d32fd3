#if canImport(Glibc)
import Glibc
#endif

/// One name read from a folder, classified without following folder links.
struct DirectoryEntry {
    enum Kind: Equatable {
        case file, folder, linkToFolder, other
        /// A name that is not UTF-8 (shown with replacement characters); Swift paths cannot reach it.
        case unreadableName(String)
    }
    let name: String
    let kind: Kind

    /// Entries of `folder` in byte order of their names, "." and ".." left out.
    static func list(_ folder: String) throws -> [DirectoryEntry] {
        guard let directory = opendir(folder) else {
            throw InputWalker.InputError(description: "cannot read folder \(folder): \(String(cString: strerror(errno)))")
        }
        defer { closedir(directory) }
        var entries: [DirectoryEntry] = []
        while let pointer = readdir(directory) {
            let bytes = withUnsafeBytes(of: pointer.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if bytes == [0x2E] || bytes == [0x2E, 0x2E] { continue }
            guard let name = String(validating: bytes, as: UTF8.self) else {
                entries.append(DirectoryEntry(name: String(decoding: bytes, as: UTF8.self), kind: .unreadableName(String(decoding: bytes, as: UTF8.self))))
                continue
            }
            // readdir's type saves a stat per file on large trees; links and unknown types are looked up.
            switch Int32(pointer.pointee.d_type) {
            case Int32(DT_REG): entries.append(DirectoryEntry(name: name, kind: .file))
            case Int32(DT_DIR): entries.append(DirectoryEntry(name: name, kind: .folder))
            default: entries.append(DirectoryEntry(name: name, kind: classify(InputWalker.join(folder, name))))
            }
        }
        return entries.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    private static func classify(_ path: String) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .other }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .folder
        case S_IFREG: return .file
        case S_IFLNK:
            var target = stat()
            guard stat(path, &target) == 0 else { return .other }
            switch target.st_mode & S_IFMT {
            case S_IFDIR: return .linkToFolder
            case S_IFREG: return .file
            default: return .other
            }
        default: return .other
        }
    }
}
