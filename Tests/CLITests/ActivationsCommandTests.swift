import Essentials
import Foundation
import ImageCodecs
import Testing

/// `filterbank activations` end to end on the committed digits CNN, against Keras's own outputs.
@Suite struct ActivationsCommandTests {
    static let models = CLI.fixtures.appendingPathComponent("models")
    static let digits = CLI.fixtures.appendingPathComponent("digits")
    static let model = models.appendingPathComponent("digits.keras").path

    func golden(_ layer: String) throws -> NPYArray {
        try NPYFile.read(path: Self.models.appendingPathComponent("digits-golden/\(layer).npy").path)
    }

    /// Item `item` of a golden batch, with the largest difference allowed (1e-4 of its largest magnitude).
    func item(_ array: NPYArray, _ item: Int) -> (values: ArraySlice<Float>, tolerance: Float) {
        let size = array.values.count / array.shape[0]
        let slice = array.values[item * size..<(item + 1) * size]
        return (slice, 1e-4 * max(slice.map(abs).max() ?? 0, 1e-3))
    }

    @Test func npyOutputsOfAPNGDigitMatchKeras() throws {
        let out = try CLI.temporaryDirectory("act-npy")
        let result = try CLI.run(["activations", Self.model, Self.digits.appendingPathComponent("3.png").path, "-o", out.path,
                                  "--format", "npy", "--layer", "conv1,pool1", "--layer", "predictions"])
        #expect(result.status == 0, "\(result.stderr)")
        for layer in ["conv1", "pool1", "predictions"] {
            let written = try NPYFile.read(path: out.appendingPathComponent("3/\(layer).npy").path)
            let expected = try golden(layer)
            #expect(written.shape == [1] + expected.shape.dropFirst(), "\(layer)")
            let (values, tolerance) = item(expected, 3)
            #expect(zip(written.values, values).allSatisfy { abs($0 - $1) <= tolerance }, "\(layer)")
        }
    }

    @Test func anNPYBatchStaysABatch() throws {
        let out = try CLI.temporaryDirectory("act-batch")
        let input = Self.models.appendingPathComponent("digits-golden/input.npy").path
        let result = try CLI.run(["activations", Self.model, input, "-o", out.path, "--format", "npy", "--layer", "conv2,predictions"])
        #expect(result.status == 0, "\(result.stderr)")
        for layer in ["conv2", "predictions"] {
            let written = try NPYFile.read(path: out.appendingPathComponent("input/\(layer).npy").path)
            let expected = try golden(layer)
            #expect(written.shape == expected.shape)
            let tolerance = 1e-4 * (expected.values.map(abs).max() ?? 1)
            #expect(zip(written.values, expected.values).allSatisfy { abs($0 - $1) <= tolerance }, "\(layer)")
        }
    }

    @Test func pngMapsSheetsAndTheTopFiveReport() throws {
        let out = try CLI.temporaryDirectory("act-png")
        let report = out.appendingPathComponent("report.json").path
        let inputs = [7, 2].map { Self.digits.appendingPathComponent("\($0).png").path }
        let result = try CLI.run(["activations", Self.model] + inputs + ["-o", out.path, "--grid", "--report", report, "--colormap", "viridis"])
        #expect(result.status == 0, "\(result.stderr)")
        // Default layers: the two convolutions and the two pools.
        for layer in ["conv1", "pool1", "conv2", "pool2"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("7/\(layer).png").path), "\(layer) sheet")
        }
        let map = try ImageDecoder.decode(path: out.appendingPathComponent("7/conv1/c0.png").path).tensor
        #expect(map.shape == [1, 30, 30, 3])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("2/conv2").path).count == 16)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("7/predictions").path))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any]
        let entries = try #require(json?["inputs"] as? [[String: Any]])
        #expect(entries.count == 2)
        for (entry, label) in zip(entries, [7, 2]) {
            let top = try #require(entry["top5"] as? [[String: Any]])
            #expect(top.count == 5 && top[0]["class"] as? Int == label, "\(entry["input"] ?? "")")
            let probabilities = top.compactMap { $0["probability"] as? Double }
            #expect(probabilities == probabilities.sorted(by: >) && probabilities[0] > 0.5)
        }
    }

    @Test func resizingIsBilinearOrRefused() throws {
        let folder = try CLI.temporaryDirectory("act-resize")
        let big = folder.appendingPathComponent("big.png").path
        let pixels = [UInt8]((0..<(64 * 48)).map { UInt8(($0 * 7) % 256) })
        try AtomicFile.write(try PNGEncoder.encode(pixels: pixels, width: 64, height: 48, channels: 1), to: big)
        let resized = try CLI.run(["activations", Self.model, big, "-o", folder.appendingPathComponent("a").path, "--format", "npy", "--layer", "conv1"])
        #expect(resized.status == 0, "\(resized.stderr)")
        #expect(try NPYFile.read(path: folder.appendingPathComponent("a/big/conv1.npy").path).shape == [1, 30, 30, 8])
        let refused = try CLI.run(["activations", Self.model, big, Self.digits.appendingPathComponent("1.png").path,
                                   "-o", folder.appendingPathComponent("b").path, "--resize", "off", "--layer", "conv1"])
        #expect(refused.status == 1 && refused.stderr.contains("big.png") && refused.stderr.contains("--resize"), "\(refused.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("b/1/conv1/c0.png").path))
    }

    @Test func badModelsLayersAndInputsExitTwoWithAReason() throws {
        let folder = try CLI.temporaryDirectory("act-bad")
        let digit = Self.digits.appendingPathComponent("0.png").path
        let broken = folder.appendingPathComponent("broken.keras").path
        let whole = try Data(contentsOf: URL(fileURLWithPath: Self.model))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: broken))
        let cases: [([String], String)] = [
            (["activations", broken, digit, "-o", folder.path], "broken.keras"),
            (["activations", Self.model, digit, "-o", folder.path, "--layer", "conv7"], "'conv7'"),
            (["activations", Self.models.appendingPathComponent("lambda.keras").path, digit, "-o", folder.path, "--layer", "after"], "Lambda"),
            (["activations", Self.model, "-o", folder.path], "INPUT"),
            (["activations", Self.model, digit, digit, "-o", folder.path], "share"),
            (["activations", Self.model, digit, "-o", folder.path, "--format", "jpeg"], "format"),
        ]
        for (arguments, word) in cases {
            let result = try CLI.run(arguments)
            #expect(result.status == 2 && result.stderr.contains(word), "\(arguments.dropFirst(2)): \(result.status) \(result.stderr)")
        }
    }

    @Test func aFileThatMakesLibhdf5LoopEndsWithStatusTwo() throws {
        // Found by the model fuzzer: libhdf5 1.10 loops in its global-heap reader on this damaged .h5.
        // The shim's watchdog turns the hang into exit 2 (here after 1 s instead of the default 30 s).
        let out = try CLI.temporaryDirectory("act-loop")
        let started = Date()
        let result = try CLI.run(["activations", Self.models.appendingPathComponent("fuzz/global-heap-loop.h5").path,
                                  Self.digits.appendingPathComponent("1.png").path, "-o", out.path],
                                 environment: ["FILTERBANK_HDF5_TIME_LIMIT": "1"])
        #expect(result.status == 2 && result.stderr.contains("libhdf5"), "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 20)
    }
}
