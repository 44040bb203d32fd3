/// Output size and padding of a convolution along one spatial axis, computed as TensorFlow does.
public struct AxisGeometry: Equatable, Sendable {
    /// Output length.
    public let output: Int
    /// Zero pixels before the input (top or left).
    public let padBefore: Int
    /// Zero pixels after the input (bottom or right).
    public let padAfter: Int
}
