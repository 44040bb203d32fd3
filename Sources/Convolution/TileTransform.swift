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
    var workFloats: Int { 8 * (2 * (height / 2 + 1) + max(columns.workVectors, rows.workVectors)) }

    /// The spectrum of the tile whose value at (y, x) `sample(y, x)` gives, 8 columns at a time
    /// (`sample` returns the row y of columns x…x+7 as a vector), into `spectrum`.
    @inline(__always)
    func forward(into spectrum: UnsafeMutablePointer<Float>, work: UnsafeMutablePointer<Float>, sample: (_ y: Int, _ x: Int) -> SIMD8<Float>) {
        let half = height / 2
        let (re, im) = (vectors(work), vectors(work) + (half + 1))
        let fftWork = vectors(work) + 2 * (half + 1)
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
                let xr = er + (or * c).addingProduct(oi, s)
                let xi = ei + (oi * c).addingProduct(-or, s)
                for l in 0..<8 {
                    planeRe[(x0 + l) * paddedK + k] = xr[l]
                    planeIm[(x0 + l) * paddedK + k] = xi[l]
                }
            }
            for l in 0..<8 {
                for k in (half + 1)..<paddedK {
                    planeRe[(x0 + l) * paddedK + k] = 0
                    planeIm[(x0 + l) * paddedK + k] = 0
                }
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
        let (re, im) = (vectors(work), vectors(work) + (half + 1))
        let fftWork = vectors(work) + 2 * (half + 1)
        let (planeRe, planeIm) = (spectrum, spectrum + width * paddedK)
        for b in 0..<kBlocks {
            rows.transform(re: vectors(planeRe) + b, im: vectors(planeIm) + b, stride: paddedK / 8, inverse: true, work: fftWork)
        }
        for x0 in stride(from: 0, to: width, by: 8) {
            for k in 0...half {
                var (xr, xi) = (SIMD8<Float>(), SIMD8<Float>())
                for l in 0..<8 {
                    xr[l] = planeRe[(x0 + l) * paddedK + k]
                    xi[l] = planeIm[(x0 + l) * paddedK + k]
                }
                re[k] = xr
                im[k] = xi
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

    @inline(__always)
    private func vectors(_ p: UnsafeMutablePointer<Float>) -> UnsafeMutablePointer<SIMD8<Float>> {
        UnsafeMutableRawPointer(p).assumingMemoryBound(to: SIMD8<Float>.self)
    }
}
