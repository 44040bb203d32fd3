import Essentials

/// A dense C-order Float32 array of any rank whose first axis is the batch: a layer's output
/// (`[N, H, W, C]` for image-like layers, `[N, units]` for Dense, as Keras gives it).
public struct ModelArray: Equatable, Sendable {
    /// Sizes, batch first.
    public let shape: [Int]
    /// Elements in C (row-major) order; `values.count` is the product of `shape`.
    public var values: [Float]

    /// Creates an array after checking that the values fill the shape.
    public init(shape: [Int], values: [Float]) throws {
        let (count, overflow) = Tensor.elementCount(shape)
        guard !shape.isEmpty, shape.allSatisfy({ $0 >= 0 }), !overflow, count == values.count else {
            throw ModelFault("shape \(shape) does not hold \(values.count) values")
        }
        self.shape = shape
        self.values = values
    }

    /// For shapes the caller has computed from `values` itself.
    init(unchecked shape: [Int], _ values: [Float]) {
        self.shape = shape
        self.values = values
    }

    /// An NHWC tensor as an array (no copy: the storage is shared until written).
    public init(_ tensor: Tensor) {
        self.init(unchecked: tensor.shape, tensor.scalars)
    }

    /// The array as an NHWC tensor; only rank-4 arrays are image-like.
    func tensor(for layer: String) throws -> Tensor {
        guard shape.count == 4 else {
            throw ModelFault("layer '\(layer)' needs a 4-D [N,H,W,C] input, got shape \(shape)")
        }
        return try Tensor(shape: shape, scalars: values)
    }

    /// Batch size.
    public var batch: Int { shape[0] }
    /// Size of the last axis (channels or units).
    var last: Int { shape[shape.count - 1] }
}
