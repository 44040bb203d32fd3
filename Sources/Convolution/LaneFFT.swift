#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Complex FFTs of one power-of-two length, eight at a time: lane l of every SIMD8 vector belongs to
/// transform l, so each butterfly is plain vector arithmetic (no shuffles), which is what the 2-D
/// tile transform needs (eight columns, or eight rows of a transposed spectrum, per call). Radix-4
/// Stockham stages (self-sorting, natural order in and out), one radix-2 stage when log₂ N is odd.
/// Complex values are split: a real and an imaginary vector array. Unnormalised in both directions.
final class LaneFFT: @unchecked Sendable {
    /// Transform length N.
    let length: Int
    /// Stages in order: radix, butterflies m (the stage's current length n / radix), stride s, first
    /// twiddle index.
    private let stages: [Stage]
    /// Twiddles W_n^p, W_n^2p, W_n^3p per stage and p, as (cos, −sin) pairs of the forward transform.
    private let twiddles: UnsafeMutablePointer<Float>

    /// Prepares transforms of `length` (a power of two ≥ 1).
    init(length: Int) {
        precondition(length >= 1 && length & (length - 1) == 0, "FFT lengths are powers of two")
        self.length = length
        var stages = [Stage]()
        var table = [Float]()
        var (n, s) = (length, 1)
        while n > 1 {
            let radix = n % 4 == 0 ? 4 : 2
            stages.append((radix, n / radix, s, table.count / 2))
            for p in 0..<(n / radix) {
                for k in 1..<radix {
                    let angle = -2 * Double.pi * Double(p * k) / Double(n)
                    table.append(Float(cos(angle)))
                    table.append(Float(sin(angle)))
                }
            }
            n /= radix
            s *= radix
        }
        self.stages = stages
        twiddles = UnsafeMutablePointer<Float>.allocate(capacity: max(2, table.count))
        twiddles.initialize(from: table, count: table.count)
    }

    deinit { twiddles.deallocate() }

    /// Vectors of scratch `transform` needs (two ping-pong buffers of real and imaginary parts).
    var workVectors: Int { 4 * length }

    /// Transforms the N complex vectors at `re`/`im` (element e at `e · stride` vectors) in place, forward
    /// (e^−2πi kn/N) or inverse (e^+2πi kn/N, no 1/N), using `work` (`workVectors` vectors).
    func transform(re: UnsafeMutablePointer<SIMD8<Float>>, im: UnsafeMutablePointer<SIMD8<Float>>, stride: Int,
                   inverse: Bool, work: UnsafeMutablePointer<SIMD8<Float>>) {
        guard length > 1 else { return }
        // Ping-pong through the work buffers; the last stage writes back to the caller's (strided) vectors.
        // The twiddles are stored for the forward transform; the inverse conjugates them.
        let sign: Float = inverse ? -1 : 1
        var source = (re, im, stride)
        for (index, stage) in stages.enumerated() {
            let last = index == stages.count - 1
            // A single stage cannot run in place: it goes to a buffer and is copied back.
            let buffer = work + (index % 2) * 2 * length
            let target = last && index > 0 ? (re, im, stride) : (buffer, buffer + length, 1)
            if stage.radix == 4 {
                radix4(stage, from: source, to: target, sign: sign)
            } else {
                radix2(stage, from: source, to: target, sign: sign)
            }
            source = target
        }
        if stages.count == 1 {
            for e in 0..<length {
                re[e * stride] = source.0[e]
                im[e * stride] = source.1[e]
            }
        }
    }

    private typealias Stage = (radix: Int, m: Int, s: Int, twiddles: Int)
    private typealias Vectors = (UnsafeMutablePointer<SIMD8<Float>>, UnsafeMutablePointer<SIMD8<Float>>, Int)

    /// One radix-4 Stockham stage: x[q + s(p + jm)] for j = 0…3 → y[q + s(4p + j)], twiddled.
    @inline(__always)
    private func radix4(_ stage: Stage, from x: Vectors, to y: Vectors, sign: Float) {
        let (m, s) = (stage.m, stage.s)
        let (xr, xi, xs) = x, (yr, yi, ys) = y
        for p in 0..<m {
            let w = twiddles + 2 * (stage.twiddles + 3 * p)
            let (w1r, w1i) = (SIMD8(repeating: w[0]), SIMD8(repeating: sign * w[1]))
            let (w2r, w2i) = (SIMD8(repeating: w[2]), SIMD8(repeating: sign * w[3]))
            let (w3r, w3i) = (SIMD8(repeating: w[4]), SIMD8(repeating: sign * w[5]))
            for q in 0..<s {
                let i0 = (q + s * p) * xs, i1 = (q + s * (p + m)) * xs, i2 = (q + s * (p + 2 * m)) * xs, i3 = (q + s * (p + 3 * m)) * xs
                let (ar, ai, br, bi) = (xr[i0], xi[i0], xr[i1], xi[i1])
                let (cr, ci, dr, di) = (xr[i2], xi[i2], xr[i3], xi[i3])
                let (apcR, apcI, amcR, amcI) = (ar + cr, ai + ci, ar - cr, ai - ci)
                let (bpdR, bpdI) = (br + dr, bi + di)
                // −i·(b − d) forward, +i·(b − d) inverse.
                let (jR, jI) = (sign * (bi - di), sign * (dr - br))
                let o = (q + s * 4 * p) * ys
                yr[o] = apcR + bpdR
                yi[o] = apcI + bpdI
                let (t1r, t1i) = (amcR + jR, amcI + jI)
                yr[o + s * ys] = (t1r * w1r).addingProduct(-t1i, w1i)
                yi[o + s * ys] = (t1r * w1i).addingProduct(t1i, w1r)
                let (t2r, t2i) = (apcR - bpdR, apcI - bpdI)
                yr[o + 2 * s * ys] = (t2r * w2r).addingProduct(-t2i, w2i)
                yi[o + 2 * s * ys] = (t2r * w2i).addingProduct(t2i, w2r)
                let (t3r, t3i) = (amcR - jR, amcI - jI)
                yr[o + 3 * s * ys] = (t3r * w3r).addingProduct(-t3i, w3i)
                yi[o + 3 * s * ys] = (t3r * w3i).addingProduct(t3i, w3r)
            }
        }
    }

    /// One radix-2 Stockham stage: x[q + sp], x[q + s(p + m)] → y[q + 2sp], y[q + s(2p + 1)].
    @inline(__always)
    private func radix2(_ stage: Stage, from x: Vectors, to y: Vectors, sign: Float) {
        let (m, s) = (stage.m, stage.s)
        let (xr, xi, xs) = x, (yr, yi, ys) = y
        for p in 0..<m {
            let w = twiddles + 2 * (stage.twiddles + p)
            let (wr, wi) = (SIMD8(repeating: w[0]), SIMD8(repeating: sign * w[1]))
            for q in 0..<s {
                let i0 = (q + s * p) * xs, i1 = (q + s * (p + m)) * xs
                let (ar, ai, br, bi) = (xr[i0], xi[i0], xr[i1], xi[i1])
                let o = (q + 2 * s * p) * ys
                yr[o] = ar + br
                yi[o] = ai + bi
                let (dr, di) = (ar - br, ai - bi)
                yr[o + s * ys] = (dr * wr).addingProduct(-di, wi)
                yi[o + s * ys] = (dr * wi).addingProduct(di, wr)
            }
        }
    }
}
