#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Essentials

/// Per-channel affine maps (BatchNormalization, Rescaling), the merge layers and softmax.
enum ElementwiseOps {
    /// y = x·scale[c] + shift[c] over the last axis; one-element lists broadcast.
    static func affine(_ input: ModelArray, scale: [Float], shift: [Float], layer: String) throws -> ModelArray {
        let c = input.last
        for list in [scale, shift] where list.count != 1 && list.count != c {
            throw ModelFault("layer '\(layer)': \(list.count) per-channel values for an input with \(c) channels (shape \(input.shape))")
        }
        let s = scale.count == 1 ? [Float](repeating: scale[0], count: c) : scale
        let t = shift.count == 1 ? [Float](repeating: shift[0], count: c) : shift
        let count = input.values.count
        let rows = c == 0 ? 0 : count / c
        let output = input.values.withUnsafeBufferPointer { source in
            [Float](unsafeUninitializedCapacity: count) { target, initialized in
                if let from = source.baseAddress, let to = target.baseAddress {
                    let x = UncheckedSendable(from), y = UncheckedSendable(to)
                    let block = max(1, 65536 / max(1, c))
                    ParallelWork.run((rows + block - 1) / block) { item in
                        for r in item * block..<min(rows, item * block + block) {
                            let a = x.value + r * c, b = y.value + r * c
                            for k in 0..<c { b[k] = a[k] * s[k] + t[k] }
                        }
                    }
                }
                initialized = count
            }
        }
        return ModelArray(unchecked: input.shape, output)
    }

    /// Add, Subtract (exactly two inputs), Multiply, Average, Maximum, Minimum of same-shaped inputs.
    static func merge(_ inputs: [ModelArray], _ operation: MergeOperation, layer: String) throws -> ModelArray {
        guard inputs.count >= (operation == .subtract ? 2 : 1), operation != .subtract || inputs.count == 2 else {
            throw ModelFault("layer '\(layer)': \(operation.rawValue) needs \(operation == .subtract ? "exactly 2" : "at least 1") inputs, got \(inputs.count)")
        }
        for other in inputs.dropFirst() where other.shape != inputs[0].shape {
            throw ModelFault("layer '\(layer)': inputs of shapes \(inputs[0].shape) and \(other.shape) cannot be merged")
        }
        var output = inputs[0].values
        for other in inputs.dropFirst() {
            let values = other.values
            switch operation {
            case .add, .average: for i in output.indices { output[i] += values[i] }
            case .subtract: for i in output.indices { output[i] -= values[i] }
            case .multiply: for i in output.indices { output[i] *= values[i] }
            case .maximum: for i in output.indices { output[i] = max(output[i], values[i]) }
            case .minimum: for i in output.indices { output[i] = min(output[i], values[i]) }
            }
        }
        if operation == .average {
            let n = Float(inputs.count)
            for i in output.indices { output[i] /= n }
        }
        return ModelArray(unchecked: inputs[0].shape, output)
    }

    /// Softmax over the last axis: exp(x − max) / Σ exp(x − max).
    static func softmax(_ input: ModelArray) -> ModelArray {
        var output = input.values
        let c = input.last
        guard c > 0 else { return input }
        for start in stride(from: 0, to: output.count, by: c) {
            var largest = -Float.infinity
            for i in start..<start + c { largest = max(largest, output[i]) }
            var sum: Float = 0
            for i in start..<start + c {
                output[i] = expf(output[i] - largest)
                sum += output[i]
            }
            for i in start..<start + c { output[i] /= sum }
        }
        return ModelArray(unchecked: input.shape, output)
    }
}
