/// The 8-channel microkernel specialised for 3-wide kernels at horizontal stride 1 and dilation 1
/// (3×3 photo banks on RGB): neighbouring output pixels share input columns, so each input value is
/// broadcast once and multiplied into up to three accumulators (taps n = 0, 1, 2) instead of being
/// broadcast once per tap. 10 pixels × 8 channels in 10 registers + 3 weight vectors + 2 broadcasts.
enum Microkernel8Slide3: RegisterBlock {
    /// Output pixels per call.
    static let pixels = 10

    /// Computes 10 consecutive output pixels of one 8-channel panel: row m, channel c of pixel q + n is
    /// read at `input + taps.rowOffsets[m] + (q + n)·pixelStride + c`; weights in (m, n, c) order.
    @inline(__always)
    static func block<Stride: PixelStride>(
        _: Stride.Type, input: UnsafePointer<Float>, pixelStride: Int, taps: TapTable,
        weights: UnsafePointer<Float>, bias: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, outputStride: Int, lanes: Int
    ) {
        let pixelStride = Stride.fixed == 0 ? pixelStride : Stride.fixed
        let start = UnsafeRawPointer(bias).loadUnaligned(as: SIMD8<Float>.self)
        var a0 = start
        var a1 = start
        var a2 = start
        var a3 = start
        var a4 = start
        var a5 = start
        var a6 = start
        var a7 = start
        var a8 = start
        var a9 = start
        let vectors = UnsafeRawPointer(weights)
        let channels = taps.channels
        let tapStride = channels &* 32  // bytes between the vectors of taps n and n + 1
        for m in 0..<taps.rows {
            let row = input + taps.rowOffsets[m]
            for c in 0..<channels {
                let p = row + c
                let w = (m &* 3 &* channels &+ c) &* 32
                let w0 = vectors.loadUnaligned(fromByteOffset: w, as: SIMD8<Float>.self)
                let w1 = vectors.loadUnaligned(fromByteOffset: w &+ tapStride, as: SIMD8<Float>.self)
                let w2 = vectors.loadUnaligned(fromByteOffset: w &+ 2 &* tapStride, as: SIMD8<Float>.self)
                let x0 = SIMD8<Float>(repeating: p[0 &* pixelStride])
                a0 = a0.addingProduct(x0, w0)
                let x1 = SIMD8<Float>(repeating: p[1 &* pixelStride])
                a1 = a1.addingProduct(x1, w0)
                a0 = a0.addingProduct(x1, w1)
                let x2 = SIMD8<Float>(repeating: p[2 &* pixelStride])
                a2 = a2.addingProduct(x2, w0)
                a1 = a1.addingProduct(x2, w1)
                a0 = a0.addingProduct(x2, w2)
                let x3 = SIMD8<Float>(repeating: p[3 &* pixelStride])
                a3 = a3.addingProduct(x3, w0)
                a2 = a2.addingProduct(x3, w1)
                a1 = a1.addingProduct(x3, w2)
                let x4 = SIMD8<Float>(repeating: p[4 &* pixelStride])
                a4 = a4.addingProduct(x4, w0)
                a3 = a3.addingProduct(x4, w1)
                a2 = a2.addingProduct(x4, w2)
                let x5 = SIMD8<Float>(repeating: p[5 &* pixelStride])
                a5 = a5.addingProduct(x5, w0)
                a4 = a4.addingProduct(x5, w1)
                a3 = a3.addingProduct(x5, w2)
                let x6 = SIMD8<Float>(repeating: p[6 &* pixelStride])
                a6 = a6.addingProduct(x6, w0)
                a5 = a5.addingProduct(x6, w1)
                a4 = a4.addingProduct(x6, w2)
                let x7 = SIMD8<Float>(repeating: p[7 &* pixelStride])
                a7 = a7.addingProduct(x7, w0)
                a6 = a6.addingProduct(x7, w1)
                a5 = a5.addingProduct(x7, w2)
                let x8 = SIMD8<Float>(repeating: p[8 &* pixelStride])
                a8 = a8.addingProduct(x8, w0)
                a7 = a7.addingProduct(x8, w1)
                a6 = a6.addingProduct(x8, w2)
                let x9 = SIMD8<Float>(repeating: p[9 &* pixelStride])
                a9 = a9.addingProduct(x9, w0)
                a8 = a8.addingProduct(x9, w1)
                a7 = a7.addingProduct(x9, w2)
                let x10 = SIMD8<Float>(repeating: p[10 &* pixelStride])
                a9 = a9.addingProduct(x10, w1)
                a8 = a8.addingProduct(x10, w2)
                let x11 = SIMD8<Float>(repeating: p[11 &* pixelStride])
                a9 = a9.addingProduct(x11, w2)
            }
        }
        FastStore.store(a0, to: output + 0 * outputStride, lanes: lanes)
        FastStore.store(a1, to: output + 1 * outputStride, lanes: lanes)
        FastStore.store(a2, to: output + 2 * outputStride, lanes: lanes)
        FastStore.store(a3, to: output + 3 * outputStride, lanes: lanes)
        FastStore.store(a4, to: output + 4 * outputStride, lanes: lanes)
        FastStore.store(a5, to: output + 5 * outputStride, lanes: lanes)
        FastStore.store(a6, to: output + 6 * outputStride, lanes: lanes)
        FastStore.store(a7, to: output + 7 * outputStride, lanes: lanes)
        FastStore.store(a8, to: output + 8 * outputStride, lanes: lanes)
        FastStore.store(a9, to: output + 9 * outputStride, lanes: lanes)
    }

    /// Pixels of segments shorter than a block share no columns worth the set-up: the plain 8-wide pixel.
    @inline(__always)
    static func single(
        input: UnsafePointer<Float>, taps: TapTable, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, lanes: Int
    ) {
        Microkernel8.single(input: input, taps: taps, weights: weights, bias: bias, output: output, lanes: lanes)
    }
}
