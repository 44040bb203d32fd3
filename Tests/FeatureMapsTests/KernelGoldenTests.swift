import Foundation
import Testing
@testable import FeatureMaps

/// Parametric kernels against references written by the real libraries (Fixtures/kernels/goldens.json,
/// from Scripts/make-kernel-goldens: cv2.getGaussianKernel, cv2.getDerivKernels, scipy.ndimage).
@Suite struct KernelGoldenTests {
    struct Goldens: Decodable {
        struct Gaussian: Decodable { let size: Int; let sigma: Double; let values: [Double] }
        struct Fixed: Decodable { let size: Int; let values: [Double] }
        struct Deriv: Decodable { let size: Int; let difference: [Double]; let smoothing: [Double] }
        struct Kernel: Decodable { let spec: String; let source: String; let height: Int; let width: Int; let values: [Double] }
        let gaussian1d: [Gaussian]
        let fixedTables: [Fixed]
        let derivKernels: [Deriv]
        let kernels: [Kernel]
    }

    static let goldens: Goldens = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/kernels/goldens.json")
        // A missing or broken fixture fails every test below with this message.
        guard let data = FileManager.default.contents(atPath: path.path),
              let goldens = try? JSONDecoder().decode(Goldens.self, from: data) else {
            fatalError("cannot read \(path.path); run Scripts/make-kernel-goldens")
        }
        return goldens
    }()

    @Test func oneDimensionalGaussiansMatchGetGaussianKernel() {
        #expect(Self.goldens.gaussian1d.count >= 10)
        for golden in Self.goldens.gaussian1d {
            let ours = GaussianKernel.coefficients(size: golden.size, sigma: golden.sigma)
            #expect(ours.count == golden.values.count)
            let error = zip(ours, golden.values).map { abs($0 - $1) }.max() ?? .infinity
            #expect(error < 1e-15, "size \(golden.size) σ \(golden.sigma): off by \(error)")
            #expect(abs(ours.reduce(0, +) - 1) < 1e-14)
        }
    }

    @Test func builtinGaussiansAreOpenCVsFixedTables() throws {
        // cv2.getGaussianKernel(n, 0) for n = 3, 5 is the binomial table the built-ins hold.
        let tables = Dictionary(uniqueKeysWithValues: Self.goldens.fixedTables.map { ($0.size, $0.values) })
        let three = try #require(tables[3]), five = try #require(tables[5])
        #expect(try #require(BuiltinKernels.named("gaussian")).weights == KernelMath.outer(three, three).map { Float($0) })
        #expect(try #require(BuiltinKernels.named("gaussian5")).weights == KernelMath.outer(five, five).map { Float($0) })
    }

    @Test func sobelOneDimensionalKernelsMatchGetDerivKernels() {
        for golden in Self.goldens.derivKernels {
            let op: DerivativeKernel.Operator = golden.size == -1 ? .scharr : .sobel
            let (smoothing, difference) = DerivativeKernel.separable(op, size: max(3, golden.size))
            #expect(smoothing == golden.smoothing, "size \(golden.size)")
            #expect(difference == golden.difference, "size \(golden.size)")
        }
    }

    @Test func everyGoldenKernelMatchesWithinOneMillionthOfItsLargestWeight() throws {
        #expect(Self.goldens.kernels.count >= 30)
        for golden in Self.goldens.kernels {
            var resolver = KernelSpecResolver()
            let filters = try resolver.filters(for: golden.spec)
            let filter = try #require(filters.first)
            #expect(filters.count == 1)
            #expect(filter.height == golden.height && filter.width == golden.width, "\(golden.spec): \(filter.shapeDescription)")
            guard filter.weights.count == golden.values.count else { continue }
            let largest = golden.values.map(abs).max() ?? 0
            let error = zip(filter.weights, golden.values).map { abs(Double($0) - $1) }.max() ?? .infinity
            #expect(error <= 1e-6 * largest, "\(golden.spec) vs \(golden.source): off by \(error) (largest \(largest))")
        }
    }
}
