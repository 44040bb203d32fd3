import ArgumentParser
import Essentials
import Foundation
import Models

/// `filterbank activations MODEL INPUT… -o DIR`: what every layer of a trained Keras model sees,
/// as pictures or exact float arrays.
struct ActivationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activations",
        abstract: "Run a Keras model (.keras or .h5) on images or .npy tensors and write each layer's output.",
        discussion: """
            Layers: every conv-like and pooling layer by default; --layer picks any (repeatable, \
            comma lists). --format png writes DIR/<input stem>/<layer>/c<k>.png, one map per channel \
            (an .npy batch of N > 1 uses DIR/<stem>-<i>/ per item); --format npy writes \
            DIR/<input stem>/<layer>.npy, float32, exactly the layer's output for the whole input \
            (Dense gives [N, units]). --grid adds DIR/<input stem>/<layer>.png, a labelled sheet. \
            Images are decoded as apply decodes them (0…255), converted to the model's channels, \
            resized bilinearly (tf.image.resize, half-pixel centres) to the model's fixed input size \
            unless --resize off, then scaled: x·S + B. .npy inputs are fed exactly as stored. \
            Exit status: 0 all inputs done, 1 some inputs failed, 2 usage, model or configuration error.
            """)

    @Argument(help: "The Keras model file (.keras, or .h5 from Keras 3 or tf.keras 2).", completion: .file(extensions: ["keras", "h5"]))
    var model: String

    @Argument(help: "Images (png, jpg) or .npy NHWC tensors.", completion: .file())
    var inputs: [String] = []

    @Option(name: [.short, .long], help: "Output folder (created if missing).", completion: .directory)
    var output: String

    @Option(name: .customLong("layer"), help: "Layer to write (repeatable, or a comma list). Default: conv-like and pooling layers.")
    var layers: [String] = []

    @Option(help: "png (maps as pictures) or npy (float32 arrays).")
    var format: ActivationsFormat = .png

    @Flag(help: "Also write one labelled contact sheet per layer: DIR/<stem>/<layer>.png.")
    var grid = false

    @Option(help: "Write a JSON report: each input's layers with shape and raw range, and top-5 classes for a classifier.",
            completion: .file(extensions: ["json"]))
    var report: String?

    @Option(help: "Multiply image pixels (0…255) by S before the model (a model with a Rescaling layer needs neither).")
    var inputScale: Float = 1

    @Option(help: "Add B to image pixels after --input-scale.")
    var inputOffset: Float = 0

    @Option(help: "bilinear (tf.image.resize) or off (images must already have the model's input size).")
    var resize: ResizeChoice = .bilinear

    @OptionGroup var look: MapLookOptions

    @Option(help: "Largest width × height decoded; bigger images fail before their pixels are allocated.")
    var maxPixels: Int = 100_000_000

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one INPUT image or .npy tensor") }
        guard inputScale.isFinite, inputOffset.isFinite else { throw ValidationError("--input-scale and --input-offset must be finite") }
    }

    func run() throws {
        // Layer outputs are freed and re-allocated at the same sizes: keep them in the heap instead of
        // faulting and zeroing fresh pages for every layer.
        LargeBufferReuse.enable()
        let loaded: KerasModel
        do {
            loaded = try KerasModel(path: model)
        } catch let error as ModelError {
            throw UsageError(error.description)
        }
        let chosen = try chosenLayers(loaded)
        do {
            try loaded.checkComputable(chosen)
        } catch let error as ModelError {
            throw UsageError(error.description)
        }
        // Top-5 needs the model's output; a model whose output is past an unsupported layer reports without it.
        let withOutput = report != nil && (try? loaded.checkComputable([], includeOutput: true)) != nil
        try RenderCommand.createFolder(output)
        var stems = Set<String>()
        for input in inputs {
            let stem = ((input as NSString).lastPathComponent as NSString).deletingPathExtension
            guard stems.insert(stem).inserted else {
                throw UsageError("two inputs share the name '\(stem)' (their outputs would share \(output)/\(stem)); rename one")
            }
        }
        var entries: [[String: Any]] = []
        var failed = 0
        for input in inputs {
            do {
                let fed = try ActivationsInput.load(input, model: loaded, resize: resize, scale: inputScale,
                                                   offset: inputOffset, maxPixels: maxPixels)
                let results = try loaded.run(fed.batch, keep: chosen, includeOutput: withOutput)
                let stem = ((input as NSString).lastPathComponent as NSString).deletingPathExtension
                let written = try write(results, of: loaded, layers: chosen, stem: stem, pictures: fed.pictures)
                if report != nil { entries.append(contentsOf: ActivationsReport.entries(input: input, results: results, layers: chosen, model: loaded, files: written)) }
            } catch let error as UsageError {
                throw error
            } catch {
                failed += 1
                printError("filterbank: \(input): \(error)")
                entries.append(["input": input, "error": "\(error)"])
            }
        }
        if let report { try ActivationsReport.write(entries, model: loaded, to: report) }
        print("activations: \(inputs.count - failed) of \(inputs.count) input\(inputs.count == 1 ? "" : "s") through \(chosen.count) layer\(chosen.count == 1 ? "" : "s") of \(loaded.file) into \(output)")
        if failed > 0 { throw ExitCode(ExitStatus.someInputsFailed) }
    }

    /// `--layer` names (comma lists split), each checked against the model; or the default picks.
    private func chosenLayers(_ model: KerasModel) throws -> [String] {
        let requested = layers.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let names = model.layers.filter { !$0.className.hasSuffix("InputLayer") }.map(\.name)
        if requested.isEmpty {
            let picks = model.layers.filter(\.isDefaultPick).map(\.name)
            guard !picks.isEmpty else {
                throw UsageError("\(model.file) has no conv-like or pooling layers; pick layers with --layer (\(names.joined(separator: ", ")))")
            }
            return picks
        }
        for name in requested where model.layer(named: name) == nil {
            throw UsageError("\(model.file) has no layer '\(name)' (layers: \(names.joined(separator: ", ")))")
        }
        var seen = Set<String>()
        return requested.filter { seen.insert($0).inserted }
    }
}

/// `--format` of `activations`.
enum ActivationsFormat: String, ExpressibleByArgument, CaseIterable {
    /// One 8-bit picture per channel.
    case png
    /// The layer's exact float32 output.
    case npy
}

/// `--resize` of `activations`.
enum ResizeChoice: String, ExpressibleByArgument, CaseIterable {
    /// tf.image.resize(…, "bilinear") without antialiasing: half-pixel centres, edge pixels repeated.
    case bilinear
    /// Refuse images of another size.
    case off
}
