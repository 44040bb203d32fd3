/// A file seen in an input folder but not processed, and why.
public struct SkippedFile: Equatable, Sendable {
    /// The file's path.
    public let path: String
    /// Why it was not processed (not an image extension, a name that is not UTF-8, …).
    public let reason: String
}
