import Essentials
import Foundation
import Models

/// The `--report` JSON of `activations`: per input item, every written layer's shape and raw range,
/// and for a model ending in Dense or Softmax its top-5 classes with probabilities (softmax applied
/// when the output is not already a probability distribution).
enum ActivationsReport {
    static func entries(input: String, results: [String: ModelArray], layers: [String], model: KerasModel,
                        files: [String: [String]]) -> [[String: Any]] {
        let batch = results.values.first?.batch ?? 0
        return (0..<batch).map { item in
            var layerEntries = [[String: Any]]()
            for name in layers {
                guard let array = results[name] else { continue }
                let size = array.values.count / array.batch
                let slice = array.values[item * size..<(item + 1) * size]
                layerEntries.append([
                    "layer": name, "class": model.layer(named: name)?.className ?? "?",
                    "shape": array.shape, "min": Double(slice.min() ?? 0), "max": Double(slice.max() ?? 0),
                    "mean": Double(slice.reduce(0, +)) / Double(max(1, size)), "files": files[name] ?? [],
                ])
            }
            var entry: [String: Any] = ["input": input, "item": item, "layers": layerEntries]
            if let top = topClasses(results, item: item, model: model) { entry["top5"] = top }
            return entry
        }
    }

    /// The five most probable classes of one item, when the model's output is a class vector.
    static func topClasses(_ results: [String: ModelArray], item: Int, model: KerasModel) -> [[String: Any]]? {
        guard let layer = model.layer(named: model.outputLayer), ["Dense", "Softmax", "Activation"].contains(layer.className),
              let output = results.first(where: { $0.key.hasPrefix("\u{0}") })?.value, output.shape.count == 2 else { return nil }
        let classes = output.shape[1]
        var scores = Array(output.values[item * classes..<(item + 1) * classes])
        let isDistribution = scores.allSatisfy { $0 >= 0 && $0 <= 1 } && abs(scores.reduce(0, +) - 1) < 1e-3
        if !isDistribution {
            let top = scores.max() ?? 0
            scores = scores.map { exp($0 - top) }
            let sum = scores.reduce(0, +)
            scores = scores.map { $0 / sum }
        }
        return scores.enumerated().sorted { $0.element > $1.element }.prefix(5).map {
            ["class": $0.offset, "probability": Double($0.element)]
        }
    }

    static func write(_ entries: [[String: Any]], model: KerasModel, to path: String) throws {
        let document: [String: Any] = ["model": model.file, "keras_version": model.kerasVersion ?? NSNull(), "inputs": entries]
        do {
            let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
            try AtomicFile.write([UInt8](data) + [0x0A], to: path)
        } catch {
            throw UsageError("cannot write report \(path): \(error)")
        }
    }
}
