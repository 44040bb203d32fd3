/// One way of computing output rows of one image from their padded band (`PaddedBandLayout.fill`
/// has already written the border, so an algorithm only ever does VALID): the direct SIMD core, the
/// flattened-row depthwise core (also the sparse schedule), separable/low-rank passes, or FFT tiles,
/// chosen per filter by `ScheduleChooser`.
protocol BandAlgorithm: Sendable {
    /// Writes `rows` consecutive output rows (`rows · outWidth · K` floats, row-major) to `output`.
    /// - band: the padded band of those rows, laid out by `layout`.
    /// - work: `workFloats(rows:)` floats of the worker's own scratch.
    func compute(band: UnsafePointer<Float>, layout: PaddedBandLayout, rows: Int, into output: UnsafeMutablePointer<Float>,
                 work: UnsafeMutablePointer<Float>)

    /// Floats of working memory `compute` needs besides the band, for bands of up to `rows` output rows.
    func workFloats(rows: Int) -> Int

    /// Output rows per band to run with when a caller's memory budget allows `budgetRows`: the panel
    /// core takes the budget; the flattened-row core asks for whole blocks of rows, and passes and
    /// tiles whose band overhead (the kernel's extra rows) is large ask for more.
    func bandRows(budgetRows: Int) -> Int
}

extension BandAlgorithm {
    func workFloats(rows: Int) -> Int { 0 }
    func bandRows(budgetRows: Int) -> Int { budgetRows }
}
