#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The 2-D real FFT of one `height × width` tile (both powers of two ≥ 16) and its inverse, as the
/// FFT schedule uses them. Columns go first, eight per call as the lanes of `LaneFFT`, as a complex
/// transform of half the height (even rows real, odd rows imaginary) untangled into the half spectrum
/// k = 0…height/2; that is stored transposed — one row per horizontal frequency, k along it (padded to
/// `paddedK`) — so the row transforms also run eight at a time, on vectors of consecutive k.
/// A spectrum is two planes (real, imaginary) of `width × paddedK` floats.
struct TileTransform: Sendable {
    /// Tile rows and columns.
    let height: Int, width: Int
    /// k = 0…height/2 rounded up to whole vectors.
    let paddedK: Int
    /// Vectors of k that hold real frequencies.
    let kBlocks: Int
    /// Column transforms (height/2) and row transforms (width).
    let columns: LaneFFT, rows: LaneFFT
    /// (cos, sin) of 2πk/height for the untangling, k = 0…height/2.
    let untangle: [Float]

    init(height: Int, width: Int) {
        self.height = height
        self.width = width
        kBlocks = (height / 2 + 1 + 7) / 8
        paddedK = kBlocks * 8
        columns = LaneFFT(length: height / 2)
        rows = LaneFFT(length: width)
        untangle = (0...(height / 2)).flatMap { k -> [Float] in
            let angle = 2 * Double.pi * Double(k) / Double(height)
            return [Float(cos(angle)), Float(sin(angle))]
        }
    }

    /// Floats of one spectrum (both planes).
    var spectrumFloats: Int { 2 * width * paddedK }
    /// Floats of scratch `forward`/`inverse` need: column vectors plus the FFT's work.
    var workFloats: Int { 8 * (2 * paddedK + 2 * paddedK + max(columns.workVectors, rows.workVectors)) }

    /// The spectrum of the tile whose value at (y, x) `sample(y, x)` gives, 8 columns at a time
    /// (`sample` returns the row y of columns x…x+7 as a vector), into `spectrum`.
    @inline(__always)
    func forward(into spectrum: UnsafeMutablePointer<Float>, work: UnsafeMutablePointer<Float>, sample: (_ y: Int, _ x: Int) -> SIMD8<Float>) {
        let half = height / 2
        let (re, im) = (vectors(work), vectors(work) + paddedK)
        let (outRe, outIm) = (vectors(work) + 2 * paddedK, vectors(work) + 3 * paddedK)
        let fftWork = vectors(work) + 4 * paddedK
        let (planeRe, planeIm) = (spectrum, spectrum + width * paddedK)
        for x0 in stride(from: 0, to: width, by: 8) {
            for n in 0..<half {
                re[n] = sample(2 * n, x0)
                im[n] = sample(2 * n + 1, x0)
            }
            columns.transform(re: re, im: im, stride: 1, inverse: false, work: fftWork)
            // X[k] = E + W^k O, E = (Z[k] + Z̄[N/2 − k]) / 2, O = (Z[k] − Z̄[N/2 − k]) / 2i, W = e^(−2πi/N).
            let z0 = (re[0], im[0])
            for k in 0...half {
                let (zr, zi) = k == half ? z0 : (re[k], im[k])
                let (cr, ci) = k == 0 ? z0 : (re[half - k], im[half - k])
                let (er, ei) = ((zr + cr) * 0.5, (zi - ci) * 0.5)
                let (or, oi) = ((zi + ci) * 0.5, (cr - zr) * 0.5)
                let (c, s) = (SIMD8(repeating: untangle[2 * k]), SIMD8(repeating: untangle[2 * k + 1]))
                // W^k = c − i·s.
                outRe[k] = er + (or * c).addingProduct(oi, s)
                outIm[k] = ei + (oi * c).addingProduct(-or, s)
            }
            for k in (half + 1)..<paddedK {
                outRe[k] = SIMD8()
                outIm[k] = SIMD8()
            }
            // Vectors over 8 columns for 8 k's become vectors over those k's for each column.
            for b in 0..<kBlocks {
                Self.transposeStore(outRe + 8 * b, to: planeRe + x0 * paddedK + 8 * b, rowStride: paddedK)
                Self.transposeStore(outIm + 8 * b, to: planeIm + x0 * paddedK + 8 * b, rowStride: paddedK)
            }
        }
        for b in 0..<kBlocks {
            rows.transform(re: vectors(planeRe) + b, im: vectors(planeIm) + b, stride: paddedK / 8, inverse: false, work: fftWork)
        }
    }

