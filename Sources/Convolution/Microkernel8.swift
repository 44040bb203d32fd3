/// The register-blocked inner loop for 8-channel panels: 12 output pixels × 8 output channels held in
/// 12 AVX2 registers while every tap (m, n, c) adds one broadcast input × one weight vector.
/// Reads only the padded band (VALID-only, branch-free); no allocation, no ARC.
enum Microkernel8: RegisterBlock {
    /// Output pixels per call.
    static let pixels = 12

    /// Computes 12 consecutive output pixels of one panel (see `RegisterBlock.block`).
    @inline(__always)
    static func block<Stride: PixelStride>(
        _: Stride.Type, input: UnsafePointer<Float>, pixelStride: Int, taps: TapTable,
        weights: UnsafePointer<Float>, bias: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, outputStride: Int, lanes: Int
    ) {
        // A compile-time stride turns the pixel addresses into constant displacements from one
        // register; a runtime stride needs one pointer per pixel.
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
        var a10 = start
        var a11 = start
        let p1 = input + 1 * pixelStride
        let p2 = input + 2 * pixelStride
        let p3 = input + 3 * pixelStride
        let p4 = input + 4 * pixelStride
        let p5 = input + 5 * pixelStride
        let p6 = input + 6 * pixelStride
        let p7 = input + 7 * pixelStride
        let p8 = input + 8 * pixelStride
        let p9 = input + 9 * pixelStride
        let p10 = input + 10 * pixelStride
        let p11 = input + 11 * pixelStride
        let vectors = UnsafeRawPointer(weights)
        for t in 0..<taps.count {
            let offset = taps.offsets[t]
            let w = vectors.loadUnaligned(fromByteOffset: t &* 32, as: SIMD8<Float>.self)
            a0 = a0.addingProduct(SIMD8(repeating: input[offset]), w)
            a1 = a1.addingProduct(SIMD8(repeating: p1[offset]), w)
            a2 = a2.addingProduct(SIMD8(repeating: p2[offset]), w)
            a3 = a3.addingProduct(SIMD8(repeating: p3[offset]), w)
            a4 = a4.addingProduct(SIMD8(repeating: p4[offset]), w)
            a5 = a5.addingProduct(SIMD8(repeating: p5[offset]), w)
            a6 = a6.addingProduct(SIMD8(repeating: p6[offset]), w)
            a7 = a7.addingProduct(SIMD8(repeating: p7[offset]), w)
            a8 = a8.addingProduct(SIMD8(repeating: p8[offset]), w)
            a9 = a9.addingProduct(SIMD8(repeating: p9[offset]), w)
            a10 = a10.addingProduct(SIMD8(repeating: p10[offset]), w)
            a11 = a11.addingProduct(SIMD8(repeating: p11[offset]), w)
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
        FastStore.store(a10, to: output + 10 * outputStride, lanes: lanes)
        FastStore.store(a11, to: output + 11 * outputStride, lanes: lanes)
    }

    /// One output pixel of one panel (row tails shorter than a block).
    @inline(__always)
    static func single(
        input: UnsafePointer<Float>, taps: TapTable, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, lanes: Int
    ) {
        var a = UnsafeRawPointer(bias).loadUnaligned(as: SIMD8<Float>.self)
        let vectors = UnsafeRawPointer(weights)
        for t in 0..<taps.count {
            let w = vectors.loadUnaligned(fromByteOffset: t &* 32, as: SIMD8<Float>.self)
            a = a.addingProduct(SIMD8(repeating: input[taps.offsets[t]]), w)
        }
        FastStore.store(a, to: output, lanes: lanes)
    }
}
