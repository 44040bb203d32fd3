import Convolution
import Essentials

/// One step of a forward program: the layer's formula on its inputs' values, then its fused
/// activations. Convolutions run on the project's fast core (bias in the bank or the plan); inputs
/// are taken by value, so an elementwise layer whose input nobody else holds writes in place.
enum LayerStep {
    /// The convolution plans a step needs for an input of `inputShape` (conv and depthwise one,
    /// separable two, other layers none), built once for many same-shaped slices of a batch.
    static func plans(for step: ForwardProgram.Step, inputShape: [Int]) throws -> [ConvolutionPlan] {
        switch (step.layer.kind, step.weights) {
        case (.conv(let spec, _, _), .conv(let bank)):
            return [try ConvolutionPlan(inputShape: inputShape, bank: bank, options: spec.options)]
        case (.depthwise(let spec, _), .depthwise(let filter, let bias)):
            return [try ConvolutionPlan(inputShape: inputShape, depthwise: filter, bias: bias, options: spec.options)]
        case (.separable(let spec, _, _), .separable(let filter, let pointwise)):
            let depthwise = try ConvolutionPlan(inputShape: inputShape, depthwise: filter, options: spec.options)
            return [depthwise, try ConvolutionPlan(inputShape: depthwise.outputShape, bank: pointwise, options: ConvolutionOptions(padding: .valid))]
        default:
            return []
        }
    }

    /// The step's output for `inputs`, using `plans` when given (from `plans(for:inputShape:)`).
    static func run(_ step: ForwardProgram.Step, inputs: consuming [ModelArray], plans: [ConvolutionPlan]?) throws -> ModelArray {
        let layer = step.layer, name = layer.name
        var arguments = consume inputs
        do {
            switch (layer.kind, step.weights) {
            case (.input, _), (.identity, _):
                return finish(try take(&arguments, layer), step.epilogue)
            case (.conv(let spec, _, _), .conv(let bank)):
                let x = try take(&arguments, layer).tensor(for: name)
                guard x.channels % bank.inChannels == 0 else {
                    throw ModelFault("layer '\(name)': kernel expects a multiple of \(bank.inChannels) input channels, got \(x.channels)")
                }
                let plan = try plans?.first ?? ConvolutionPlan(inputShape: x.shape, bank: bank, options: spec.options)
                return activated(try convolved(x, plan), spec.activation, step.epilogue)
            case (.depthwise(let spec, _), .depthwise(let filter, let bias)):
                let x = try take(&arguments, layer).tensor(for: name)
                guard x.channels == filter.channels else {
                    throw ModelFault("layer '\(name)': kernel expects \(filter.channels) input channels, got \(x.channels)")
                }
                let plan = try plans?.first ?? ConvolutionPlan(inputShape: x.shape, depthwise: filter, bias: bias, options: spec.options)
                return activated(try convolved(x, plan), spec.activation, step.epilogue)
            case (.separable(let spec, _, _), .separable(let filter, _)):
                let x = try take(&arguments, layer).tensor(for: name)
                guard x.channels == filter.channels else {
                    throw ModelFault("layer '\(name)': kernel expects \(filter.channels) input channels, got \(x.channels)")
                }
                let both = try plans ?? LayerStep.plans(for: step, inputShape: x.shape)
                let depthwise = try Tensor(shape: both[0].outputShape, scalars: try convolved(x, both[0]).values)
                return activated(try convolved(depthwise, both[1]), spec.activation, step.epilogue)
            case (.batchNorm, .batchNorm(let scale, let shift)):
                return finish(try ElementwiseOps.affine(try take(&arguments, layer), scale: scale, shift: shift, layer: name), step.epilogue)
            case (.activation(let function), _):
                return activated(try take(&arguments, layer), function, step.epilogue)
            case (.softmax, _):
                return activated(try take(&arguments, layer), nil, step.epilogue)
            case (.pool(let spec), _):
                return finish(try Pooling.pool(try take(&arguments, layer), spec, layer: name), step.epilogue)
            case (.globalPool(let average, let keepDims), _):
                return finish(try Pooling.global(try take(&arguments, layer), average: average, keepDims: keepDims, layer: name), step.epilogue)
            case (.pad(let top, let bottom, let left, let right, let crop), _):
                let padded = try ShapeOps.pad(try take(&arguments, layer), top: top, bottom: bottom, left: left, right: right, crop: crop, layer: name)
                return finish(padded, step.epilogue)
            case (.rescaling(let scale, let offset), _):
                return finish(try ElementwiseOps.affine(try take(&arguments, layer), scale: scale, shift: offset, layer: name), step.epilogue)
            case (.merge(let operation), _):
                return finish(try ElementwiseOps.merge(consume arguments, operation, layer: name), step.epilogue)
            case (.concatenate(let axis), _):
                return finish(try ShapeOps.concatenate(arguments, axis: axis, layer: name), step.epilogue)
            case (.flatten, _):
                let x = try take(&arguments, layer)
                return finish(ModelArray(unchecked: [x.batch, x.values.count / max(1, x.batch)], x.values), step.epilogue)
            case (.reshape(let target), _):
                return finish(try ShapeOps.reshape(try take(&arguments, layer), to: target, layer: name), step.epilogue)
            case (.dense(let units, _, let activation), .dense(let kernel, let inputCount, let bias)):
                let y = try DenseLayer.apply(try take(&arguments, layer), kernel: kernel, inputs: inputCount, units: units, bias: bias, layer: name)
                return activated(y, activation, step.epilogue)
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

    /// The one input of a single-input layer, moved out of the list.
    private static func take(_ arguments: inout [ModelArray], _ layer: ModelGraph.Layer) throws -> ModelArray {
        guard arguments.count == 1 else { throw ModelFault("layer '\(layer.name)' (\(layer.className)) takes one input, got \(arguments.count)") }
        return arguments.removeLast()
    }

    /// A plan's result in fresh storage that nothing else references (so activations write in place).
    private static func convolved(_ x: Tensor, _ plan: ConvolutionPlan) throws -> ModelArray {
        var output = Tensor.empty
        try plan.convolve(x, into: &output)
        return ModelArray(consume output)
    }

    /// The layer's own activation (nil is softmax), then the fused activation layers, in place.
    private static func activated(_ array: consuming ModelArray, _ own: ActivationFunction?, _ epilogue: [ActivationFunction]) -> ModelArray {
        if let own { own.apply(&array.values) } else { array = ElementwiseOps.softmax(array) }
        return finish(array, epilogue)
    }

    /// The fused activation layers applied in place.
    private static func finish(_ array: consuming ModelArray, _ epilogue: [ActivationFunction]) -> ModelArray {
        for function in epilogue { function.apply(&array.values) }
        return array
    }
}
