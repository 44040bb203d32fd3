/// Why a file could not be read, written or used; the description always names the file, so a command
/// line can print it as is. `Source` is the reader the file was meant for (`NPYFile`, a model, …): it
/// only tells the kinds apart in a `catch`, so every kind of file error is this one type.
public struct FileError<Source>: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file (or a label for bytes that did not come from a file).
    public let file: String
    /// What is wrong, in words a user can act on.
    public let reason: String

    /// Creates an error for `file`.
    public init(file: String, _ reason: String) {
        self.file = file
        self.reason = reason
    }

    /// "<file>: <reason>".
    public var description: String { "\(file): \(reason)" }
}

/// Why a `.npy` file could not be read or written.
public typealias NPYError = FileError<NPYFile>
