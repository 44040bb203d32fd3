import Foundation
import Testing
@testable import FeatureMaps

/// Parametric kernels against plain references written out here (the cv2/scipy goldens are in
/// KernelGoldenTests): shapes, sums, symmetries and the exact weights of the integer families.
@Suite struct KernelFamilyTests {
    func kernel(_ spec: String) throws -> NamedFilter {
        var resolver = KernelSpecResolver()
        let filters = try resolver.filters(for: spec)
        #expect(filters.count == 1)
        return try #require(filters.first)
    }

    func sum(_ filter: NamedFilter) -> Double { filter.weights.reduce(0) { $0 + Double($1) } }

    @Test func defaultSizesCoverThreeSigmas() throws {
        #expect(try kernel("gaussian:1").height == 7)
        #expect(try kernel("gaussian:2").width == 13)
        #expect(try kernel("gaussian:5").height == 31)
        #expect(try kernel("gaussian:0.4").height == 5)   // 2⌈1.2⌉+1
        #expect(try kernel("gaussian:50").height == 301)
        #expect(try kernel("gaussian:1.5,5").height == 5)
        #expect(try kernel("log:1").height == 9)          // 2⌈4σ⌉+1
        #expect(try kernel("dog:1,2.5").height == 17)     // 2⌈3·2.5⌉+1
        #expect(try kernel("unsharp:2,1").height == 13)
    }

    @Test func sumsAreWhatEachFamilyPromises() throws {
        for spec in ["gaussian:0.7", "gaussian:3.3,9", "unsharp:1.2,0.7", "box:6", "motion:7,0", "motion:12.5,33"] {
            #expect(abs(sum(try kernel(spec)) - 1) < 1e-5, "\(spec)")
        }
        for spec in ["log:1.3", "log:2,7", "dog:1,1.6", "sobel:37,7", "scharr:200", "prewitt:10", "kirsch:315"] {
            let filter = try kernel(spec)
            let scale = filter.weights.map { Double(abs($0)) }.max() ?? 1
            #expect(abs(sum(filter)) < 1e-6 * scale * Double(filter.weights.count), "\(spec)")
        }
    }

    @Test func gaussiansAreSymmetricOuterProducts() throws {
        let g = try kernel("gaussian:1.7")
        let n = g.width
        for m in 0..<n {
            for k in 0..<n {
                #expect(g.weights[m * n + k] == g.weights[k * n + m])
                #expect(g.weights[m * n + k] == g.weights[(n - 1 - m) * n + (n - 1 - k)])
            }
        }
        #expect(g.weights.max() == g.weights[n * n / 2])
    }

    @Test func unsharpIsIdentityPlusAmountTimesDetail() throws {
        let gaussian = try kernel("gaussian:1"), unsharp = try kernel("unsharp:1,2")
        let centre = gaussian.weights.count / 2
        for index in gaussian.weights.indices {
            let expected = (index == centre ? 3 : 0) - 2 * Double(gaussian.weights[index])
            #expect(abs(Double(unsharp.weights[index]) - expected) < 1e-6)
        }
        var identity = [Float](repeating: 0, count: 49)
        identity[24] = 1
        #expect(try kernel("unsharp:1,0").weights == identity)
    }

    @Test func boxIsAnAverage() throws {
        let box = try kernel("box:4")
        #expect(box.height == 4 && box.width == 4 && box.weights == [Float](repeating: 1 / 16, count: 16))
        #expect(try kernel("box:1").weights == [1])
    }

    @Test func motionLinesAlongTheAxesAreExact() throws {
        let horizontal = try kernel("motion:9,0")
        #expect(horizontal.height == 1 && horizontal.width == 9)
        #expect(horizontal.weights == [Float](repeating: Float(1.0 / 9), count: 9))
        let vertical = try kernel("motion:5,90")
        #expect(vertical.height == 5 && vertical.width == 1 && vertical.weights == [Float](repeating: 0.2, count: 5))
        // An even length is centred: half weights at both ends.
        #expect(try kernel("motion:4,180").weights == [0.125, 0.25, 0.25, 0.25, 0.125])
        #expect(try kernel("motion:1,77").weights == [1])
    }

