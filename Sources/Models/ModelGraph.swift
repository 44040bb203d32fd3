/// A model's layers and the calls between them: one node per layer call (a shared layer has several),
/// in an order where every node comes after the nodes it reads.
struct ModelGraph: Sendable {
    /// One layer as the config declares it.
    struct Layer: Sendable {
        let name: String
        let className: String
        let kind: LayerKind
        let config: LayerConfig
    }

    /// One call of a layer on the outputs of earlier nodes.
    struct Node: Sendable {
        let layer: Int
        let inputs: [Int]
    }

    static let maximumLayers = 10_000

    let layers: [Layer]
    /// Topologically sorted.
    let nodes: [Node]
    /// The first call of every layer (what `activations` shows for a shared layer); nil if never called.
    let firstNode: [Int?]
    let inputNodes: [Int]
    let outputNodes: [Int]
    /// Sequential models save their weights without the InputLayer.
    let isSequential: Bool

    /// Builds the graph of a Sequential or Functional config (`{"class_name": …, "config": …}`).
    init(config root: ConfigValue, kerasMajor: Int) throws {
        guard let className = root["class_name"]?.string, let config = root["config"] else {
            throw ModelFault("the model config has no class_name/config")
        }
        guard let entries = config["layers"]?.array else { throw ModelFault("the \(className) config has no layer list") }
        guard entries.count <= ModelGraph.maximumLayers else { throw ModelFault("the model has more than \(ModelGraph.maximumLayers) layers") }
        var layers = [Layer]()
        var names = [String: Int]()
        for entry in entries {
            let layerClass = entry["class_name"]?.string ?? "?"
            guard let name = entry["name"]?.string ?? entry["config"]?["name"]?.string else {
                throw ModelFault("a \(layerClass) layer has no name")
            }
            guard !name.isEmpty, name.utf8.count <= 200, !name.contains("/"), !name.contains("\0"), name != ".", name != ".." else {
                throw ModelFault("layer name '\(name.prefix(40))' cannot be used as a file name")
            }
            guard names[name] == nil else { throw ModelFault("two layers are named '\(name)'") }
            let layerConfig = LayerConfig(layer: name, className: layerClass, values: entry["config"] ?? .object([:]))
            let kind = try LayerKind.parse(className: layerClass, config: layerConfig, kerasMajor: kerasMajor)
            names[name] = layers.count
            layers.append(Layer(name: name, className: layerClass, kind: kind, config: layerConfig))
        }
        var unsorted: [Node]
        var callsOf: [[Int]]
        var inputs: [Int], outputs: [Int]
        if className == "Sequential" {
            (layers, unsorted, callsOf) = try ModelGraph.chain(layers, config: config)
            inputs = [0]
            outputs = [unsorted.count - 1]
        } else if ["Functional", "Model"].contains(className) {
            (unsorted, callsOf) = try ModelGraph.calls(layers, entries: entries, names: names)
            func refs(_ key: String) throws -> [Int] {
                guard let value = config[key] else { throw ModelFault("the \(className) config has no \(key)") }
                let list = value.array?.first?.string != nil ? [value] : (value.array ?? [])
                return try list.map { try ModelGraph.resolve($0, names: names, callsOf: callsOf) }
            }
            inputs = try refs("input_layers")
            outputs = try refs("output_layers")
        } else {
            throw ModelFault("a \(className) model is not supported (Sequential and Functional are)")
        }
        guard !inputs.isEmpty, !outputs.isEmpty else { throw ModelFault("the model has no inputs or outputs") }
        self.layers = layers
        isSequential = className == "Sequential"
        let order = try ModelGraph.sorted(unsorted)
        var position = [Int](repeating: 0, count: unsorted.count)
        for (index, node) in order.enumerated() { position[node] = index }
        nodes = order.map { Node(layer: unsorted[$0].layer, inputs: unsorted[$0].inputs.map { position[$0] }) }
        firstNode = callsOf.map { $0.first.map { position[$0] } }
        inputNodes = inputs.map { position[$0] }
        outputNodes = outputs.map { position[$0] }
        for node in inputNodes where !(layers[nodes[node].layer].kind.isInput) {
            throw ModelFault("model input '\(layers[nodes[node].layer].name)' is not an InputLayer")
        }
    }

