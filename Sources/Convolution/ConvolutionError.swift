import Essentials
/// Why a convolution could not run; the message names the numbers that disagree.
public enum ConvolutionError: Error, Equatable, CustomStringConvertible {
    /// A tensor or filter shape that is not usable as given.
    case invalidShape(String)
    /// Input and filter channel counts that tf.nn.conv2d would reject.
    case channelMismatch(String)
    /// A stride, dilation or padding value out of range.
    case invalidParameter(String)
    /// Geometry that yields an empty output.
    case emptyOutput(String)

    /// The human-readable reason.
    public var description: String {
        switch self {
        case .invalidShape(let m), .channelMismatch(let m), .invalidParameter(let m), .emptyOutput(let m):
            return m
        }
    }

    /// Throws unless every size of a filter `shape` is ≥ 1 and the sizes hold exactly `weights` values.
    static func checkFilterShape(_ shape: [Int], weights: Int, kind: String) throws {
        guard shape.allSatisfy({ $0 > 0 }) else {
            throw invalidShape("\(kind) shape \(shape) must have every size ≥ 1")
        }
        let (count, overflow) = Tensor.elementCount(shape)
        guard !overflow, count == weights else {
            throw invalidShape("\(kind) shape \(shape) needs \(overflow ? "too many" : String(count)) weights, got \(weights)")
        }
    }
}
