import Foundation
import Testing
@testable import Convolution
import Essentials

/// One case of Fixtures/conv/golden/cases.json, written by Scripts/make-conv-goldens from TensorFlow.
struct GoldenCase: Decodable, Sendable, CustomTestStringConvertible {
    /// "SAME", "VALID" or [top, bottom, left, right].
    enum PaddingSpec: Decodable, Sendable {
        case named(String)
        case explicit([Int])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let name = try? container.decode(String.self) {
                self = .named(name)
            } else {
                self = .explicit(try container.decode([Int].self))
            }
        }
    }

    let name: String
    let op: String
    let inputShape: [Int]
    let filterShape: [Int]
    let outputShape: [Int]
    let strides: [Int]
    let padding: PaddingSpec
    let dilations: [Int]
    let bias: Bool

    var testDescription: String { name }

    enum CodingKeys: String, CodingKey {
        case name, op, strides, padding, dilations, bias
        case inputShape = "input_shape", filterShape = "filter_shape", outputShape = "output_shape"
    }

    /// Our options for the case; a malformed manifest entry is a test failure, not a crash.
    func options() throws -> ConvolutionOptions {
        let padding: Padding
        switch self.padding {
        case .named("SAME"): padding = .same
        case .named("VALID"): padding = .valid
        case .explicit(let p) where p.count == 4: padding = .explicit(top: p[0], bottom: p[1], left: p[2], right: p[3])
        default: throw GoldenManifestError("case \(name): unknown padding")
        }
        guard strides.count == 2, dilations.count == 2 else { throw GoldenManifestError("case \(name): bad strides/dilations") }
        return ConvolutionOptions(strides: (strides[0], strides[1]), padding: padding, dilations: (dilations[0], dilations[1]))
    }

    func array(_ file: String, in folder: URL = GoldenCase.folder) throws -> NPYArray {
        try NPYFile.read(path: folder.appendingPathComponent(name).appendingPathComponent(file).path)
    }

    /// Fixtures/conv, from this file's place in the repository.
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/conv")
    static let folder = fixtures.appendingPathComponent("golden")

    struct Manifest: Decodable {
        let tensorflow: String
        let cases: [GoldenCase]
    }

    static func manifest() throws -> Manifest {
        let data = try Data(contentsOf: folder.appendingPathComponent("cases.json"))
        return try JSONDecoder().decode(Manifest.self, from: data)
    }

    /// Every case, or none if the manifest is missing (which `manifestIsComplete` reports as a failure).
    static let all: [GoldenCase] = (try? manifest().cases) ?? []
}

struct GoldenManifestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Our convolutions against outputs computed by TensorFlow's tf.nn.conv2d / depthwise_conv2d.
@Suite struct GoldenTests {
    @Test func manifestIsComplete() throws {
        let manifest = try GoldenCase.manifest()
        #expect(manifest.tensorflow.split(separator: ".").count >= 2)
        #expect(manifest.cases.count >= 40)
        // The sweep must keep covering what the issue asks for.
        let conv = manifest.cases.filter { $0.op == "conv2d" }
        #expect(Set(conv.flatMap(\.strides)).isSuperset(of: [1, 2, 3, 4]))
        #expect(conv.contains { $0.strides[0] != $0.strides[1] })
        #expect(conv.contains { $0.dilations.contains { $0 > 1 } })
        #expect(conv.contains { if case .explicit = $0.padding { true } else { false } })
        #expect(conv.contains { $0.inputShape[0] > 1 })
        #expect(Set(conv.map { $0.inputShape[3] }).isSuperset(of: [1, 2, 3, 4, 16]))
        #expect(Set(conv.map { $0.filterShape[3] }).isSuperset(of: [1, 64]))
        #expect(conv.contains { $0.filterShape[0] % 2 == 0 })
        #expect(conv.contains { $0.filterShape[0] == 1 && $0.filterShape[1] == 1 })
        #expect(conv.contains { $0.filterShape[0] > $0.inputShape[1] })
        #expect(conv.contains { $0.inputShape[3] != $0.filterShape[2] })
        #expect(conv.contains { $0.bias })
        #expect(manifest.cases.contains { $0.op == "depthwise_conv2d" })
    }

    @Test(arguments: GoldenCase.all)
    func matchesTensorFlow(_ golden: GoldenCase) throws {
        let input = try golden.array("input.npy").tensor()
        let filter = try golden.array("filter.npy")
        let expected = try golden.array("expected.npy")
        #expect(input.shape == golden.inputShape)
        #expect(expected.shape == golden.outputShape)
        let options = try golden.options()
        let results: [(String, Tensor)]
        switch golden.op {
        case "conv2d":
            let bank = try filter.filterBank(bias: golden.bias ? try golden.array("bias.npy") : nil)
            results = [
                ("conv2D", try conv2D(input, bank, options: options)),
                ("reference", try ReferenceConvolution.conv2D(input, bank, options: options)),
            ]
        case "depthwise_conv2d":
            let s = filter.shape
            let depthwise = try DepthwiseFilter(height: s[0], width: s[1], channels: s[2], multiplier: s[3], weights: filter.values)
            results = [
                ("depthwiseConv2D", try depthwiseConv2D(input, depthwise, options: options)),
                ("reference", try ReferenceConvolution.depthwiseConv2D(input, depthwise, options: options)),
            ]
        default:
            throw GoldenManifestError("case \(golden.name): unknown op \(golden.op)")
        }
        let magnitude = max(1, expected.values.map(abs).max() ?? 0)
        let tolerance = 1e-4 * magnitude
        for (label, output) in results {
            #expect(output.shape == expected.shape, "\(golden.name) \(label)")
            guard output.shape == expected.shape else { continue }
            let worst = zip(output.scalars, expected.values).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= tolerance, "\(golden.name) \(label): max error \(worst) > \(tolerance)")
        }
    }
}
