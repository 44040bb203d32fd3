/// A dense NHWC Float32 tensor: `[batch, height, width, channels]`, row-major and contiguous,
/// the layout tf.nn.conv2d uses by default.
public struct Tensor: Equatable, Sendable {
    /// `[batch, height, width, channels]`.
    public let shape: [Int]
    /// Element storage in NHWC order; `scalars.count == shape.reduce(1, *)`.
    public var scalars: [Float]

    /// Creates a tensor, checking that the data matches a 4-D shape of non-negative sizes.
    public init(shape: [Int], scalars: [Float]) throws {
        if let problem = Tensor.shapeProblem(shape, holding: scalars.count, of: "a tensor", values: "elements") {
            throw TensorError.invalidShape(problem)
        }
        self.shape = shape
        self.scalars = scalars
    }

    /// Why `count` values cannot fill the NHWC `shape` (not 4 non-negative sizes, or another number of
    /// values), or nil when they do; `what` and `values` name the container and its values in the message.
    public static func shapeProblem(_ shape: [Int], holding count: Int, of what: String, values: String) -> String? {
        guard shape.count == 4, shape.allSatisfy({ $0 >= 0 }) else {
            return "\(what) needs 4 non-negative sizes [N,H,W,C], got \(shape)"
        }
        let (needed, overflow) = elementCount(shape)
        guard !overflow, needed == count else {
            return "shape \(shape) holds \(overflow ? "too many" : String(needed)) \(values) but \(count) were given"
        }
        return nil
    }

    /// A zero-filled tensor of the given shape.
    public init(zeros shape: [Int]) throws {
        let (count, overflow) = Tensor.elementCount(shape)
        guard !overflow else { throw TensorError.invalidShape("shape \(shape) is too large") }
        try self.init(shape: shape, scalars: [Float](repeating: 0, count: max(0, count)))
    }

    /// Batch size N.
    public var batch: Int { shape[0] }
    /// Height H.
    public var height: Int { shape[1] }
    /// Width W.
    public var width: Int { shape[2] }
    /// Channel count C.
    public var channels: Int { shape[3] }

    /// The element at (n, y, x, c); for tests and plain reference code, not for hot loops.
    public subscript(n: Int, y: Int, x: Int, c: Int) -> Float {
        get { scalars[((n * height + y) * width + x) * channels + c] }
        set { scalars[((n * height + y) * width + x) * channels + c] = newValue }
    }

    /// Product of the sizes, reporting overflow instead of trapping on hostile headers.
    public static func elementCount(_ shape: [Int]) -> (Int, overflow: Bool) {
        var total = 1
        for size in shape {
            let (product, overflow) = total.multipliedReportingOverflow(by: size)
            if overflow { return (0, true) }
            total = product
        }
        return (total, false)
    }
}
