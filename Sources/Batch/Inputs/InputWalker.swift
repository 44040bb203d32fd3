#if canImport(Glibc)
import Glibc
#endif
import Essentials

/// Finds the images among INPUT arguments: files given directly are taken whatever their extension
/// (they are decoded by content); folders contribute files whose extension is png, jpg or jpeg (any case).
/// Walking never follows a symbolic link to a folder, so a link loop cannot hang a run, and folders in
/// `excluding` (the output folder) are never entered.
struct InputWalker {
    /// Extensions picked up inside folders, lower case.
    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg"]

    /// What a walk found.
    struct Result: Sendable {
        /// Images to process, in argument order then byte order of their relative paths.
        var images: [InputItem] = []
        /// Files seen but not processed.
        var skipped: [SkippedFile] = []
    }

    /// An INPUT argument that cannot be used; a configuration error found before any work.
    struct InputError: Error, CustomStringConvertible {
        /// What is wrong, naming the path.
        let description: String
    }

    /// Walk sub-folders too.
    var recursive: Bool
    /// Folders never read (compared by device and inode, so any spelling of the path matches).
    private var excludedFolders: Set<FileIdentity>

    /// A walker; `excluding` lists folders (such as the output folder) that must not be read.
    init(recursive: Bool, excluding: [String] = []) {
        self.recursive = recursive
        self.excludedFolders = Set(excluding.compactMap { FileIdentity(path: $0, followLinks: true) })
    }

    /// Checks that every argument exists, then lists the images they hold.
    func collect(_ arguments: [String]) throws -> Result {
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
    static func fileName(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return trimmed.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? String(trimmed)
    }

    /// The extension after the last dot of the file name, or "" (a leading dot alone is not one).
    static func fileExtension(of name: String) -> String {
        let file = fileName(of: name)
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return "" }
        return String(file[file.index(after: dot)...])
    }

    /// `folder/name` without doubling a trailing slash.
    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
