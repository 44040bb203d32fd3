#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Essentials

/// An elementwise activation with Keras's inference formula (the `activation=` strings and the
/// ReLU, LeakyReLU and ELU layers); softmax, which needs a whole row, is handled by the layer step.
enum ActivationFunction: Equatable, Sendable {
    case linear
    /// Keras ReLU with its options: (x > θ ? x : 0) (or relu/relu6 when θ = 0), clipped to
    /// [0, max] when a maximum is given, minus slope·max(θ − x, 0).
    case relu(maxValue: Float?, negativeSlope: Float, threshold: Float)
    /// x ≥ 0 ? x : slope·x.
    case leakyRelu(Float)
    /// x > 0 ? x : α·(eˣ − 1).
    case elu(Float)
    /// λ·elu(x, α) with Keras's constants.
    case selu
    /// 1 / (1 + e⁻ˣ).
    case sigmoid
    /// Keras 3: relu6(x + 3)/6; Keras 2: clip(0.2·x + 0.5, 0, 1).
    case hardSigmoid(keras2: Bool)
    case tanh
    /// log(1 + eˣ), computed without overflow.
    case softplus
    /// x / (1 + |x|).
    case softsign
    /// x·sigmoid(x) (swish, silu).
    case swish
    /// Exact 0.5·x·(1 + erf(x/√2)), or the tanh approximation 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))).
    case gelu(approximate: Bool)

    /// The function a Keras `activation` value names (a string, or a serialised function object),
    /// `softmax` as nil (a row operation), or a fault naming the unknown value.
    static func named(_ value: ConfigValue?, kerasMajor: Int, layer: String) throws -> ActivationFunction? {
        var name = value?.string
        if name == nil, let object = value, object["config"]?.string != nil { name = object["config"]?.string }
        if name == nil, value == nil || value!.isNull { name = "linear" }
        guard let name else { throw ModelFault("layer '\(layer)': an activation that is not a built-in name is not supported") }
        switch name {
        case "linear": return .linear
        case "relu": return .relu(maxValue: nil, negativeSlope: 0, threshold: 0)
        case "relu6": return .relu(maxValue: 6, negativeSlope: 0, threshold: 0)
        case "sigmoid": return .sigmoid
        case "hard_sigmoid": return .hardSigmoid(keras2: kerasMajor < 3)
        case "tanh": return .tanh
        case "elu": return .elu(1)
        case "selu": return .selu
        case "softplus": return .softplus
        case "softsign": return .softsign
        case "swish", "silu": return .swish
        case "gelu": return .gelu(approximate: false)
        case "softmax": return nil
        default:
            throw ModelFault("layer '\(layer)': activation '\(name)' is not supported (linear, relu, relu6, sigmoid, hard_sigmoid, tanh, elu, selu, softplus, softsign, swish/silu, gelu, softmax)")
        }
    }

    /// f(x) for one value.
    @inline(__always)
    func callAsFunction(_ x: Float) -> Float {
        switch self {
        case .linear: return x
        case .relu(let maxValue, let slope, let threshold):
            var y: Float
            var clip = maxValue
            if threshold != 0 { y = x > threshold ? x : 0 }
            else if maxValue == 6 { y = Swift.min(Swift.max(x, 0), 6); clip = nil }
            else { y = Swift.max(x, 0) }
            if let clip { y = Swift.min(Swift.max(y, 0), clip) }
            if slope != 0 { y -= slope * Swift.max(threshold - x, 0) }
            return y
        case .leakyRelu(let slope): return x >= 0 ? x : slope * x
        case .elu(let alpha): return x > 0 ? x : alpha * expm1f(x)
        case .selu:
            return 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * expm1f(x))
        case .sigmoid: return 1 / (1 + expf(-x))
        case .hardSigmoid(let keras2):
            return keras2 ? Swift.min(Swift.max(0.2 * x + 0.5, 0), 1) : Swift.min(Swift.max(x + 3, 0), 6) / 6
        case .tanh: return tanhf(x)
        case .softplus: return x > 0 ? x + log1pf(expf(-x)) : log1pf(expf(x))
        case .softsign: return x / (1 + Swift.abs(x))
        case .swish: return x / (1 + expf(-x))
        case .gelu(let approximate):
            if approximate {
                return 0.5 * x * (1 + tanhf(0.7978845608028654 * (x + 0.044715 * x * x * x)))
            }
            return 0.5 * x * (1 + erff(x * 0.7071067811865476))
        }
    }

    /// Applies the function to every value in place (a copy is made first only if another array
    /// shares the storage), on every core for large arrays.
    func apply(_ values: inout [Float]) {
        if self == .linear { return }
        ElementwiseOps.forBlocks(&values, width: 1) { block, _ in run(block) }
    }

    /// f of every value of `block`, in place; the common cases get their own loop (comparisons, not
    /// Swift.max, whose NaN rules keep the loop scalar) so they vectorise.
    private func run(_ block: UnsafeMutableBufferPointer<Float>) {
        switch self {
        case .linear: return
        case .relu(nil, 0, 0):
            for i in block.indices { let v = block[i]; block[i] = v < 0 ? 0 : v }
        case .relu(6, 0, 0):
            for i in block.indices { let v = block[i], r = v < 0 ? 0 : v; block[i] = r > 6 ? 6 : r }
        default:
            for i in block.indices { block[i] = self(block[i]) }
        }
    }
}