    /// The tile whose spectrum is `spectrum` (overwritten), times width · height / 2 (the scale the
    /// kernel spectra undo), handed to `store(y, x, values)` two rows (y, y + 1) and 8 columns at a time.
    @inline(__always)
    func inverse(_ spectrum: UnsafeMutablePointer<Float>, work: UnsafeMutablePointer<Float>,
                 store: (_ y: Int, _ x: Int, _ even: SIMD8<Float>, _ odd: SIMD8<Float>) -> Void) {
        let half = height / 2
        let (re, im) = (vectors(work), vectors(work) + paddedK)
        let fftWork = vectors(work) + 4 * paddedK
        let (planeRe, planeIm) = (spectrum, spectrum + width * paddedK)
        for b in 0..<kBlocks {
            rows.transform(re: vectors(planeRe) + b, im: vectors(planeIm) + b, stride: paddedK / 8, inverse: true, work: fftWork)
        }
        for x0 in stride(from: 0, to: width, by: 8) {
            for b in 0..<kBlocks {
                Self.transposeLoad(planeRe + x0 * paddedK + 8 * b, rowStride: paddedK, to: re + 8 * b)
                Self.transposeLoad(planeIm + x0 * paddedK + 8 * b, rowStride: paddedK, to: im + 8 * b)
            }
            // Z[k] = E + i·O, E = (X[k] + X̄[N/2 − k]) / 2, O = (X[k] − X̄[N/2 − k]) · W^−k / 2, W^−k = c + i·s.
            for k in 0...(half / 2) {
                let j = half - k
                let (ar, ai, br, bi) = (re[k], im[k], re[j], im[j])
                func z(_ xr: SIMD8<Float>, _ xi: SIMD8<Float>, _ yr: SIMD8<Float>, _ yi: SIMD8<Float>, _ k: Int) -> (SIMD8<Float>, SIMD8<Float>) {
                    let (er, ei) = ((xr + yr) * 0.5, (xi - yi) * 0.5)
                    let (dr, di) = ((xr - yr) * 0.5, (xi + yi) * 0.5)
                    let (c, s) = (SIMD8(repeating: untangle[2 * k]), SIMD8(repeating: untangle[2 * k + 1]))
                    let (or, oi) = ((dr * c).addingProduct(-di, s), (dr * s).addingProduct(di, c))
                    return (er - oi, ei + or)
                }
                let zk = z(ar, ai, br, bi, k)
                let zj = z(br, bi, ar, ai, j)
                (re[k], im[k]) = zk
                if j < half { (re[j], im[j]) = zj }
            }
            columns.transform(re: re, im: im, stride: 1, inverse: true, work: fftWork)
            for n in 0..<half { store(2 * n, x0, re[n], im[n]) }
        }
    }

    /// Stores the 8 vectors at `rows` transposed: lane l of vector i goes to `target[l · rowStride + i]`.
    @inline(__always)
    static func transposeStore(_ rows: UnsafeMutablePointer<SIMD8<Float>>, to target: UnsafeMutablePointer<Float>, rowStride: Int) {
        let t = transpose(rows[0], rows[1], rows[2], rows[3], rows[4], rows[5], rows[6], rows[7])
        let out = UnsafeMutableRawPointer(target)
        let bytes = rowStride * 4
        out.storeBytes(of: t.0, as: SIMD8<Float>.self)
        out.storeBytes(of: t.1, toByteOffset: bytes, as: SIMD8<Float>.self)
        out.storeBytes(of: t.2, toByteOffset: 2 * bytes, as: SIMD8<Float>.self)
        out.storeBytes(of: t.3, toByteOffset: 3 * bytes, as: SIMD8<Float>.self)
        out.storeBytes(of: t.4, toByteOffset: 4 * bytes, as: SIMD8<Float>.self)
        out.storeBytes(of: t.5, toByteOffset: 5 * bytes, as: SIMD8<Float>.self)
        out.storeBytes(of: t.6, toByteOffset: 6 * bytes, as: SIMD8<Float>.self)
        out.storeBytes(of: t.7, toByteOffset: 7 * bytes, as: SIMD8<Float>.self)
    }

