/// The contents of one `.npy` file: a C-order array of any rank, converted to Float32.
public struct NPYArray: Equatable, Sendable {
    /// Sizes, outermost first; `[]` is a scalar (one value).
    public let shape: [Int]
    /// Elements in C (row-major) order; `values.count` is the product of `shape`.
    public let values: [Float]

    /// Creates an array after checking that the values fill the shape exactly.
    public init(shape: [Int], values: [Float]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw NPYError(file: "<array>", "shape \(shape) has a negative size")
        }
        let (count, overflow) = Tensor.elementCount(shape)
        guard !overflow, count == values.count else {
            throw NPYError(
                file: "<array>",
                "shape \(shape) holds \(overflow ? "too many" : String(count)) values but \(values.count) were given")
        }
        self.shape = shape
        self.values = values
    }

    /// Internal initialiser for the decoder, which has already checked the sizes.
    init(checkedShape shape: [Int], values: [Float]) {
        self.shape = shape
        self.values = values
    }

    /// The array as an NHWC tensor. Rank 4 is taken as `[N,H,W,C]`; rank 3 as one `[H,W,C]` image
    /// (`[1,H,W,C]`); rank 2 as one single-channel `[H,W]` image (`[1,H,W,1]`). Other ranks throw.
    public func tensor() throws -> Tensor {
        let nhwc: [Int]
        switch shape.count {
        case 4: nhwc = shape
        case 3: nhwc = [1] + shape
        case 2: nhwc = [1, shape[0], shape[1], 1]
        default:
            throw TensorError.invalidShape("an image tensor needs 2, 3 or 4 dimensions (HW, HWC or NHWC), got shape \(shape)")
        }
        return try Tensor(shape: nhwc, scalars: values)
    }
}
