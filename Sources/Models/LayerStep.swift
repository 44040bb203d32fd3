import Convolution
import Essentials

/// One layer call: the layer's formula on its inputs' values. Convolutions run on the project's
/// fast core (bias folded into the bank), everything else in this module.
enum LayerStep {
    static func run(_ layer: ModelGraph.Layer, weights: LayerWeights, inputs: [ModelArray]) throws -> ModelArray {
        let name = layer.name
        func single() throws -> ModelArray {
            guard inputs.count == 1 else { throw ModelFault("layer '\(name)' (\(layer.className)) takes one input, got \(inputs.count)") }
            return inputs[0]
        }
        do {
            switch (layer.kind, weights) {
            case (.input, _), (.identity, _):
                return try single()
            case (.conv(let spec, _, _), .conv(let bank)):
                let x = try single().tensor(for: name)
                guard x.channels % bank.inChannels == 0 else {
                    throw ModelFault("layer '\(name)': kernel expects a multiple of \(bank.inChannels) input channels, got \(x.channels)")
                }
                return activate(ModelArray(try conv2D(x, bank, options: spec.options)), spec.activation)
            case (.depthwise(let spec, _), .depthwise(let filter, let bias)):
                let x = try single().tensor(for: name)
                guard x.channels == filter.channels else {
                    throw ModelFault("layer '\(name)': kernel expects \(filter.channels) input channels, got \(x.channels)")
                }
                var y = ModelArray(try depthwiseConv2D(x, filter, options: spec.options))
                if let bias { y = try ElementwiseOps.affine(y, scale: [1], shift: bias, layer: name) }
                return activate(y, spec.activation)
            case (.separable(let spec, _, _), .separable(let filter, let pointwise)):
                let x = try single().tensor(for: name)
                guard x.channels == filter.channels else {
                    throw ModelFault("layer '\(name)': kernel expects \(filter.channels) input channels, got \(x.channels)")
                }
                let depthwise = try depthwiseConv2D(x, filter, options: spec.options)
                let y = try conv2D(depthwise, pointwise, options: ConvolutionOptions(padding: .valid))
                return activate(ModelArray(y), spec.activation)
            case (.batchNorm, .batchNorm(let scale, let shift)):
                return try ElementwiseOps.affine(try single(), scale: scale, shift: shift, layer: name)
            case (.activation(let function), _):
                let x = try single()
                return ModelArray(unchecked: x.shape, function.applied(x.values))
            case (.softmax, _):
                return ElementwiseOps.softmax(try single())
            case (.pool(let spec), _):
                return try Pooling.pool(try single(), spec, layer: name)
            case (.globalPool(let average, let keepDims), _):
                return try Pooling.global(try single(), average: average, keepDims: keepDims, layer: name)
            case (.pad(let top, let bottom, let left, let right, let crop), _):
                return try ShapeOps.pad(try single(), top: top, bottom: bottom, left: left, right: right, crop: crop, layer: name)
            case (.rescaling(let scale, let offset), _):
                return try ElementwiseOps.affine(try single(), scale: scale, shift: offset, layer: name)
            case (.merge(let operation), _):
                return try ElementwiseOps.merge(inputs, operation, layer: name)
            case (.concatenate(let axis), _):
                return try ShapeOps.concatenate(inputs, axis: axis, layer: name)
            case (.flatten, _):
                let x = try single()
                return ModelArray(unchecked: [x.batch, x.values.count / max(1, x.batch)], x.values)
            case (.reshape(let target), _):
                return try ShapeOps.reshape(try single(), to: target, layer: name)
            case (.dense(let units, _, let activation), .dense(let kernel, let inputCount, let bias)):
                let y = try DenseLayer.apply(try single(), kernel: kernel, inputs: inputCount, units: units, bias: bias, layer: name)
                return activate(y, activation)
            case (.unsupported, _):
                throw ModelFault("layer '\(name)' of class \(layer.className) is not supported")
            default:
                throw ModelFault("layer '\(name)' (\(layer.className)): weights do not match the layer")
            }
        } catch let error as ConvolutionError {
            throw ModelFault("layer '\(name)' (\(layer.className)): \(error)")
        } catch let error as TensorError {
            throw ModelFault("layer '\(name)' (\(layer.className)): \(error)")
        }
    }

    /// The layer's activation (nil is softmax).
    private static func activate(_ array: ModelArray, _ function: ActivationFunction?) -> ModelArray {
        guard let function else { return ElementwiseOps.softmax(array) }
        var y = array
        function.apply(&y.values)
        return y
    }
}