    /// Loads 8 vectors from `source` rows `rowStride` floats apart and writes them transposed to `rows`.
    @inline(__always)
    static func transposeLoad(_ source: UnsafeMutablePointer<Float>, rowStride: Int, to rows: UnsafeMutablePointer<SIMD8<Float>>) {
        let p = UnsafeRawPointer(source), bytes = rowStride * 4
        let t = transpose(
            p.loadUnaligned(as: SIMD8<Float>.self), p.loadUnaligned(fromByteOffset: bytes, as: SIMD8<Float>.self),
            p.loadUnaligned(fromByteOffset: 2 * bytes, as: SIMD8<Float>.self), p.loadUnaligned(fromByteOffset: 3 * bytes, as: SIMD8<Float>.self),
            p.loadUnaligned(fromByteOffset: 4 * bytes, as: SIMD8<Float>.self), p.loadUnaligned(fromByteOffset: 5 * bytes, as: SIMD8<Float>.self),
            p.loadUnaligned(fromByteOffset: 6 * bytes, as: SIMD8<Float>.self), p.loadUnaligned(fromByteOffset: 7 * bytes, as: SIMD8<Float>.self))
        (rows[0], rows[1], rows[2], rows[3], rows[4], rows[5], rows[6], rows[7]) = t
    }

    /// The 8×8 transpose as AVX does it: interleave pairs, then quadruples, then swap 128-bit halves
    /// (written as element shuffles, which the compiler turns into unpck/shufps/vinsertf128).
    @inline(__always)
    static func transpose(_ r0: SIMD8<Float>, _ r1: SIMD8<Float>, _ r2: SIMD8<Float>, _ r3: SIMD8<Float>,
                          _ r4: SIMD8<Float>, _ r5: SIMD8<Float>, _ r6: SIMD8<Float>, _ r7: SIMD8<Float>)
        -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
        func low(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> { SIMD8(a[0], b[0], a[1], b[1], a[4], b[4], a[5], b[5]) }
        func high(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> { SIMD8(a[2], b[2], a[3], b[3], a[6], b[6], a[7], b[7]) }
        func pairsLow(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> { SIMD8(a[0], a[1], b[0], b[1], a[4], a[5], b[4], b[5]) }
        func pairsHigh(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> { SIMD8(a[2], a[3], b[2], b[3], a[6], a[7], b[6], b[7]) }
        let (t0, t1, t2, t3) = (low(r0, r1), high(r0, r1), low(r2, r3), high(r2, r3))
        let (t4, t5, t6, t7) = (low(r4, r5), high(r4, r5), low(r6, r7), high(r6, r7))
        let (u0, u1, u2, u3) = (pairsLow(t0, t2), pairsHigh(t0, t2), pairsLow(t1, t3), pairsHigh(t1, t3))
        let (u4, u5, u6, u7) = (pairsLow(t4, t6), pairsHigh(t4, t6), pairsLow(t5, t7), pairsHigh(t5, t7))
        return (SIMD8(lowHalf: u0.lowHalf, highHalf: u4.lowHalf), SIMD8(lowHalf: u1.lowHalf, highHalf: u5.lowHalf),
                SIMD8(lowHalf: u2.lowHalf, highHalf: u6.lowHalf), SIMD8(lowHalf: u3.lowHalf, highHalf: u7.lowHalf),
                SIMD8(lowHalf: u0.highHalf, highHalf: u4.highHalf), SIMD8(lowHalf: u1.highHalf, highHalf: u5.highHalf),
                SIMD8(lowHalf: u2.highHalf, highHalf: u6.highHalf), SIMD8(lowHalf: u3.highHalf, highHalf: u7.highHalf))
    }

    @inline(__always)
    private func vectors(_ p: UnsafeMutablePointer<Float>) -> UnsafeMutablePointer<SIMD8<Float>> {
        UnsafeMutableRawPointer(p).assumingMemoryBound(to: SIMD8<Float>.self)
    }
}
