import Essentials
import Testing
@testable import Models

/// The rewritten forward pass: BatchNormalization folded into convolutions, activation layers fused,
/// the batch run in slices. Every requested value must still be the layer's own, as Keras gives it.
@Suite struct ForwardProgramTests {
    static let layers = ["stem", "stem_bn", "stem_relu6", "dw", "dw_bn", "dw_swish", "dw_relu", "sep", "sep_bn", "add",
                         "pool", "project", "project_bn", "side", "side_bn", "side_leaky"]

    /// Asked alone, a layer is computed through as many folds and fusions as the graph allows.
    @Test(arguments: layers)
    func eachLayerAloneMatchesKeras(_ name: String) throws {
        let model = try KerasModel(path: ModelFixtures.path("block.keras"))
        let golden = try ModelFixtures.golden("block-golden")
        let actual = try #require(try model.run(golden.input, keep: [name])[name])
        let expected = try #require(golden.layers[name])
        #expect(actual.shape == expected.shape)
        #expect(ModelFixtures.relativeError(actual, expected) <= 1e-4, "\(name): \(ModelFixtures.relativeError(actual, expected))")
    }

    @Test func allLayersTogetherMatchKeras() throws {
        let model = try KerasModel(path: ModelFixtures.path("block.keras"))
        let golden = try ModelFixtures.golden("block-golden")
        #expect(Set(golden.layers.keys) == Set(Self.layers))
        let outputs = try model.run(golden.input, keep: Self.layers)
        for name in Self.layers {
            let actual = try #require(outputs[name])
            #expect(ModelFixtures.relativeError(actual, golden.layers[name]!) <= 1e-4, "\(name)")
        }
    }

    /// Which steps a request compiles to: folds and fusions only where no requested value is lost.
    @Test func foldsAndFusionsStopAtRequestedAndSharedValues() throws {
        let model = try KerasModel(path: ModelFixtures.path("block.keras"))
        func steps(_ keep: [String]) throws -> [String] {
            let (targets, needed) = try ModelRunner(model).plan(keep: keep, includeOutput: false)
            let program = ForwardProgram(graph: model.graph, weights: model.weights, targets: targets, needed: needed)
            return program.steps.map { step in
                let produced = model.graph.layers[model.graph.nodes[step.node].layer].name
                return produced == step.layer.name ? produced : "\(step.layer.name)→\(produced)"
            }
        }
        // conv+BN+ReLU6, depthwise+BN+swish+relu, separable+BN; the Add reads stem_relu6 too, so it ends a chain.
        #expect(try steps(["add"]) == ["stem→stem_relu6", "dw→dw_relu", "sep→sep_bn", "add"])
        // A requested BatchNormalization output is computed by its own formula; so is one after a non-linear convolution.
        #expect(try steps(["project_bn"]) == ["stem→stem_relu6", "dw→dw_relu", "sep→sep_bn", "add", "pool", "project", "project_bn"])
        #expect(try steps(["stem_bn"]) == ["stem", "stem_bn"])
        #expect(try steps(["side_leaky"]) == ["stem→stem_relu6", "dw→dw_relu", "sep→sep_bn", "add", "side", "side_bn→side_leaky"])
        #expect(try steps(["dw_swish", "dw_relu"]) == ["stem→stem_relu6", "dw→dw_swish", "dw_relu"])
    }

    /// Slices of a batch give exactly (bit for bit) what each item gives alone.
    @Test func slicingTheBatchDoesNotChangeAnyValue() throws {
        let model = try KerasModel(path: ModelFixtures.path("block.keras"))
        let input = try ModelFixtures.golden("block-golden").input
        #expect(input.batch == 7)
        let keep = ["stem_relu6", "add", "project_bn", "side_leaky"]
        let whole = try model.run(input, keep: keep)
        let each = input.values.count / input.batch
        for item in 0..<input.batch {
            let alone = try ModelArray(shape: [1] + input.shape.dropFirst(), values: Array(input.values[item * each..<(item + 1) * each]))
            let outputs = try model.run(alone, keep: keep)
            for name in keep {
                let size = outputs[name]!.values.count
                #expect(Array(whole[name]!.values[item * size..<(item + 1) * size]) == outputs[name]!.values, "\(name) item \(item)")
            }
        }
    }

    /// Steps write in place only over values nobody else holds: the caller's input and requested
    /// values shared with later steps stay as they were.
    @Test func inPlaceStepsLeaveSharedValuesAlone() throws {
        let model = try KerasModel(path: ModelFixtures.path("zoo.keras"))
        let golden = try ModelFixtures.golden("zoo-golden-k3")
        let before = golden.input
        // rescale feeds everything (in place would change it); bn feeds many activation layers.
        let outputs = try model.run(golden.input, keep: ["rescale", "bn", "act_relu6", "act_sigmoid", "add", "relu_max6"])
        #expect(golden.input == before)
        for name in ["rescale", "bn", "act_relu6", "act_sigmoid", "add", "relu_max6"] {
            #expect(ModelFixtures.relativeError(outputs[name]!, golden.layers[name]!) <= 1e-4, "\(name)")
        }
    }
}
