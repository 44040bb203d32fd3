import Testing
@testable import FeatureMaps

/// The built-in kernels hold exactly the issue's values (written out here by hand, not derived from the table).
@Suite struct BuiltinKernelsTests {
    @Test(arguments: [
        ("identity", [Float](arrayLiteral: 0, 0, 0, 0, 1, 0, 0, 0, 0)),
        ("blur", [Float](repeating: Float(1) / 9, count: 9)),
        ("gaussian", [Float](arrayLiteral: 1, 2, 1, 2, 4, 2, 1, 2, 1).map { $0 / 16 }),
        ("sharpen", [0, -1, 0, -1, 5, -1, 0, -1, 0]),
        ("outline", [-1, -1, -1, -1, 8, -1, -1, -1, -1]),
        ("emboss", [-2, -1, 0, -1, 1, 1, 0, 1, 2]),
        ("shift", [0, 0, 0, 1, 0, 0, 0, 0, 0]),
        ("horizontal-edge", [1, 1, 1, 0, 0, 0, -1, -1, -1]),
        ("sobel-left", [1, 0, -1, 2, 0, -2, 1, 0, -1]),
        ("sobel-right", [-1, 0, 1, -2, 0, 2, -1, 0, 1]),
        ("sobel-top", [1, 2, 1, 0, 0, 0, -1, -2, -1]),
        ("sobel-bottom", [-1, -2, -1, 0, 0, 0, 1, 2, 1]),
        ("laplacian", [0, 1, 0, 1, -4, 1, 0, 1, 0]),
    ] as [(String, [Float])])
    func issueValues(name: String, weights: [Float]) throws {
        let filter = try #require(BuiltinKernels.named(name))
        #expect(filter.height == 3 && filter.width == 3 && filter.inChannels == nil && filter.bias == 0)
        #expect(filter.weights == weights)
    }

    @Test func largerKernels() throws {
        let binomial: [Float] = [1, 4, 6, 4, 1]
        let gaussian5 = try #require(BuiltinKernels.named("gaussian5"))
        #expect(gaussian5.weights == binomial.flatMap { a in binomial.map { a * $0 / 256 } })
        #expect(try #require(BuiltinKernels.named("box5")).weights == [Float](repeating: Float(1) / 25, count: 25))
        let log5 = try #require(BuiltinKernels.named("log5"))
        #expect(log5.weights == [0, 0, -1, 0, 0, 0, -1, -2, -1, 0, -1, -2, 16, -2, -1, 0, -1, -2, -1, 0, 0, 0, -1, 0, 0])
        #expect(log5.weights.reduce(0, +) == 0)
    }

    @Test func namesAreUniqueAndLookupIsExact() {
        #expect(Set(BuiltinKernels.names).count == BuiltinKernels.all.count)
        #expect(BuiltinKernels.all.count == 16)
        #expect(BuiltinKernels.named("Blur") == nil)
        #expect(BuiltinKernels.named("nope") == nil)
    }
}
