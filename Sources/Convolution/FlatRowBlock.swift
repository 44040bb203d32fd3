/// Vertical register blocking for `FlatRowKernel`: eight output rows of a dense kernelHeight × kw
/// depthwise kernel (vertical stride and dilation 1) at once, one SIMD8 column of flattened values
/// per step. Output rows r and r + 1 read the same input rows shifted by one, so each input vector is
/// loaded once and multiplied into up to kernelHeight of the eight accumulators, instead of once per
/// tap and output row: a 3×3 kernel needs 30 input loads for 72 multiply-adds (the row loop: 72), and
/// eight independent accumulators keep both FMA pipes busy where a chain of four waits on latency.
/// Registers: 8 accumulators + kernelHeight weight vectors (one kernel column, for the column's
/// phase) + the loaded input, so kernelHeight ≤ 7 fits the 16 AVX2 registers.
///
/// Each output value is the same chain of fused multiply-adds as `FlatRowKernel.run` with the taps
/// listed column by column (tap n·kh + m), so rows computed here and rows left to the row loop (a
/// band's last rows, the scalar tail of every row) agree bit for bit, whatever the band split.
enum FlatRowBlock<let kernelHeight: Int> {
    /// Output rows per block.
    static var rows: Int { 8 }

    /// Output values `0 ..< vectorEnd` (a multiple of 8) of eight consecutive output rows: row r reads
    /// `input + r·inputRowFloats`, writes `output + r·outputRowFloats`. `kernel` holds kernelHeight ×
    /// `kernelWidth` taps, tap n·kernelHeight + m at input offset m·inputRowFloats + (column shift of n).
    static func run(_ kernel: FlatRowKernel, kernelWidth: Int, input: UnsafePointer<Float>, inputRowFloats: Int,
                    output: UnsafeMutablePointer<Float>, outputRowFloats: Int, vectorEnd: Int) {
        let shifts = UnsafePointer(kernel.offsets)
        let inputRowBytes = inputRowFloats &* 4, outputRowBytes = outputRowFloats &* 4
        var phase = 0
        var f = 0
        while f < vectorEnd {
            let vectors = kernel.weights.vectors(phase: phase)
            var a = InlineArray<8, SIMD8<Float>>(repeating: .zero)
            for n in 0..<kernelWidth {
                var w = InlineArray<kernelHeight, SIMD8<Float>>(repeating: .zero)
                for m in 0..<kernelHeight {
                    w[m] = vectors.loadUnaligned(fromByteOffset: (n &* kernelHeight &+ m) &* 32, as: SIMD8<Float>.self)
                }
                let column = UnsafeRawPointer(input + f + shifts[n &* kernelHeight])
                // Written out per input row (constant i), so every accumulator index is a constant and
                // the block stays in registers.
                feed(0, column, inputRowBytes, w, &a); feed(1, column, inputRowBytes, w, &a)
                feed(2, column, inputRowBytes, w, &a); feed(3, column, inputRowBytes, w, &a)
                feed(4, column, inputRowBytes, w, &a); feed(5, column, inputRowBytes, w, &a)
                feed(6, column, inputRowBytes, w, &a); feed(7, column, inputRowBytes, w, &a)
                feed(8, column, inputRowBytes, w, &a); feed(9, column, inputRowBytes, w, &a)
                feed(10, column, inputRowBytes, w, &a); feed(11, column, inputRowBytes, w, &a)
                feed(12, column, inputRowBytes, w, &a); feed(13, column, inputRowBytes, w, &a)
            }
            let out = UnsafeMutableRawPointer(output + f)
            for r in 0..<8 { out.storeBytes(of: a[r], toByteOffset: r &* outputRowBytes, as: SIMD8<Float>.self) }
            f &+= 8
            phase = kernel.weights.advance(phase)
        }
    }

    /// Input row i of the block (if the kernel reaches it) feeds output row i − m with weight m.
    @inline(__always)
    private static func feed(_ i: Int, _ column: UnsafeRawPointer, _ rowBytes: Int, _ w: InlineArray<kernelHeight, SIMD8<Float>>,
                             _ a: inout InlineArray<8, SIMD8<Float>>) {
        guard i < kernelHeight + 7 else { return }
        let x = column.loadUnaligned(fromByteOffset: i &* rowBytes, as: SIMD8<Float>.self)
        for m in 0..<kernelHeight where i - m >= 0 && i - m < 8 {
            a[i - m] = a[i - m].addingProduct(x, w[m])
        }
    }
}
