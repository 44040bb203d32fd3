/// One way of computing output rows of one image from their padded band (`PaddedBandLayout.fill`
/// has already written the border, so an algorithm only ever does VALID). The direct SIMD core and the
/// flattened-row depthwise core are two; separable, low-rank, sparse or FFT schedules for large
/// kernels fit here as others, each chosen per filter by the plan.
protocol BandAlgorithm: Sendable {
    /// Writes `rows` consecutive output rows (`rows · outWidth · K` floats, row-major) to `output`.
    /// - band: the padded band of those rows, laid out by `layout`.
    func compute(band: UnsafePointer<Float>, layout: PaddedBandLayout, rows: Int, into output: UnsafeMutablePointer<Float>)
}
