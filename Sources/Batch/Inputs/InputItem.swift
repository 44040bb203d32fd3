/// One image file found among the INPUT arguments, with the names the run derives from it.
public struct InputItem: Equatable, Sendable {
    /// Path to open, as given or as found while walking (relative paths stay relative to the working folder).
    public let path: String
    /// Path relative to the INPUT folder it came from (the file name for a file given directly).
    /// Output folders and shard assignment are derived from it, so it never depends on the machine.
    public let relativePath: String
    /// Index of the INPUT argument it came from, which orders and disambiguates inputs.
    public let argumentIndex: Int

    /// Creates an item.
    public init(path: String, relativePath: String, argumentIndex: Int) {
        self.path = path
        self.relativePath = relativePath
        self.argumentIndex = argumentIndex
    }
}

/// A file seen in an input folder but not processed, and why.
public struct SkippedFile: Equatable, Sendable {
    /// The file's path.
    public let path: String
    /// Why it was not processed (not an image extension, a name that is not UTF-8, …).
    public let reason: String

    /// Creates a record.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}
