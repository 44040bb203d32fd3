import Essentials

/// One convolution filter with a user-visible name (the feature map's file name).
///
/// `weights` are row-major: `[fh][fw]` for a 2-D kernel, `[fh][fw][in]` for a 3-D one. Any `scale`
/// from the bank file is already multiplied in, so the weights are exactly what the convolution uses
/// (cross-correlation, no flip, as tf.nn.conv2d).
public struct NamedFilter: Sendable, Equatable {
    /// The name the feature map is written under; never empty, never contains `/` or NUL.
    public let name: String
    /// Kernel height (rows).
    public let height: Int
    /// Kernel width (columns).
    public let width: Int
    /// Input channels of a 3-D kernel, or nil for a 2-D kernel usable on any image.
    public let inChannels: Int?
    /// Row-major weights, `height * width * (inChannels ?? 1)` finite values, scale applied.
    public let weights: [Float]
    /// Added to every output value after the sum.
    public let bias: Float

    /// Creates a filter, checking the name, the sizes against the weights, and that every value is finite.
    public init(name: String, height: Int, width: Int, inChannels: Int? = nil, weights: [Float], bias: Float = 0) throws {
        try NamedFilter.validate(name: name, file: nil)
        guard height > 0, width > 0, (inChannels ?? 1) > 0 else {
            throw BankError(file: nil, "filter '\(name)' has an empty kernel (\(height)×\(width)×\(inChannels ?? 1))")
        }
        let (count, overflow) = Tensor.elementCount([height, width, inChannels ?? 1])
        guard !overflow, count == weights.count else {
            throw BankError(file: nil, "filter '\(name)' is \(NamedFilter.describeShape(height, width, inChannels)) but has \(weights.count) weights")
        }
        guard weights.allSatisfy({ $0.isFinite }), bias.isFinite else {
            throw BankError(file: nil, "filter '\(name)' has a NaN or infinite weight or bias")
        }
        self.init(unchecked: name, height: height, width: width, inChannels: inChannels, weights: weights, bias: bias)
    }

    /// For values already validated by the caller (built-ins, loaders).
    init(unchecked name: String, height: Int, width: Int, inChannels: Int?, weights: [Float], bias: Float) {
        self.name = name
        self.height = height
        self.width = width
        self.inChannels = inChannels
        self.weights = weights
        self.bias = bias
    }

    /// The same filter under another name (used to make names in a set unique).
    func renamed(_ newName: String) -> NamedFilter {
        NamedFilter(unchecked: newName, height: height, width: width, inChannels: inChannels, weights: weights, bias: bias)
    }

    /// `3×3` or `3×3×16`, for messages.
    public var shapeDescription: String { NamedFilter.describeShape(height, width, inChannels) }

    static func describeShape(_ height: Int, _ width: Int, _ inChannels: Int?) -> String {
        inChannels.map { "\(height)×\(width)×\($0)" } ?? "\(height)×\(width)"
    }

    /// Names become file names, so anything that could escape the output folder is refused.
    static func validate(name: String, file: String?) throws {
        guard !name.isEmpty else { throw BankError(file: file, "a filter has an empty name") }
        guard name != ".", name != "..", !name.contains("/"), !name.contains("\0") else {
            throw BankError(file: file, "filter name '\(name)' cannot be used as a file name (no '/', NUL, '.' or '..')")
        }
        guard name.utf8.count <= 200 else {
            throw BankError(file: file, "filter name '\(name.prefix(40))…' is longer than 200 bytes")
        }
    }
}

