/// A per-channel (depthwise, multiplier 1) kernel applied along flattened rows of interleaved values:
/// output value f reads input values f + offset(t) for every tap t, with weight w(t, f mod C). Input
/// and output are contiguous, so whole SIMD8 vectors load and store, and each tap's weight vector is
/// periodic in the channel (`PhaseWeights`). One 2-D kernel over a padded band (taps m·dh·rowStride +
/// n·dw·C), a column of taps down the rows, or a row of taps along one row are all this loop.
/// Read-only after init, shared by every worker.
final class FlatRowKernel: @unchecked Sendable {
    /// Per-phase weight vectors.
    let weights: PhaseWeights
    /// `[tap][channel]` weights, for the scalar tail.
    let raw: UnsafeMutablePointer<Float>
    /// Input offset of each tap, in floats.
    let offsets: UnsafeMutablePointer<Int>

    /// Tap t reads `offsets[t]` floats after the output position, weighing `weight(t, c)` on channel c.
    init(offsets tapOffsets: [Int], channels: Int, weight: (_ tap: Int, _ channel: Int) -> Float) {
        let taps = tapOffsets.count
        weights = PhaseWeights(taps: taps, channels: channels, weight: weight)
        raw = UnsafeMutablePointer<Float>.allocate(capacity: max(1, taps * channels))
        offsets = UnsafeMutablePointer<Int>.allocate(capacity: max(1, taps))
        for t in 0..<taps {
            offsets[t] = tapOffsets[t]
            for c in 0..<channels { raw[t * channels + c] = weight(t, c) }
        }
    }

    deinit {
        raw.deallocate()
        offsets.deallocate()
    }

    /// Output values `start ..< end` of one flattened row (value f reads `input + f + offsets[t]`),
    /// written, or added to what `output` holds when `accumulate`. 4 vectors at a time, then single
    /// vectors, then scalars.
    @inline(__always)
    func run(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, from start: Int, to end: Int, accumulate: Bool) {
        let tapCount = weights.tapCount
        let channels = weights.channels
        let taps = UnsafePointer(offsets)
        var f = start
        var phase = start % channels
        while f + 32 <= end {
            let phase1 = weights.advance(phase), phase2 = weights.advance(phase1), phase3 = weights.advance(phase2)
            let w0 = weights.vectors(phase: phase), w1 = weights.vectors(phase: phase1)
            let w2 = weights.vectors(phase: phase2), w3 = weights.vectors(phase: phase3)
            let out = UnsafeMutableRawPointer(output + f)
            var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
            if accumulate {
                a0 = out.loadUnaligned(as: SIMD8<Float>.self)
                a1 = out.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
                a2 = out.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self)
                a3 = out.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self)
            }
            let base = UnsafeRawPointer(input + f)
            for t in 0..<tapCount {
                let offset = taps[t] &* 4
                let w = t &* 32
                a0 = a0.addingProduct(base.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self), w0.loadUnaligned(fromByteOffset: w, as: SIMD8<Float>.self))
                a1 = a1.addingProduct(base.loadUnaligned(fromByteOffset: offset + 32, as: SIMD8<Float>.self), w1.loadUnaligned(fromByteOffset: w, as: SIMD8<Float>.self))
                a2 = a2.addingProduct(base.loadUnaligned(fromByteOffset: offset + 64, as: SIMD8<Float>.self), w2.loadUnaligned(fromByteOffset: w, as: SIMD8<Float>.self))
                a3 = a3.addingProduct(base.loadUnaligned(fromByteOffset: offset + 96, as: SIMD8<Float>.self), w3.loadUnaligned(fromByteOffset: w, as: SIMD8<Float>.self))
            }
            out.storeBytes(of: a0, as: SIMD8<Float>.self)
            out.storeBytes(of: a1, toByteOffset: 32, as: SIMD8<Float>.self)
            out.storeBytes(of: a2, toByteOffset: 64, as: SIMD8<Float>.self)
            out.storeBytes(of: a3, toByteOffset: 96, as: SIMD8<Float>.self)
            f += 32
            phase = weights.advance(phase3)
        }
        while f + 8 <= end {
            let w0 = weights.vectors(phase: phase)
            let out = UnsafeMutableRawPointer(output + f)
            var a0 = accumulate ? out.loadUnaligned(as: SIMD8<Float>.self) : SIMD8<Float>()
            let base = UnsafeRawPointer(input + f)
            for t in 0..<tapCount {
                a0 = a0.addingProduct(
                    base.loadUnaligned(fromByteOffset: taps[t] &* 4, as: SIMD8<Float>.self),
                    w0.loadUnaligned(fromByteOffset: t &* 32, as: SIMD8<Float>.self))
            }
            out.storeBytes(of: a0, as: SIMD8<Float>.self)
            f += 8
            phase = weights.advance(phase)
        }
        while f < end {
            let c = f % channels
            var sum: Float = accumulate ? output[f] : 0
            for t in 0..<tapCount { sum += input[f + taps[t]] * raw[t * channels + c] }
            output[f] = sum
            f += 1
        }
    }
}
