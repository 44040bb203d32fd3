/// The photo-mode depthwise core (multiplier 1, horizontal stride 1): along the flattened padded row,
/// output value x·C + c reads input x·C + c + (tap offset), so whole SIMD8 vectors of consecutive
/// values load contiguously, and the weight vector of each tap is periodic in c (one precomputed vector
/// per tap and phase, `PhaseWeights`).
final class FlatRowDepthwise: BandAlgorithm, @unchecked Sendable {
    /// Largest channel count whose per-phase weight table is built (C phases × taps vectors).
    static let maxChannels = 64

    /// Per-phase weight vectors; read-only after init.
    let weights: PhaseWeights
    /// `[fh, fw, C]` weights, for the scalar tail of a row.
    let raw: UnsafeMutablePointer<Float>
    /// One offset per (m, n), owned here.
    let taps: TapTable
    /// Floats in one output row: outWidth · C.
    let rowFloats: Int

    /// Whether this core computes `filter` on `geometry`.
    static func handles(_ filter: DepthwiseFilter, _ geometry: ConvolutionGeometry) -> Bool {
        filter.multiplier == 1 && geometry.strideW == 1 && filter.channels <= maxChannels
    }

    /// Prepares `filter` (multiplier 1) over bands laid out by `layout`.
    init(_ filter: DepthwiseFilter, geometry: ConvolutionGeometry, layout: PaddedBandLayout) {
        weights = PhaseWeights(filter)
        raw = UnsafeMutablePointer<Float>.allocate(capacity: filter.weights.count)
        raw.initialize(from: filter.weights, count: filter.weights.count)
        taps = TapTable(geometry, rowStride: layout.rowStride, channels: 1)
        rowFloats = geometry.outWidth * geometry.inChannels
    }

    deinit {
        raw.deallocate()
        taps.deallocate()
    }

    func compute(band: UnsafePointer<Float>, layout: PaddedBandLayout, rows: Int, into output: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            convolveRow(band + r * layout.strideH * layout.rowStride, output: output + r * rowFloats)
        }
    }

    /// One flattened output row: 4 vectors at a time, then single vectors, then scalars.
    @inline(__always)
    private func convolveRow(_ row: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let length = rowFloats
        let tapCount = weights.tapCount
        let channels = weights.channels
        let taps = self.taps.offsets
        var f = 0
        var phase = 0
        while f + 32 <= length {
            let phase1 = weights.advance(phase), phase2 = weights.advance(phase1), phase3 = weights.advance(phase2)
            let w0 = weights.vectors(phase: phase), w1 = weights.vectors(phase: phase1)
            let w2 = weights.vectors(phase: phase2), w3 = weights.vectors(phase: phase3)
            var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
            let base = UnsafeRawPointer(row + f)
            for t in 0..<tapCount {
                let offset = taps[t] &* 4
                let w = t &* 32
                a0 = a0.addingProduct(base.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self), w0.loadUnaligned(fromByteOffset: w, as: SIMD8<Float>.self))
                a1 = a1.addingProduct(base.loadUnaligned(fromByteOffset: offset + 32, as: SIMD8<Float>.self), w1.loadUnaligned(fromByteOffset: w, as: SIMD8<Float>.self))
                a2 = a2.addingProduct(base.loadUnaligned(fromByteOffset: offset + 64, as: SIMD8<Float>.self), w2.loadUnaligned(fromByteOffset: w, as: SIMD8<Float>.self))
                a3 = a3.addingProduct(base.loadUnaligned(fromByteOffset: offset + 96, as: SIMD8<Float>.self), w3.loadUnaligned(fromByteOffset: w, as: SIMD8<Float>.self))
            }
            let out = UnsafeMutableRawPointer(output + f)
            out.storeBytes(of: a0, as: SIMD8<Float>.self)
            out.storeBytes(of: a1, toByteOffset: 32, as: SIMD8<Float>.self)
            out.storeBytes(of: a2, toByteOffset: 64, as: SIMD8<Float>.self)
            out.storeBytes(of: a3, toByteOffset: 96, as: SIMD8<Float>.self)
            f += 32
            phase = weights.advance(phase3)
        }
        while f + 8 <= length {
            let w0 = weights.vectors(phase: phase)
            var a0 = SIMD8<Float>()
            let base = UnsafeRawPointer(row + f)
            for t in 0..<tapCount {
                a0 = a0.addingProduct(
                    base.loadUnaligned(fromByteOffset: taps[t] &* 4, as: SIMD8<Float>.self),
                    w0.loadUnaligned(fromByteOffset: t &* 32, as: SIMD8<Float>.self))
            }
            UnsafeMutableRawPointer(output + f).storeBytes(of: a0, as: SIMD8<Float>.self)
            f += 8
            phase = weights.advance(phase)
        }
        while f < length {
            let c = f % channels
            var sum: Float = 0
            for t in 0..<tapCount { sum += row[f + taps[t]] * raw[t * channels + c] }
            output[f] = sum
            f += 1
        }
    }
}
