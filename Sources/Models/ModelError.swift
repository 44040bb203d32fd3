/// Why a model file cannot be read or run; the message names the file (and the layer when there is
/// one) and what is wrong, so the CLI can print it as is.
public struct ModelError: Error, Equatable, CustomStringConvertible {
    /// The model file.
    public let file: String
    /// What is wrong, in words a user can act on.
    public let reason: String

    /// Creates an error for `file`.
    public init(file: String, _ reason: String) {
        self.file = file
        self.reason = reason
    }

    /// `file: reason`.
    public var description: String { "\(file): \(reason)" }
}

/// A problem found while reading config or weights, before the file name is attached.
struct ModelFault: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
