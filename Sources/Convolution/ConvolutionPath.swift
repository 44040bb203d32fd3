/// How a plan computes its rows: a schedule of the same convolution, never other semantics (every
/// path is within 10⁻⁴ of the float64 reference, relative to the map's largest magnitude).
public enum ConvolutionPath: Equatable, Sendable, CustomStringConvertible {
    /// Every tap on the direct SIMD core.
    case direct
    /// Only the taps that are nonzero somewhere (a motion line), on the direct core.
    case sparse(taps: Int)
    /// A sum of `terms` separable passes per kernel (1: exactly separable, as a Gaussian).
    case separable(terms: Int)
    /// Overlap-save FFT tiles of this size.
    case fft(tileHeight: Int, tileWidth: Int)
    /// The plain reference loops (geometries whose band would be absurdly large).
    case reference

    /// A short name: `direct`, `sparse(37 taps)`, `separable(2 terms)`, `fft(256×256)`, `reference`.
    public var description: String {
        switch self {
        case .direct: return "direct"
        case .sparse(let taps): return "sparse(\(taps) taps)"
        case .separable(let terms): return "separable(\(terms) term\(terms == 1 ? "" : "s"))"
        case .fft(let h, let w): return "fft(\(h)×\(w))"
        case .reference: return "reference"
        }
    }
}
