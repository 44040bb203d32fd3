import Essentials

/// Dense on the last axis: y[r, u] = Σₖ x[r, k]·W[k, u] + b[u] for every leading index r, as
/// Keras's `ops.matmul(x, kernel) + bias`. Rows are spread over the cores.
enum DenseLayer {
    static func apply(_ input: ModelArray, kernel: [Float], inputs: Int, units: Int, bias: [Float]?, layer: String) throws -> ModelArray {
        guard input.shape.count >= 2, input.last == inputs else {
            throw ModelFault("layer '\(layer)': Dense expects a last axis of \(inputs), got input shape \(input.shape)")
        }
        let rows = input.values.count / inputs
        var output = [Float](repeating: 0, count: rows * units)
        input.values.withUnsafeBufferPointer { source in
            kernel.withUnsafeBufferPointer { weights in
                output.withUnsafeMutableBufferPointer { target in
                    let x = UncheckedSendable(source.baseAddress!), w = UncheckedSendable(weights.baseAddress!)
                    let y = UncheckedSendable(target.baseAddress!)
                    let block = max(1, 4096 / max(1, units))
                    ParallelWork.run((rows + block - 1) / block) { item in
                        for r in item * block..<min(rows, item * block + block) {
                            let out = y.value + r * units
                            if let bias { for u in 0..<units { out[u] = bias[u] } }
                            let row = x.value + r * inputs
                            for k in 0..<inputs {
                                let value = row[k]
                                let weightRow = w.value + k * units
                                for u in 0..<units { out[u] += value * weightRow[u] }
                            }
                        }
                    }
                }
            }
        }
        return ModelArray(unchecked: Array(input.shape.dropLast()) + [units], output)
    }
}