    @Test func motionAtAnAngleIsPointSymmetricAndRisesToTheRight() throws {
        let line = try kernel("motion:9,45")
        let (h, w) = (line.height, line.width)
        #expect(h == w && h % 2 == 1)
        for index in line.weights.indices { #expect(line.weights[index] == line.weights[line.weights.count - 1 - index]) }
        // 45° goes up to the right: the top-right corner is on the line, the top-left is not.
        #expect(line.weights[w - 1] > 0 && line.weights[0] == 0)
        #expect(try kernel("motion:9,225").weights == line.weights)
        // Mirroring the angle mirrors the rows.
        let mirrored = try kernel("motion:9,-45")
        for m in 0..<h { #expect(Array(mirrored.weights[(m * w)..<((m + 1) * w)]) == Array(line.weights[((h - 1 - m) * w)..<((h - m) * w)])) }
    }

    @Test func edgeFamiliesAtRightAnglesAreTheBuiltins() throws {
        for (spec, builtin) in [("sobel:0", "sobel-right"), ("sobel:90", "sobel-top"), ("sobel:180", "sobel-left"),
                                ("sobel:270", "sobel-bottom"), ("sobel:-90", "sobel-bottom"), ("sobel:450", "sobel-top")] {
            #expect(try kernel(spec).weights == BuiltinKernels.named(builtin)?.weights, "\(spec)")
        }
        #expect(try kernel("prewitt:0").weights == [-1, 0, 1, -1, 0, 1, -1, 0, 1])
        #expect(try kernel("scharr:90").weights == [3, 10, 3, 0, 0, 0, -3, -10, -3])
        #expect(try kernel("sobel:0,5").weights.prefix(5) == [-1, -2, 0, 2, 1])
    }

    @Test func steeredEdgesAreTheDirectionalDerivative() throws {
        let (gx, gy) = (try kernel("sobel:0"), try kernel("sobel:90"))
        let angle = 30.0 * Double.pi / 180
        let steered = try kernel("sobel:30")
        for index in 0..<9 {
            let expected = cos(angle) * Double(gx.weights[index]) + sin(angle) * Double(gy.weights[index])
            #expect(abs(Double(steered.weights[index]) - expected) < 1e-6)
        }
    }

    @Test func kirschCompassMasks() throws {
        // The eight masks from the literature, written out by hand.
        let masks: [(Int, [Float])] = [
            (0, [-3, -3, 5, -3, 0, 5, -3, -3, 5]), (45, [-3, 5, 5, -3, 0, 5, -3, -3, -3]),
            (90, [5, 5, 5, -3, 0, -3, -3, -3, -3]), (135, [5, 5, -3, 5, 0, -3, -3, -3, -3]),
            (180, [5, -3, -3, 5, 0, -3, 5, -3, -3]), (225, [-3, -3, -3, 5, 0, -3, 5, 5, -3]),
            (270, [-3, -3, -3, -3, 0, -3, 5, 5, 5]), (315, [-3, -3, -3, -3, 0, 5, -3, 5, 5]),
        ]
        for (degrees, weights) in masks { #expect(try kernel("kirsch:\(degrees)").weights == weights, "kirsch:\(degrees)") }
    }

    @Test func laplacianOfGaussianLooksLikeLog5() throws {
        let log = try kernel("log:1")
        let centre = log.weights.count / 2
        #expect(log.weights[centre] == log.weights.max())   // bright blob → positive, like log5
        #expect(log.weights[centre] > 0 && log.weights[0] < 0)
    }

    @Test func everyFamilyExampleResolvesAndListsItsFormula() throws {
        for family in KernelFamily.allCases {
            let filter = try kernel(family.example)
            #expect(filter.name.hasPrefix(family.rawValue + "-"))
            #expect(!family.formula.isEmpty && family.syntax.hasPrefix(family.rawValue + ":"))
            #expect(filter.height <= KernelFamily.maximumSide && filter.width <= KernelFamily.maximumSide)
        }
    }
}
