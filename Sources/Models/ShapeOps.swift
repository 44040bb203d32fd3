import Essentials

/// Layers that only move values: ZeroPadding2D, Cropping2D, Concatenate, Flatten, Reshape.
enum ShapeOps {
    /// Zeros added around (or rows and columns removed from) every map.
    static func pad(_ input: ModelArray, top: Int, bottom: Int, left: Int, right: Int, crop: Bool, layer: String) throws -> ModelArray {
        let x = try input.tensor(for: layer)
        let (n, h, w, c) = (x.batch, x.height, x.width, x.channels)
        let sign = crop ? -1 : 1
        let oh = h + sign * (top + bottom), ow = w + sign * (left + right)
        guard oh >= 1, ow >= 1 else {
            throw ModelFault("layer '\(layer)': cropping \(top)+\(bottom) × \(left)+\(right) leaves nothing of a \(h)×\(w) map")
        }
        let (count, overflow) = (n * oh).multipliedReportingOverflow(by: ow * c)
        guard !overflow, count <= 1 << 31 else { throw ModelFault("layer '\(layer)': padded output is too large") }
        var output = [Float](repeating: 0, count: count)
        let dy = sign * top, dx = sign * left
        for b in 0..<n {
            for y in 0..<h where y + dy >= 0 && y + dy < oh {
                for xx in 0..<w where xx + dx >= 0 && xx + dx < ow {
                    let from = ((b * h + y) * w + xx) * c, to = ((b * oh + y + dy) * ow + xx + dx) * c
                    for k in 0..<c { output[to + k] = x.scalars[from + k] }
                }
            }
        }
        return ModelArray(unchecked: [n, oh, ow, c], output)
    }

    /// Inputs joined along `axis` (not the batch); every other size must agree.
    static func concatenate(_ inputs: [ModelArray], axis requested: Int, layer: String) throws -> ModelArray {
        let rank = inputs[0].shape.count
        let axis = requested < 0 ? rank + requested : requested
        guard axis >= 1, axis < rank else { throw ModelFault("layer '\(layer)': axis \(requested) is not a non-batch axis of rank \(rank)") }
        for other in inputs {
            var a = other.shape, b = inputs[0].shape
            guard a.count == rank else { throw ModelFault("layer '\(layer)': inputs of different ranks") }
            a[axis] = 0
            b[axis] = 0
            guard a == b else { throw ModelFault("layer '\(layer)': shapes \(inputs[0].shape) and \(other.shape) differ off axis \(requested)") }
        }
        let outer = inputs[0].shape[..<axis].reduce(1, *)
        let inner = inputs[0].shape[(axis + 1)...].reduce(1, *)
        var shape = inputs[0].shape
        shape[axis] = inputs.map { $0.shape[axis] }.reduce(0, +)
        var output = [Float]()
        output.reserveCapacity(inputs.map(\.values.count).reduce(0, +))
        for o in 0..<outer {
            for input in inputs {
                let run = input.shape[axis] * inner
                output.append(contentsOf: input.values[o * run..<(o + 1) * run])
            }
        }
        return ModelArray(unchecked: shape, output)
    }

    /// The same values under the shape `[N] + target`, one −1 inferred.
    static func reshape(_ input: ModelArray, to target: [Int], layer: String) throws -> ModelArray {
        let total = input.values.count / max(1, input.batch)
        let (known, overflow) = Tensor.elementCount(target.filter { $0 != -1 })
        guard !overflow else { throw ModelFault("layer '\(layer)': cannot reshape \(input.shape) to \(target)") }
        var sizes = target
        if let free = target.firstIndex(of: -1) {
            guard known > 0, total % known == 0 else {
                throw ModelFault("layer '\(layer)': cannot reshape \(input.shape) to \(target)")
            }
            sizes[free] = total / known
        }
        guard sizes.reduce(1, *) == total else { throw ModelFault("layer '\(layer)': cannot reshape \(input.shape) to \(target)") }
        return ModelArray(unchecked: [input.batch] + sizes, input.values)
    }
}