    /// A Sequential model: an InputLayer first (given, or made from the first layer's batch shape).
    private static func chain(_ given: [Layer], config: ConfigValue) throws -> ([Layer], [Node], [[Int]]) {
        var layers = given
        if layers.first.map({ !$0.kind.isInput }) ?? true {
            let first = layers.first?.config.values
            let shapeValue = first?["batch_input_shape"] ?? first?["batch_shape"] ?? config["build_input_shape"]
            let probe = LayerConfig(layer: "input", className: "InputLayer", values: .object(["batch_shape": shapeValue ?? .null]))
            guard case .input(let shape)? = try? LayerKind.parse(className: "InputLayer", config: probe, kerasMajor: 3) else {
                throw ModelFault("the Sequential model has no input shape (no InputLayer and no batch_input_shape)")
            }
            layers.insert(Layer(name: "input", className: "InputLayer", kind: .input(shape: shape), config: probe), at: 0)
        }
        guard layers.count >= 1 else { throw ModelFault("the Sequential model has no layers") }
        let nodes = layers.indices.map { Node(layer: $0, inputs: $0 == 0 ? [] : [$0 - 1]) }
        return (layers, nodes, layers.indices.map { [$0] })
    }

    /// Every call of every layer of a Functional config, with its inputs resolved to node numbers.
    private static func calls(_ layers: [Layer], entries: [ConfigValue], names: [String: Int]) throws -> ([Node], [[Int]]) {
        var callsOf = [[Int]]()
        var total = 0
        for (layer, entry) in zip(layers, entries) {
            let count = layer.kind.isInput ? 1 : (entry["inbound_nodes"]?.array?.count ?? 0)
            guard count <= 10_000 else { throw ModelFault("layer '\(layer.name)' is called more than 10000 times") }
            callsOf.append(Array(total..<total + count))
            total += count
        }
        var nodes = [Node]()
        for (index, (layer, entry)) in zip(layers, entries).enumerated() {
            if layer.kind.isInput {
                nodes.append(Node(layer: index, inputs: []))
                continue
            }
            for call in entry["inbound_nodes"]?.array ?? [] {
                var refs = [ConfigValue]()
                if call["args"] != nil {
                    collectKerasTensors(call["args"]!, into: &refs)
                } else if let list = call.array {
                    refs = list
                }
                guard !refs.isEmpty, refs.count <= 1000 else { throw ModelFault("layer '\(layer.name)' has a call with no inputs") }
                let inputs = try refs.map { try resolve($0, names: names, callsOf: callsOf) }
                nodes.append(Node(layer: index, inputs: inputs))
            }
        }
        return (nodes, callsOf)
    }

    /// Keras 3 nests input tensors in `args` (a list for merge layers).
    private static func collectKerasTensors(_ value: ConfigValue, into refs: inout [ConfigValue]) {
        if value["class_name"]?.string == "__keras_tensor__", let history = value["config"]?["keras_history"] {
            refs.append(history)
        } else if let items = value.array {
            for item in items where refs.count <= 1000 { collectKerasTensors(item, into: &refs) }
        }
    }

    /// `[layer name, node index, tensor index, …]` → node number.
    private static func resolve(_ reference: ConfigValue, names: [String: Int], callsOf: [[Int]]) throws -> Int {
        guard let items = reference.array, items.count >= 3, let name = items[0].string,
              let node = items[1].integer, let tensor = items[2].integer else {
            throw ModelFault("a layer input reference is malformed")
        }
        guard let layer = names[name] else { throw ModelFault("a layer input refers to an unknown layer '\(name)'") }
        guard node >= 0, node < callsOf[layer].count else { throw ModelFault("a layer input refers to call \(node) of '\(name)', which does not exist") }
        guard tensor == 0 else { throw ModelFault("a layer input refers to output \(tensor) of '\(name)'; only single-output layers are supported") }
        return callsOf[layer][node]
    }

    /// Kahn's algorithm; a cycle is a corrupt config.
    private static func sorted(_ nodes: [Node]) throws -> [Int] {
        var waiting = nodes.map { $0.inputs.count }
        var readers = [[Int]](repeating: [], count: nodes.count)
        for (index, node) in nodes.enumerated() { for input in node.inputs { readers[input].append(index) } }
        var ready = nodes.indices.filter { waiting[$0] == 0 }
        var order = [Int]()
        order.reserveCapacity(nodes.count)
        while let next = ready.popLast() {
            order.append(next)
            for reader in readers[next] {
                waiting[reader] -= 1
                if waiting[reader] == 0 { ready.append(reader) }
            }
        }
        guard order.count == nodes.count else { throw ModelFault("the layer graph has a cycle") }
        return order
    }
}

extension LayerKind {
    var isInput: Bool { if case .input = self { return true }; return false }
}
