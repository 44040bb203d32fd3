import Convolution

extension ForwardProgram {
    /// What one run saw: every step's first input shape (to build plans for other batch sizes) and
    /// the most values any one value held, per batch item.
    struct Trace {
        var inputShapes: [[Int]] = []
        var largestPerItem = 0
    }

    /// The requested values for `input`, steps in order. A value is dropped as soon as its last reader
    /// has taken it, and handed over (not shared) to that reader, so elementwise steps write in place;
    /// requested values stay shared and are therefore copied before anyone writes over them.
    /// `plans[i]` are step i's convolution plans for this input's batch size (built on the fly when nil).
    func run(_ input: ModelArray, plans: [[ConvolutionPlan]]? = nil, trace: inout Trace) throws -> [Int: ModelArray] {
        var values = [inputNode: input]
        var remaining = readers
        var result = [Int: ModelArray]()
        if targets[inputNode] != nil { result[inputNode] = input }
        trace.largestPerItem = max(trace.largestPerItem, input.values.count / max(1, input.batch))
        for (index, step) in steps.enumerated() {
            var arguments = [ModelArray]()
            arguments.reserveCapacity(step.inputs.count)
            for source in step.inputs {
                guard let value = values[source] else { throw ModelFault("layer '\(step.layer.name)' reads a value that was never computed") }
                remaining[source, default: 0] -= 1
                if remaining[source, default: 0] <= 0 { values[source] = nil }
                arguments.append(value)
            }
            trace.inputShapes.append(arguments.first?.shape ?? [])
            let output = try LayerStep.run(step, inputs: consume arguments, plans: plans?[index])
            trace.largestPerItem = max(trace.largestPerItem, output.values.count / max(1, output.batch))
            if targets[step.node] != nil { result[step.node] = output }
            if (remaining[step.node] ?? 0) > 0 { values[step.node] = output }
        }
        return result
    }

    /// Every step's plans for inputs shaped like `trace`'s but with `batch` items.
    func plans(batch: Int, trace: Trace) throws -> [[ConvolutionPlan]] {
        try zip(steps, trace.inputShapes).map { step, shape in
            guard !shape.isEmpty else { return [] }
            return try LayerStep.plans(for: step, inputShape: [batch] + shape.dropFirst())
        }
    }
}
