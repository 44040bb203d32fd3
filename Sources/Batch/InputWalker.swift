#if canImport(Glibc)
import Glibc
#endif
import Essentials

/// Finds the images among INPUT arguments: files given directly are taken whatever their extension
/// (they are decoded by content); folders contribute files whose extension is png, jpg or jpeg (any case).
/// Walking never follows a symbolic link to a folder, so a link loop cannot hang a run, and folders in
/// `excluding` (the output folder) are never entered.
public struct InputWalker {
    /// Extensions picked up inside folders, lower case.
    public static let imageExtensions: Set<String> = ["png", "jpg", "jpeg"]

    /// What a walk found.
    public struct Result: Sendable {
        /// Images to process, in argument order then byte order of their relative paths.
        public var images: [InputItem] = []
        /// Files seen but not processed.
        public var skipped: [SkippedFile] = []
    }

    /// An INPUT argument that cannot be used; a configuration error found before any work.
    public struct InputError: Error, CustomStringConvertible {
        /// What is wrong, naming the path.
        public let description: String
    }

    /// Walk sub-folders too.
    public var recursive: Bool
    /// Folders never read (compared by device and inode, so any spelling of the path matches).
    private var excludedFolders: Set<FileIdentity>

    /// A walker; `excluding` lists folders (such as the output folder) that must not be read.
    public init(recursive: Bool, excluding: [String] = []) {
        self.recursive = recursive
        self.excludedFolders = Set(excluding.compactMap { FileIdentity(path: $0, followLinks: true) })
    }

    /// Checks that every argument exists, then lists the images they hold.
    public func collect(_ arguments: [String]) throws -> Result {
        for argument in arguments where FileIdentity(path: argument, followLinks: true) == nil {
            throw InputError(description: "input \(argument) does not exist or cannot be read")
        }
        var result = Result()
        for (index, argument) in arguments.enumerated() {
            if FileIdentity.isDirectory(argument) {
                var visited = Set<FileIdentity>()
                walk(folder: argument, relative: "", argumentIndex: index, visited: &visited, into: &result)
            } else {
                result.images.append(InputItem(path: argument, relativePath: Self.fileName(of: argument), argumentIndex: index))
            }
        }
        return result
    }

    private func walk(folder: String, relative: String, argumentIndex: Int, visited: inout Set<FileIdentity>, into result: inout Result) {
        guard let identity = FileIdentity(path: folder, followLinks: true), !excludedFolders.contains(identity),
              visited.insert(identity).inserted else { return }
        let entries: [DirectoryEntry]
        do {
            entries = try DirectoryEntry.list(folder)
        } catch {
            result.skipped.append(SkippedFile(path: folder, reason: "\(error)"))
            return
        }
        for entry in entries {
            let path = Self.join(folder, entry.name)
            let relativePath = relative.isEmpty ? entry.name : relative + "/" + entry.name
            switch entry.kind {
            case .folder:
                if recursive { walk(folder: path, relative: relativePath, argumentIndex: argumentIndex, visited: &visited, into: &result) }
            case .linkToFolder, .other:
                continue
            case .unreadableName(let shown):
                result.skipped.append(SkippedFile(path: Self.join(folder, shown), reason: "file name is not valid UTF-8; rename it to process it"))
            case .file:
                if entry.name.contains(AtomicFile.temporaryMarker) { continue }
                if Self.imageExtensions.contains(Self.fileExtension(of: entry.name).lowercased()) {
                    result.images.append(InputItem(path: path, relativePath: relativePath, argumentIndex: argumentIndex))
                } else {
                    result.skipped.append(SkippedFile(path: path, reason: "not a .png, .jpg or .jpeg file"))
                }
            }
        }
    }

    /// The last path component ("a/b.jpg" → "b.jpg"), ignoring trailing slashes.
    public static func fileName(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return trimmed.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? String(trimmed)
    }

    /// The extension after the last dot of the file name, or "" (a leading dot alone is not one).
    public static func fileExtension(of name: String) -> String {
        let file = fileName(of: name)
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return "" }
        return String(file[file.index(after: dot)...])
    }

    /// `folder/name` without doubling a trailing slash.
    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}

/// A file's device and inode: the same folder however its path is spelled.
struct FileIdentity: Hashable, Sendable {
    let device: UInt64
    let inode: UInt64

    init?(path: String, followLinks: Bool) {
        var info = stat()
        let status = followLinks ? stat(path, &info) : lstat(path, &info)
        guard status == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}

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
