#if canImport(Glibc)
import Glibc
#endif
import Essentials

/// A trained Keras model read from a `.keras` file (Keras 3) or an `.h5` file (Keras 3 or tf.keras 2):
/// its layer graph and weights, ready to compute any layer's output with Keras's inference formulas.
/// Files are untrusted: every problem is a `ModelError` naming the file and, where there is one, the layer.
public final class KerasModel: Sendable {
    /// The file the model came from (for messages).
    public let file: String
    /// Every layer in config order.
    public let layers: [ModelLayer]
    /// The input shape without the batch axis; nil sizes are free.
    public let inputShape: [Int?]
    /// The name of the layer whose output is the model's output.
    public let outputLayer: String
    /// The version string the file's writer recorded, when present.
    public let kerasVersion: String?

    let graph: ModelGraph
    let weights: [LayerWeights]

    /// Reads the model file at `path` (size-checked before reading).
    public convenience init(path: String) throws {
        let bytes: [UInt8]
        do {
            bytes = try KerasModel.read(path)
        } catch let fault as ModelFault {
            throw ModelError(file: path, fault.reason)
        }
        try self.init(bytes: bytes, file: path, on: path)
    }

    /// Reads a model from the bytes of its file; `file` names it in messages.
    public convenience init(bytes: [UInt8], file: String) throws {
        try self.init(bytes: bytes, file: file, on: nil)
    }

    /// `path`: where the same bytes are on disk (a zip is then read from there, not staged again).
    private init(bytes: [UInt8], file: String, on path: String?) throws {
        self.file = file
        do {
            let parts = try ModelFileBytes(bytes: bytes, path: path)
            kerasVersion = parts.kerasVersion
            let major = (parts.kerasVersion?.hasPrefix("2.") ?? false) || (parts.kerasVersion?.hasPrefix("1.") ?? false) ? 2 : 3
            graph = try ModelGraph(config: try ConfigValue.parse(parts.config), kerasMajor: major)
            let reader = try WeightReader(file: parts.weights, layout: parts.layout,
                                          layerClasses: KerasModel.savedLayers(graph))
            weights = try graph.layers.map { layer in
                let roles = LayerWeights.roles(of: layer.kind)
                return try LayerWeights(kind: layer.kind, layer: layer.name, stored: try reader.weights(layer: layer.name, roles: roles))
            }
            guard graph.inputNodes.count == 1, case .input(let shape) = graph.layers[graph.nodes[graph.inputNodes[0]].layer].kind else {
                throw ModelFault("the model has \(graph.inputNodes.count) inputs; only single-input models are supported")
            }
            inputShape = shape
            outputLayer = graph.layers[graph.nodes[graph.outputNodes[0]].layer].name
            layers = zip(graph.layers, weights).map { ModelLayer($0.0, weights: $0.1) }
        } catch let fault as ModelFault {
            throw ModelError(file: file, fault.reason)
        }
    }

    /// The layers `.keras` numbers its weight groups over: a Sequential model leaves out its InputLayer.
    private static func savedLayers(_ graph: ModelGraph) -> [(name: String, className: String)] {
        graph.layers.filter { !(graph.isSequential && $0.kind.isInput) }.map { ($0.name, $0.className) }
    }

    /// The layer called `name`.
    public func layer(named name: String) -> ModelLayer? { layers.first { $0.name == name } }

    /// Runs the model on `input` (`[N] + inputShape`) far enough to produce the outputs of `keep`
    /// (layer names) and, with `includeOutput`, the model's output. Layers no requested output depends
    /// on are not computed, so an unsupported layer after them does not matter.
    public func run(_ input: ModelArray, keep: [String], includeOutput: Bool = false) throws -> [String: ModelArray] {
        do {
            return try ModelRunner(self).run(input, keep: keep, includeOutput: includeOutput)
        } catch let fault as ModelFault {
            throw ModelError(file: file, fault.reason)
        }
    }

    /// Checks, without running anything, that `layers` (and with `includeOutput` the model's output)
    /// can be computed: every name exists and no layer they depend on is of an unsupported class.
    public func checkComputable(_ layers: [String], includeOutput: Bool = false) throws {
        do {
            _ = try ModelRunner(self).plan(keep: layers, includeOutput: includeOutput)
        } catch let fault as ModelFault {
            throw ModelError(file: file, fault.reason)
        }
    }

    /// The whole file, refusing folders and files over the size limit before reading (plain POSIX
    /// calls: FileManager's attributes look up the owner's name, which took milliseconds).
    private static func read(_ path: String) throws -> [UInt8] {
        // Non-blocking, so a FIFO cannot hang the open; only regular files are read.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw ModelFault(errno == ENOENT || errno == ENOTDIR ? "no such file" : "cannot be read (permissions?)") }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw ModelFault("cannot be read (permissions?)") }
        guard (status.st_mode & S_IFMT) != S_IFDIR else { throw ModelFault("is a folder, not a model file") }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw ModelFault("is not a regular file") }
        let size = Int(status.st_size)
        guard size <= ModelFileBytes.maximumFileBytes else {
            throw ModelFault("is \(size) bytes, more than the \(ModelFileBytes.maximumFileBytes >> 20) MB a model file may have")
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, size - filled) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw ModelFault("cannot be read (\(String(cString: strerror(errno))))") }
            if n == 0 { break }
            filled += n
        }
        return filled == size ? bytes : Array(bytes[0..<filled])
    }
}
