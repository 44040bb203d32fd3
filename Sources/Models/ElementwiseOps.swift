#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Essentials

/// Per-channel affine maps (BatchNormalization, Rescaling), the merge layers and softmax.
enum ElementwiseOps {
    /// y = x·scale[c] + shift[c] over the last axis; one-element lists broadcast. Written over the
    /// input's own storage when nothing else holds it.
    static func affine(_ input: consuming ModelArray, scale: [Float], shift: [Float], layer: String) throws -> ModelArray {
        let c = input.last
        for list in [scale, shift] where list.count != 1 && list.count != c {
            throw ModelFault("layer '\(layer)': \(list.count) per-channel values for an input with \(c) channels (shape \(input.shape))")
        }
        guard c > 0, !input.values.isEmpty else { return input }
        let s = scale.count == 1 ? [Float](repeating: scale[0], count: c) : scale
        let t = shift.count == 1 ? [Float](repeating: shift[0], count: c) : shift
        s.withUnsafeBufferPointer { sp in
            t.withUnsafeBufferPointer { tp in
                let factors = UncheckedSendable(sp.baseAddress!), offsets = UncheckedSendable(tp.baseAddress!)
                forBlocks(&input.values, width: c) { block, _ in
                    let (f, o) = (factors.value, offsets.value)
                    for start in stride(from: 0, to: block.count, by: c) {
                        let row = block.baseAddress! + start
                        for k in 0..<c { row[k] = row[k] * f[k] + o[k] }
                    }
                }
            }
        }
        return input
    }

    /// Add, Subtract (exactly two inputs), Multiply, Average, Maximum, Minimum of same-shaped inputs,
    /// accumulated over the first input's storage when nothing else holds it.
    static func merge(_ inputs: consuming [ModelArray], _ operation: MergeOperation, layer: String) throws -> ModelArray {
        guard inputs.count >= (operation == .subtract ? 2 : 1), operation != .subtract || inputs.count == 2 else {
            throw ModelFault("layer '\(layer)': \(operation.rawValue) needs \(operation == .subtract ? "exactly 2" : "at least 1") inputs, got \(inputs.count)")
        }
        for index in inputs.indices.dropFirst() where inputs[index].shape != inputs[0].shape {
            throw ModelFault("layer '\(layer)': inputs of shapes \(inputs[0].shape) and \(inputs[index].shape) cannot be merged")
        }
        let divisor = Float(inputs.count)
        var output = inputs.removeFirst()
        guard !output.values.isEmpty else { return output }
        for index in inputs.indices {
            inputs[index].values.withUnsafeBufferPointer { source in
                let b = UncheckedSendable(source.baseAddress!)
                forBlocks(&output.values, width: 1) { a, start in
                    let y = b.value + start
                    switch operation {
                    case .add, .average: for i in 0..<a.count { a[i] += y[i] }
                    case .subtract: for i in 0..<a.count { a[i] -= y[i] }
                    case .multiply: for i in 0..<a.count { a[i] *= y[i] }
                    case .maximum: for i in 0..<a.count { a[i] = max(a[i], y[i]) }
                    case .minimum: for i in 0..<a.count { a[i] = min(a[i], y[i]) }
                    }
                }
            }
        }
        if operation == .average {
            forBlocks(&output.values, width: 1) { a, _ in
                for i in 0..<a.count { a[i] /= divisor }
            }
        }
        return output
    }

    /// `body(block, offset)` over consecutive blocks of `values` (whole rows of `width` values, about
    /// 64 K values each), in place, on every core when there are several blocks.
    static func forBlocks(_ values: inout [Float], width: Int,
                          _ body: (_ block: UnsafeMutableBufferPointer<Float>, _ offset: Int) -> Void) {
        let count = values.count
        guard count > 0, width > 0 else { return }
        let block = max(1, (1 << 16) / width) * width
        values.withUnsafeMutableBufferPointer { buffer in
            let base = UncheckedSendable(buffer.baseAddress!)
            ParallelWork.run((count + block - 1) / block) { item in
                let start = item * block
                body(UnsafeMutableBufferPointer(start: base.value + start, count: min(block, count - start)), start)
            }
        }
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
