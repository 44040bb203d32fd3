import Essentials

/// Images as interleaved integer samples, NHWC like `Tensor`.
public struct InterleavedSamples<Sample: FixedWidthInteger & UnsignedInteger & Sendable>: Sendable {
    /// `[N, H, W, C]`.
    public let shape: [Int]
    /// `N·H·W·C` samples in NHWC order.
    public let samples: [Sample]

    /// Checks that `samples` holds exactly the values of a 4-D `shape` of non-negative sizes.
    public init(shape: [Int], samples: [Sample]) throws {
        if let problem = Tensor.shapeProblem(shape, holding: samples.count, of: "an image of samples", values: "samples") {
            throw ConvolutionError.invalidShape(problem)
        }
        self.shape = shape
        self.samples = samples
    }
}

extension InterleavedSamples where Sample == UInt8 {
    /// The same images as floats (v): what the plan's results equal.
    public var tensor: Tensor { floats() }
}

extension InterleavedSamples where Sample == UInt16 {
    /// The same images as floats (v/257): what the plan's results equal.
    public var tensor: Tensor { floats() }
}

extension InterleavedSamples where Sample: BandSample {
    /// Every sample converted as the band fill converts it.
    func floats() -> Tensor {
        let scalars = samples.withUnsafeBufferPointer { source in
            [Float](unsafeUninitializedCapacity: source.count) { target, initialized in
                if let s = source.baseAddress, let t = target.baseAddress { Sample.convert(s, count: source.count, to: t) }
                initialized = source.count
            }
        }
        // The shape was checked against the count in init.
        return try! Tensor(shape: shape, scalars: scalars)
    }
}
