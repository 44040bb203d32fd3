/// The layer calls a run needs, in order, with the cheap rewrites Keras's formulas allow applied: a
/// BatchNormalization right after a linear convolution is folded into its weights, and elementwise
/// activation layers right after a step are applied in place to its output. A rewrite only happens
/// where nothing else sees the intermediate value: it is not requested and has no other reader. A
/// requested BatchNormalization is computed by its own formula (folding would round differently,
/// though well within 1e-4).
struct ForwardProgram: Sendable {
    /// One step: a layer call producing the value of `node` (the last node of a fused chain).
    struct Step: Sendable {
        /// The node whose value the step produces.
        let node: Int
        /// The layer that computes (the first of a fused chain).
        let layer: ModelGraph.Layer
        /// Its weights, BatchNormalization folded in where that happened.
        let weights: LayerWeights
        /// The nodes read, in the layer's order.
        let inputs: [Int]
        /// Activation layers applied in place afterwards, in order.
        let epilogue: [ActivationFunction]
    }

    let steps: [Step]
    /// The model's input node.
    let inputNode: Int
    /// Requested names per node.
    let targets: [Int: [String]]
    /// How many later steps read each node's value (the input node included).
    let readers: [Int: Int]

    /// The program for the nodes marked `needed`, producing the nodes in `targets`.
    init(graph: ModelGraph, weights allWeights: [LayerWeights], targets: [Int: [String]], needed: [Bool]) {
        var readers = [Int](repeating: 0, count: graph.nodes.count)
        var lastReader = [Int](repeating: -1, count: graph.nodes.count)
        for node in graph.nodes.indices where needed[node] {
            for source in graph.nodes[node].inputs {
                readers[source] += 1
                lastReader[source] = node
            }
        }
        /// The one needed node reading `node`, when `node`'s value may disappear into it.
        func soleReader(of node: Int) -> Int? {
            guard readers[node] == 1, targets[node] == nil, graph.nodes[lastReader[node]].inputs.count == 1 else { return nil }
            return lastReader[node]
        }
        var absorbed = Set<Int>()
        var steps = [Step]()
        for node in graph.nodes.indices where needed[node] && !absorbed.contains(node) && !graph.inputNodes.contains(node) {
            let layer = graph.layers[graph.nodes[node].layer]
            var weights = allWeights[graph.nodes[node].layer]
            var last = node
            if Self.isLinearConvolution(layer.kind), let next = soleReader(of: last), targets[next] == nil,
               case .batchNorm(let scale, let shift) = allWeights[graph.nodes[next].layer],
               let folded = weights.foldingBatchNorm(scale: scale, shift: shift) {
                weights = folded
                last = next
                absorbed.insert(next)
            }
            var epilogue = [ActivationFunction]()
            while let next = soleReader(of: last), case .activation(let function) = graph.layers[graph.nodes[next].layer].kind {
                epilogue.append(function)
                last = next
                absorbed.insert(next)
            }
            steps.append(Step(node: last, layer: layer, weights: weights, inputs: graph.nodes[node].inputs, epilogue: epilogue))
        }
        self.steps = steps
        inputNode = graph.inputNodes[0]
        self.targets = targets
        var counts = [Int: Int]()
        for step in steps { for source in step.inputs { counts[source, default: 0] += 1 } }
        self.readers = counts
    }

    /// Conv-like layers whose own activation is linear (a BatchNormalization after them can be folded).
    private static func isLinearConvolution(_ kind: LayerKind) -> Bool {
        switch kind {
        case .conv(let spec, _, _), .depthwise(let spec, _), .separable(let spec, _, _): return spec.activation == .linear
        default: return false
        }
    }
}

