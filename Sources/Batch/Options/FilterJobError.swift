/// A problem with the job as a whole, found before any image is touched: a usage or configuration
/// error (exit status 2 on the command line). Nothing has been written when it is thrown.
public struct FilterJobError: Error, Equatable, CustomStringConvertible {
    /// What is wrong, naming the option, file or value, with a hint where one helps.
    public let description: String

    /// An error with its message.
    public init(_ description: String) { self.description = description }
}
