import Essentials
/// The border as its own step: copies the input rows a band of output rows reads into a scratch
/// buffer, with the padded positions (top/bottom rows, left/right columns) filled as `border` says,
/// so that every way of computing rows runs VALID-only and branch-free. Only one band per worker
/// exists at a time, so a 12 MP input costs a few hundred kilobytes of scratch, not a padded copy.
struct PaddedBandLayout: Sendable {
    /// Padded columns each scratch row holds: exactly those the kernel can read.
    let columns: Int
    /// Floats per scratch row (`columns · channels`).
    let rowStride: Int
    /// Input channels (all groups).
    let channels: Int
    /// Input rows and columns before padding.
    let inHeight: Int, inWidth: Int
    /// Padded rows above and padded columns left of the input.
    let padTop: Int, padLeft: Int
    /// Vertical stride and effective kernel height.
    let strideH: Int, effectiveHeight: Int
    /// What the padded positions hold.
    let border: Border

    /// The layout for `geometry`: the kernel reads (outWidth − 1)·sw + (kw − 1)·dw + 1 padded columns per row.
    init(_ geometry: ConvolutionGeometry, border: Border) {
        columns = (geometry.outWidth - 1) * geometry.strideW + (geometry.kernelWidth - 1) * geometry.dilationW + 1
        channels = geometry.inChannels
        rowStride = columns * geometry.inChannels
        inHeight = geometry.inHeight
        inWidth = geometry.inWidth
        padTop = geometry.rows.padBefore
        padLeft = geometry.cols.padBefore
        strideH = geometry.strideH
        effectiveHeight = (geometry.kernelHeight - 1) * geometry.dilationH + 1
        self.border = border
    }

    /// Largest band (one output row's worth of padded input) the banded paths accept, in floats (256 MB).
    /// Only absurd geometries exceed it — e.g. dilation 10⁴ under SAME, where almost every tap lands in
    /// the padding; those run on the reference loops instead of allocating a gigantic scratch.
    static let maxBandFloats = 64 << 20

    /// Whether one output row's band for `geometry` fits `maxBandFloats` (overflow-checked).
    static func fits(_ geometry: ConvolutionGeometry) -> Bool {
        func product(_ values: Int...) -> Int? {
            var total = 1
            for v in values {
                let (p, overflow) = total.multipliedReportingOverflow(by: v)
                if overflow { return nil }
                total = p
            }
            return total
        }
        guard let spanH = product(geometry.kernelHeight - 1, geometry.dilationH),
              let spanW = product(geometry.kernelWidth - 1, geometry.dilationW),
              let reach = product(geometry.outWidth - 1, geometry.strideW),
              case let (columns, o1) = reach.addingReportingOverflow(spanW + 1), !o1,
              let floats = product(spanH + 1, columns, geometry.inChannels)
        else { return false }
        return floats <= maxBandFloats
    }

    /// Scratch rows needed for `outputRows` consecutive output rows.
    func rowCount(outputRows: Int) -> Int { (outputRows - 1) * strideH + effectiveHeight }

    /// Scratch floats for a band of `outputRows` output rows; 16 more, so a SIMD load that starts at a
    /// band's last value stays inside the buffer.
    func scratchFloats(outputRows: Int) -> Int { rowCount(outputRows: max(1, outputRows)) * rowStride + 16 }

    /// Output rows per band: as many as fit `budgetFloats` of scratch, but few enough that the batch
    /// splits into ≥ 4 work items per core, so a core slowed by other processes cannot stall the end.
    func bandRows(batch: Int, outHeight: Int, budgetFloats: Int) -> Int {
        let byBudget = max(1, (budgetFloats / max(1, rowStride) - effectiveHeight) / strideH + 1)
        let bandsPerImage = max(1, (4 * ParallelWork.cores + batch - 1) / batch)
        let byBalance = max(1, (outHeight + bandsPerImage - 1) / bandsPerImage)
        return min(outHeight, byBudget, byBalance)
    }

    /// Fills `scratch` with the padded rows read by output rows `firstRow ..< firstRow + outputRows` of
    /// image `image` (which points at that image's first input value), converting each sample to its
    /// float value on the way (`BandSample`).
    func fill<Sample: BandSample>(_ scratch: UnsafeMutablePointer<Float>, image: UnsafePointer<Sample>, firstRow: Int, outputRows: Int) {
        let rows = rowCount(outputRows: outputRows)
        let firstPadded = firstRow * strideH
        // Scratch columns padLeft ..< interiorEnd hold input columns 0 ..< interiorEnd − padLeft.
        let interiorStart = min(padLeft, columns)
        let interiorEnd = min(columns, padLeft + inWidth)
        let copyStart = interiorStart * channels
        let copyCount = (interiorEnd - interiorStart) * channels
        for r in 0..<rows {
            let row = scratch + r * rowStride
            guard let y = border.sourceIndex(firstPadded + r - padTop, length: inHeight) else {
                row.update(repeating: 0, count: rowStride)
                continue
            }
            let source = image + y * inWidth * channels
            if copyCount > 0 { Sample.convert(source + (interiorStart - padLeft) * channels, count: copyCount, to: row + copyStart) }
            if border == .zero {
                if copyStart > 0 { row.update(repeating: 0, count: copyStart) }
                let tail = rowStride - copyStart - copyCount
                if tail > 0 { (row + copyStart + copyCount).update(repeating: 0, count: tail) }
            } else {
                for x in 0..<interiorStart { copyPixel(from: source, column: x, to: row) }
                for x in interiorEnd..<columns { copyPixel(from: source, column: x, to: row) }
            }
        }
    }

    /// Writes padded column `x` of a scratch row from the input pixel the border maps it to.
    @inline(__always)
    private func copyPixel<Sample: BandSample>(from source: UnsafePointer<Sample>, column x: Int, to row: UnsafeMutablePointer<Float>) {
        if let input = border.sourceIndex(x - padLeft, length: inWidth) {
            Sample.convert(source + input * channels, count: channels, to: row + x * channels)
        } else {
            (row + x * channels).update(repeating: 0, count: channels)
        }
    }
}
