/// Why a filter bank, kernel string or filter set cannot be used; the message names the file (when there
/// is one) and what is wrong, so the CLI can print it as is.
public struct BankError: Error, Equatable, CustomStringConvertible {
    /// The bank file the problem was found in, or nil for a kernel given inline or a filter set.
    public let file: String?
    /// What is wrong, in words a user can act on.
    public let reason: String

    /// Creates an error for `file` (nil when there is no file).
    public init(file: String?, _ reason: String) {
        self.file = file
        self.reason = reason
    }

    /// `file: reason`, or just the reason when there is no file.
    public var description: String {
        if let file { return "\(file): \(reason)" }
        return reason
    }
}
