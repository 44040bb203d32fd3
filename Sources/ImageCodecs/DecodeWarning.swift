/// Something wrong with a file that did not stop its decoding, kept on the decoded image for reports.
public struct DecodeWarning: Sendable, Equatable, CustomStringConvertible {
    /// What was affected.
    public enum Kind: String, Sendable, CaseIterable {
        /// A metadata block was malformed or inconsistent and was not used (the pixels are unaffected).
        case metadata
    }

    /// What was affected.
    public var kind: Kind
    /// What is wrong, in the library's words where it gave any.
    public var message: String

    /// A warning.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// "<kind>: <message>".
    public var description: String { "\(kind.rawValue): \(message)" }
}
