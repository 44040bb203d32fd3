/// Why a tensor or array could not be made: the message names the shape and the count that disagree.
public enum TensorError: Error, Equatable, CustomStringConvertible {
    /// A shape that does not fit the data, or is not usable as given.
    case invalidShape(String)

    /// The human-readable reason.
    public var description: String {
        switch self {
        case .invalidShape(let message): return message
        }
    }
}
