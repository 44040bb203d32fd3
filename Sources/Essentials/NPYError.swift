/// Why a `.npy` file could not be read or written; the message always names the file.
public struct NPYError: Error, Equatable, CustomStringConvertible {
    /// The file (or label) the bytes came from.
    public let file: String
    /// What is wrong with it.
    public let message: String

    /// Creates an error for `file`.
    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    /// "<file>: <message>".
    public var description: String { "\(file): \(message)" }
}
