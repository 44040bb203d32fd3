import Foundation

/// Sampled Gaussians, computed the way cv2.getGaussianKernel computes them.
///
/// For an odd `size` n with centre r = (n − 1)/2 and σ > 0:
///
///     g[i] = exp(−(i − r)² / (2σ²)) / Σⱼ exp(−(j − r)² / (2σ²)),   i = 0 … n − 1
///
/// Point samples of the bell (not integrated over each pixel), normalised so they sum to 1. The
/// arithmetic follows OpenCV's bit-exact routine step by step (the exponent written as
/// x²·(−0.125/σ²) with x = 2(i − r), the sum as twice the half plus the centre's 1, one reciprocal), so
/// the values agree with cv2 to a few units in the last place of a Double. OpenCV's fixed binomial
/// tables (sizes 1, 3, 5, 7) apply only when σ ≤ 0, which is not offered here: those are the built-in
/// `gaussian` (3×3) and `gaussian5`. Even sizes are refused by the callers, because OpenCV gives the
/// two middle taps of an even kernel the weight of the centre (exp(0)) rather than exp(−1/(8σ²)).
/// The 2-D kernel is the outer product g[m]·g[n], which is what cv2.GaussianBlur's two passes apply.
enum GaussianKernel {
    /// The default size 2⌈kσ⌉ + 1: `radiusInSigmas` (k) standard deviations on each side of the centre,
    /// or nil when that is more than `maximumSide` (checked in floating point before any conversion, so
    /// a huge σ never overflows).
    static func defaultSize(sigma: Double, radiusInSigmas: Double, maximumSide: Int) -> Int? {
        let radius = (radiusInSigmas * sigma).rounded(.up)
        guard radius.isFinite, 2 * radius + 1 <= Double(maximumSide) else { return nil }
        return 2 * Int(radius) + 1
    }

    /// The n normalised taps g[0 … n−1] for an odd `size` ≥ 1 and a finite `sigma` > 0.
    static func coefficients(size: Int, sigma: Double) -> [Double] {
        precondition(size >= 1 && size % 2 == 1 && sigma > 0 && sigma.isFinite)
        let half = (size - 1) / 2
        let scale2X = -0.125 / (sigma * sigma)
        var values = [Double](repeating: 0, count: half)
        var sum = 0.0
        var x = 1 - size  // twice the offset from the centre
        for i in 0..<half {
            let t = Foundation.exp(Double(x * x) * scale2X)
            values[i] = t
            sum += t
            x += 2
        }
        sum = sum * 2 + 1
        let reciprocal = 1 / sum
        var result = [Double](repeating: 0, count: size)
        for i in 0..<half {
            let t = values[i] * reciprocal
            result[i] = t
            result[size - 1 - i] = t
        }
        result[half] = reciprocal
        return result
    }

    /// The 2-D kernel g[m]·g[n], row-major `size × size`.
    static func outer(size: Int, sigma: Double) -> [Double] {
        let g = coefficients(size: size, sigma: sigma)
        return KernelMath.outer(g, g)
    }
}
