/// Path text without touching the file system. Foundation's `NSString.deletingLastPathComponent`
/// traps on a one-character path ("o") in this toolchain, so folder names are derived here instead.
public enum PathName {
    /// The folder part of `path`: "a/b/c" → "a/b", "/x" → "/", "name" → "" (trailing slashes ignored).
    public static func parent(of path: String) -> String {
        var text = Substring(path)
        while text.count > 1 && text.hasSuffix("/") { text = text.dropLast() }
        guard let slash = text.lastIndex(of: "/") else { return "" }
        var folder = text[..<slash]
        while folder.count > 1 && folder.hasSuffix("/") { folder = folder.dropLast() }
        return folder.isEmpty ? "/" : String(folder)
    }
}
