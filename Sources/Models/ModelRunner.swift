/// The forward pass over the graph: only the nodes the requested layers depend on, as a program of
/// steps (BatchNormalization folded, activations fused where no requested value is lost), run over
/// the batch in cache-sized slices.
struct ModelRunner {
    let model: KerasModel

    init(_ model: KerasModel) { self.model = model }

    func run(_ input: ModelArray, keep: [String], includeOutput: Bool) throws -> [String: ModelArray] {
        try checkInput(input)
        let (targets, needed) = try plan(keep: keep, includeOutput: includeOutput)
        let program = ForwardProgram(graph: model.graph, weights: model.weights, targets: targets, needed: needed)
        let values = try BatchSlices.run(program, input)
        var result = [String: ModelArray]()
        for (node, names) in targets {
            guard let value = values[node] else { throw ModelFault("no value was computed for \(names.joined(separator: ", "))") }
            for name in names { result[name] = value }
        }
        return result
    }

    /// Which nodes give the requested outputs and which nodes those depend on; faults for unknown
    /// names and for unsupported layers among the dependencies.
    func plan(keep: [String], includeOutput: Bool) throws -> (targets: [Int: [String]], needed: [Bool]) {
        let graph = model.graph
        var targets = [Int: [String]]()
        for name in keep {
            guard let index = graph.layers.firstIndex(where: { $0.name == name }) else {
                throw ModelFault("the model has no layer '\(name)' (layers: \(graph.layers.map(\.name).joined(separator: ", ")))")
            }
            guard let node = graph.firstNode[index] else { throw ModelFault("layer '\(name)' is never called in the model") }
            targets[node, default: []].append(name)
        }
        if includeOutput { targets[graph.outputNodes[0], default: []].append(ModelRunner.outputKey) }
        // Mark what the targets depend on; nodes come sorted, so one backward sweep suffices.
        var needed = [Bool](repeating: false, count: graph.nodes.count)
        for node in targets.keys { needed[node] = true }
        for node in graph.nodes.indices.reversed() where needed[node] {
            for source in graph.nodes[node].inputs { needed[source] = true }
        }
        for node in graph.nodes.indices where needed[node] {
            let layer = graph.layers[graph.nodes[node].layer]
            if case .unsupported = layer.kind {
                throw ModelFault("layer '\(layer.name)' of class \(layer.className) is not supported; the requested layers depend on it")
            }
        }
        return (targets, needed)
    }

    /// The key of the model's output in a run's result.
    static let outputKey = "\u{0}output"

    /// The batch must match the model's declared input sizes.
    private func checkInput(_ input: ModelArray) throws {
        let expected = model.inputShape
        guard input.shape.count == expected.count + 1 else {
            throw ModelFault("the input has shape \(input.shape); the model expects [N, \(describe(expected))]")
        }
        for (size, want) in zip(input.shape.dropFirst(), expected) where want != nil && want != size {
            throw ModelFault("the input has shape \(input.shape); the model expects [N, \(describe(expected))]")
        }
        guard input.batch >= 1 else { throw ModelFault("the input batch is empty") }
    }

    private func describe(_ shape: [Int?]) -> String {
        shape.map { $0.map(String.init) ?? "any" }.joined(separator: ", ")
    }
}
