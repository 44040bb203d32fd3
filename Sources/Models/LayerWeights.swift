import Convolution

/// A layer's weights checked against its config and laid out for the forward pass.
enum LayerWeights: Sendable {
    case none
    case conv(FilterBank)
    case depthwise(DepthwiseFilter, bias: [Float]?)
    case separable(DepthwiseFilter, pointwise: FilterBank)
    /// Per channel: y = x·scale + shift, folded from γ, β, μ, σ², ε as Keras computes it.
    case batchNorm(scale: [Float], shift: [Float])
    /// `[inputs, units]` row-major.
    case dense(kernel: [Float], inputs: Int, bias: [Float]?)

    /// The weight roles a layer kind stores, in Keras's creation order (`.keras` numbers them so).
    static func roles(of kind: LayerKind) -> [String] {
        switch kind {
        case .conv(let spec, _, _), .depthwise(let spec, _):
            return spec.useBias ? ["kernel", "bias"] : ["kernel"]
        case .separable(let spec, _, _):
            return ["depthwise_kernel", "pointwise_kernel"] + (spec.useBias ? ["bias"] : [])
        case .batchNorm(_, let center, let scale):
            return (scale ? ["gamma"] : []) + (center ? ["beta"] : []) + ["moving_mean", "moving_variance"]
        case .dense(_, let useBias, _):
            return useBias ? ["kernel", "bias"] : ["kernel"]
        default:
            return []
        }
    }

    /// Checks every stored shape against the config and builds the prepared weights.
    init(kind: LayerKind, layer: String, stored: [String: (shape: [Int], values: [Float])]) throws {
        func get(_ role: String, rank: Int) throws -> (shape: [Int], values: [Float]) {
            guard let weight = stored[role] else { throw ModelFault("layer '\(layer)': weight '\(role)' is missing") }
            guard weight.shape.count == rank else {
                throw ModelFault("layer '\(layer)': weight '\(role)' has shape \(weight.shape), expected rank \(rank)")
            }
            guard weight.values.allSatisfy({ $0.isFinite }) else { throw ModelFault("layer '\(layer)': weight '\(role)' holds NaN or infinity") }
            return weight
        }
        func bias(_ count: Int, _ use: Bool) throws -> [Float]? {
            guard use else { return nil }
            let b = try get("bias", rank: 1)
            guard b.shape == [count] else { throw ModelFault("layer '\(layer)': bias has shape \(b.shape), expected [\(count)]") }
            return b.values
        }
        func kernelSize(_ shape: [Int], _ spec: ConvolutionSpec, _ role: String) throws {
            guard shape[0] == spec.kernel.height, shape[1] == spec.kernel.width else {
                throw ModelFault("layer '\(layer)': \(role) has shape \(shape) but kernel_size is \(spec.kernel.height)×\(spec.kernel.width)")
            }
        }
        do {
            switch kind {
            case .conv(let spec, let filters, let groups):
                let k = try get("kernel", rank: 4)
                try kernelSize(k.shape, spec, "kernel")
                guard k.shape[3] == filters, filters % groups == 0 else {
                    throw ModelFault("layer '\(layer)': kernel has shape \(k.shape) but filters is \(filters)")
                }
                self = .conv(try FilterBank(height: k.shape[0], width: k.shape[1], inChannels: k.shape[2], outChannels: filters,
                                            weights: k.values, bias: try bias(filters, spec.useBias)))
            case .depthwise(let spec, let multiplier):
                let k = try get("kernel", rank: 4)
                try kernelSize(k.shape, spec, "kernel")
                guard k.shape[3] == multiplier else {
                    throw ModelFault("layer '\(layer)': kernel has shape \(k.shape) but depth_multiplier is \(multiplier)")
                }
                self = .depthwise(try DepthwiseFilter(height: k.shape[0], width: k.shape[1], channels: k.shape[2], multiplier: multiplier,
                                                      weights: k.values), bias: try bias(k.shape[2] * multiplier, spec.useBias))
            case .separable(let spec, let multiplier, let filters):
                let d = try get("depthwise_kernel", rank: 4), p = try get("pointwise_kernel", rank: 4)
                try kernelSize(d.shape, spec, "depthwise_kernel")
                guard d.shape[3] == multiplier, p.shape == [1, 1, d.shape[2] * multiplier, filters] else {
                    throw ModelFault("layer '\(layer)': depthwise kernel \(d.shape) and pointwise kernel \(p.shape) do not fit depth_multiplier \(multiplier), filters \(filters)")
                }
                self = .separable(try DepthwiseFilter(height: d.shape[0], width: d.shape[1], channels: d.shape[2], multiplier: multiplier, weights: d.values),
                                  pointwise: try FilterBank(height: 1, width: 1, inChannels: p.shape[2], outChannels: filters,
                                                            weights: p.values, bias: try bias(filters, spec.useBias)))
            case .batchNorm(let epsilon, let center, let scale):
                let mean = try get("moving_mean", rank: 1), variance = try get("moving_variance", rank: 1)
                let channels = mean.shape[0]
                let gamma = scale ? try get("gamma", rank: 1) : (shape: [channels], values: [Float](repeating: 1, count: channels))
                let beta = center ? try get("beta", rank: 1) : (shape: [channels], values: [Float](repeating: 0, count: channels))
                guard [variance.shape, gamma.shape, beta.shape].allSatisfy({ $0 == [channels] }) else {
                    throw ModelFault("layer '\(layer)': gamma, beta, moving_mean and moving_variance differ in length")
                }
                var factor = [Float](repeating: 0, count: channels), shift = factor
                for c in 0..<channels {
                    // Keras: inv = rsqrt(σ² + ε)·γ; y = x·inv + (β − μ·inv).
                    let inv = 1 / (variance.values[c] + epsilon).squareRoot() * gamma.values[c]
                    factor[c] = inv
                    shift[c] = beta.values[c] - mean.values[c] * inv
                }
                self = .batchNorm(scale: factor, shift: shift)
            case .dense(let units, let useBias, _):
                let k = try get("kernel", rank: 2)
                guard k.shape[1] == units, k.shape[0] >= 1 else {
                    throw ModelFault("layer '\(layer)': kernel has shape \(k.shape) but units is \(units)")
                }
                self = .dense(kernel: k.values, inputs: k.shape[0], bias: try bias(units, useBias))
            default:
                self = .none
            }
        } catch let error as ConvolutionError {
            throw ModelFault("layer '\(layer)': \(error)")
        }
    }
}
