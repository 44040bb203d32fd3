/// A file that could not be read, decoded, encoded or written; the message names the file.
public struct ImageCodecError: Error, Equatable, CustomStringConvertible {
    /// Which step failed.
    public enum Stage: String, Sendable {
        case read, decode, encode, write
    }
    /// The file concerned.
    public var file: String
    /// Which step failed.
    public var stage: Stage
    /// What is wrong, in the library's words where it gave any.
    public var message: String

    /// Creates an error.
    public init(file: String, stage: Stage, message: String) {
        self.file = file
        self.stage = stage
        self.message = message
    }

    /// "<file>: <stage> failed: <message>".
    public var description: String { "\(file): \(stage.rawValue) failed: \(message)" }
}
