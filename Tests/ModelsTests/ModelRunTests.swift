import Essentials
import Testing
@testable import Models

/// Running parts of a model: unsupported layers, unknown names, input shapes, Keras's weight-group naming.
@Suite struct ModelRunTests {
    @Test func anUnsupportedLayerOnlyMattersWhenItMustRun() throws {
        let model = try KerasModel(path: ModelFixtures.path("lambda.keras"))
        #expect(model.layer(named: "double")?.isSupported == false)
        #expect(model.layer(named: "double")?.className == "Lambda")
        let input = try ModelArray(shape: [1, 6, 6, 1], values: [Float](repeating: 1, count: 36))
        #expect(try model.run(input, keep: ["before"])["before"]?.shape == [1, 4, 4, 2])
        do {
            _ = try model.run(input, keep: ["after"])
            Issue.record("ran through a Lambda layer")
        } catch let error as ModelError {
            #expect(error.reason.contains("'double'") && error.reason.contains("Lambda"), "\(error)")
        }
    }

    @Test func unknownLayersAndWrongInputsAreNamed() throws {
        let model = try KerasModel(path: ModelFixtures.path("digits.keras"))
        #expect(model.inputShape == [32, 32, 1])
        #expect(model.outputLayer == "predictions")
        let input = try ModelArray(shape: [2, 32, 32, 1], values: [Float](repeating: 0, count: 2048))
        do {
            _ = try model.run(input, keep: ["conv9"])
            Issue.record("accepted an unknown layer")
        } catch let error as ModelError {
            #expect(error.reason.contains("'conv9'") && error.reason.contains("conv1"), "\(error)")
        }
        let wrong = try ModelArray(shape: [1, 28, 28, 1], values: [Float](repeating: 0, count: 784))
        do {
            _ = try model.run(wrong, keep: ["conv1"])
            Issue.record("accepted a 28×28 input")
        } catch let error as ModelError {
            #expect(error.reason.contains("[1, 28, 28, 1]") && error.reason.contains("32, 32, 1"), "\(error)")
        }
        let out = try model.run(input, keep: ["pool1"], includeOutput: true)
        #expect(out["pool1"]?.shape == [2, 15, 15, 8])
        #expect(out[ModelRunner.outputKey]?.shape == [2, 10])
    }

    @Test func trainedFiltersAreExposedInTheirStoredLayout() throws {
        let model = try KerasModel(path: ModelFixtures.path("zoo.keras"))
        #expect(model.layer(named: "conv_groups")?.filters?.shape == [3, 3, 2, 6])
        #expect(model.layer(named: "depthwise")?.filters?.isDepthwise == true)
        #expect(model.layer(named: "depthwise")?.filters?.shape == [3, 3, 4, 2])
        #expect(model.layer(named: "dense1")?.filters == nil)
        #expect(model.layers.filter(\.isDefaultPick).count >= 10)
    }

    @Test func kerasWeightGroupNamesFollowKerasSnakeCase() {
        #expect(WeightReader.snakeCase("Conv2D") == "conv2d")
        #expect(WeightReader.snakeCase("DepthwiseConv2D") == "depthwise_conv2d")
        #expect(WeightReader.snakeCase("BatchNormalization") == "batch_normalization")
        #expect(WeightReader.snakeCase("InputLayer") == "input_layer")
        #expect(WeightReader.snakeCase("GlobalAveragePooling2D") == "global_average_pooling2d")
        #expect(WeightReader.snakeCase("ReLU") == "re_lu")
    }
}
