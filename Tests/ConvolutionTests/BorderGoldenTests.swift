import Foundation
import Testing
@testable import Convolution
import Essentials

/// One geometry of Fixtures/conv/border/cases.json (Scripts/make-border-goldens, from OpenCV) with
/// its expected output for every border.
struct BorderGoldenCase: Decodable, Sendable, CustomTestStringConvertible {
    /// Shapes, strides, padding and dilations, as in the TensorFlow goldens.
    let geometry: GoldenCase
    /// Border name → expected output file.
    let expected: [String: String]
    /// Borders for which plain cv2.filter2D (no copyMakeBorder) agreed when the fixtures were made.
    let plainFilter2D: [String]
    /// The pads the fixture script computed from TF's formula, `[top, bottom, left, right]`.
    let pads: [Int]

    var testDescription: String { geometry.name }

    enum CodingKeys: String, CodingKey { case expected, pads, plainFilter2D = "plain_filter2d" }

    init(from decoder: any Decoder) throws {
        geometry = try GoldenCase(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        expected = try container.decode([String: String].self, forKey: .expected)
        plainFilter2D = try container.decode([String].self, forKey: .plainFilter2D)
        pads = try container.decode([Int].self, forKey: .pads)
    }

    static let folder = GoldenCase.fixtures.appendingPathComponent("border")

    struct Manifest: Decodable {
        let opencv: String
        let cases: [BorderGoldenCase]
    }

    static func manifest() throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: folder.appendingPathComponent("cases.json")))
    }

    /// Every case, or none if the manifest is missing (which `manifestIsComplete` reports as a failure).
    static let all: [BorderGoldenCase] = (try? manifest().cases) ?? []
}

/// Every border of the fast core and of the reference against OpenCV's copyMakeBorder + filter2D.
@Suite struct BorderGoldenTests {
    @Test func manifestIsComplete() throws {
        let manifest = try BorderGoldenCase.manifest()
        #expect(manifest.opencv.split(separator: ".").count >= 2)
        let cases = manifest.cases
        #expect(cases.count >= 25)
        #expect(cases.allSatisfy { Set($0.expected.keys) == Set(Border.allCases.map(\.rawValue)) })
        let shapes = cases.map(\.geometry)
        #expect(shapes.contains { $0.filterShape[0] % 2 == 0 })
        #expect(shapes.contains { $0.filterShape[0] == 1 && $0.filterShape[1] > 1 })
        #expect(shapes.contains { $0.strides.contains { $0 > 1 } })
        #expect(shapes.contains { $0.dilations.contains { $0 > 1 } })
        #expect(shapes.contains { $0.inputShape[3] > 1 && $0.op == "conv2d" })
        #expect(shapes.contains { $0.op == "depthwise_conv2d" && $0.filterShape[3] == 1 })
        #expect(shapes.contains { $0.op == "depthwise_conv2d" && $0.filterShape[3] > 1 })
        #expect(shapes.contains { $0.inputShape[1] == 1 && $0.inputShape[2] == 1 })
        // Padding larger than the image along some axis.
        #expect(cases.contains { $0.pads[0] >= $0.geometry.inputShape[1] || $0.pads[2] >= $0.geometry.inputShape[2] })
        #expect(cases.contains { $0.plainFilter2D.count == 3 })
    }

    @Test(arguments: BorderGoldenCase.all)
    func matchesOpenCV(_ golden: BorderGoldenCase) throws {
        let g = golden.geometry
        let folder = BorderGoldenCase.folder
        let input = try g.array("input.npy", in: folder).tensor()
        let filter = try g.array("filter.npy", in: folder)
        // The geometry's own padding must be the one the fixture padded by.
        let geometry = try ConvolutionGeometry(inputShape: g.inputShape, kernelHeight: g.filterShape[0], kernelWidth: g.filterShape[1],
                                               options: try g.options())
        #expect([geometry.rows.padBefore, geometry.rows.padAfter, geometry.cols.padBefore, geometry.cols.padAfter] == golden.pads)
        for border in Border.allCases {
            guard let file = golden.expected[border.rawValue] else { continue }
            let expected = try g.array(file, in: folder)
            var options = try g.options()
            options.border = border
            let results: [(String, Tensor)]
            if g.op == "conv2d" {
                let bank = try filter.filterBank()
                results = [("conv2D", try conv2D(input, bank, options: options)),
                           ("reference", try ReferenceConvolution.conv2D(input, bank, options: options))]
            } else {
                let s = filter.shape
                let depthwise = try DepthwiseFilter(height: s[0], width: s[1], channels: s[2], multiplier: s[3], weights: filter.values)
                results = [("depthwiseConv2D", try depthwiseConv2D(input, depthwise, options: options)),
                           ("reference", try ReferenceConvolution.depthwiseConv2D(input, depthwise, options: options))]
            }
            let tolerance = 1e-5 * max(1, expected.values.map(abs).max() ?? 0)
            for (label, output) in results {
                #expect(output.shape == expected.shape, "\(g.name) \(border) \(label)")
                guard output.shape == expected.shape else { continue }
                let worst = zip(output.scalars, expected.values).map { abs($0 - $1) }.max() ?? 0
                #expect(worst <= tolerance, "\(g.name) \(border) \(label): max error \(worst) > \(tolerance)")
            }
        }
    }
}

/// The index mapping against OpenCV's documented examples (`borderInterpolate`).
@Suite struct BorderIndexTests {
    /// Positions −3 … 10 of an 8-pixel axis abcdefgh, as letters (0 = a), "0" for a zero.
    static func row(_ border: Border) -> String {
        (-3...10).map { p in border.sourceIndex(p, length: 8).map { String(UnicodeScalar(UInt8(97 + $0))) } ?? "0" }.joined()
    }

    @Test func openCVDocumentedExamples() {
        #expect(Self.row(.zero) == "000abcdefgh000")
        #expect(Self.row(.replicate) == "aaaabcdefghhhh")
        #expect(Self.row(.reflect) == "dcbabcdefghgfe")
        #expect(Self.row(.wrap) == "fghabcdefghabc")
    }

    @Test func farOutsideAndTinyAxes() {
        // Reflect folds back and forth: period 2·(8 − 1) = 14.
        #expect(Border.reflect.sourceIndex(-15, length: 8) == 1)
        #expect(Border.reflect.sourceIndex(21, length: 8) == 7)
        #expect(Border.wrap.sourceIndex(-17, length: 8) == 7)
        for border in [Border.replicate, .reflect, .wrap] {
            #expect((-5...5).allSatisfy { border.sourceIndex($0, length: 1) == 0 }, "\(border) on one pixel")
            #expect(border.sourceIndex(-1, length: 0) == nil)
        }
        #expect([-3, -2, -1, 2, 3, 4].map { Border.reflect.sourceIndex($0, length: 2) } == [1, 0, 1, 0, 1, 0])
    }
}
