/// Which positions are added around the input, as in tf.nn.conv2d; `Border` says what they hold.
public enum Padding: Equatable, Sendable {
    /// No padding: only windows that fit inside the input; out = ceil((in − eff + 1) / s).
    case valid
    /// Padding so that out = ceil(in / s); total = max(0, (out − 1)·s + eff − in), with
    /// total/2 (rounded down) before and the odd pixel after (bottom/right), as TensorFlow places it.
    case same
    /// Explicit padding in pixels, each ≥ 0.
    case explicit(top: Int, bottom: Int, left: Int, right: Int)
}
