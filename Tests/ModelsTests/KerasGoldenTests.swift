import Essentials
import Testing
@testable import Models

/// Every supported layer kind against Keras's own outputs, in the three file dialects.
@Suite struct KerasGoldenTests {
    static let cases: [(model: String, golden: String)] = [
        ("zoo.keras", "zoo-golden-k3"), ("zoo-k3.h5", "zoo-golden-k3"), ("zoo-k2.h5", "zoo-golden-k2"),
        ("seq-k2.h5", "seq-golden-k2"), ("digits.keras", "digits-golden"), ("lambda.keras", "lambda-golden"),
    ]

    @Test(arguments: cases)
    func everyLayerMatchesKeras(model file: String, golden folder: String) throws {
        let model = try KerasModel(path: ModelFixtures.path(file))
        let golden = try ModelFixtures.golden(folder)
        #expect(golden.layers.count >= 1)
        let names = golden.layers.keys.sorted()
        let outputs = try model.run(golden.input, keep: names)
        for name in names {
            let actual = try #require(outputs[name], "\(file): no output for \(name)")
            let expected = golden.layers[name]!
            #expect(actual.shape == expected.shape, "\(file) \(name): shape \(actual.shape) vs \(expected.shape)")
            let error = ModelFixtures.relativeError(actual, expected)
            #expect(error <= 1e-4, "\(file) \(name): relative error \(error)")
        }
    }

    @Test func theZooCoversEveryLayerKindInEveryDialect() throws {
        let classes = ["InputLayer", "Conv2D", "DepthwiseConv2D", "SeparableConv2D", "BatchNormalization", "Activation",
                       "ReLU", "LeakyReLU", "ELU", "Softmax", "MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D",
                       "GlobalMaxPooling2D", "ZeroPadding2D", "Cropping2D", "Rescaling", "Dropout", "SpatialDropout2D",
                       "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Flatten", "Reshape", "Dense"]
        for file in ["zoo.keras", "zoo-k3.h5", "zoo-k2.h5"] {
            let model = try KerasModel(path: ModelFixtures.path(file))
            let present = Set(model.layers.map(\.className))
            #expect(Set(classes).subtracting(present).isEmpty, "\(file) lacks \(Set(classes).subtracting(present))")
            #expect(model.layers.filter { !$0.isSupported }.isEmpty)
        }
        let legacy = try KerasModel(path: ModelFixtures.path("zoo-k2.h5"))
        #expect(legacy.kerasVersion?.hasPrefix("2.") == true)
    }

    @Test func approximateGeluIsTheTanhForm() throws {
        let table = try NPYFile.read(path: ModelFixtures.path("gelu-approximate.npy"))
        let count = table.shape[1]
        let exact = ActivationFunction.gelu(approximate: false), approximate = ActivationFunction.gelu(approximate: true)
        var differs = false
        for i in 0..<count {
            let x = table.values[i], expected = table.values[count + i]
            #expect(abs(approximate(x) - expected) <= 1e-5 * max(1, abs(expected)), "x = \(x)")
            if abs(exact(x) - expected) > 1e-4 { differs = true }
        }
        #expect(differs, "the exact and approximate forms must differ somewhere on [-6, 6]")
    }
}
