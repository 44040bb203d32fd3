/// First-derivative edge kernels: Sobel, Scharr and Prewitt steered to any angle, and Kirsch's compass.
///
/// Each derivative operator is separable: a 1-D smoothing s across the derivative and a 1-D difference d
/// along it. With cross-correlation (no flip, as tf.nn.conv2d), d = [−1, 0, 1] reads right minus left,
/// so
///
///     Gx[m][n] = s[m]·d[n]        (responds to brightness increasing to the right)
///     Gy[m][n] = −d[m]·s[n]       (responds to brightness increasing upwards: top minus bottom)
///     K(θ)     = cos θ·Gx + sin θ·Gy
///
/// θ in degrees, counter-clockwise from the right: 0 is the built-in `sobel-right`, 90 `sobel-top`,
/// 180 `sobel-left`, 270 `sobel-bottom`. Other angles give the directional derivative (a steerable
/// filter); at multiples of 90° the weights are exactly the integer ones.
/// - Sobel of size n (odd, 3…31) uses cv2.getDerivKernels(1, 0, n): s is the binomial row of n taps
///   ([1, 2, 1], [1, 4, 6, 4, 1], …) and d the binomial of n − 1 taps convolved with [−1, 1]
///   ([−1, 0, 1], [−1, −2, 0, 2, 1], …); not normalised, as cv2.Sobel's default.
/// - Scharr (3×3 only, cv2.getDerivKernels(1, 0, FILTER_SCHARR)): s = [3, 10, 3], d = [−1, 0, 1].
/// - Prewitt (3×3): s = [1, 1, 1], d = [−1, 0, 1].
enum DerivativeKernel {
    /// Which smoothing goes across the derivative.
    enum Operator {
        case sobel, scharr, prewitt
    }

    /// The 1-D kernels (smoothing s, difference d) of `size` taps, as cv2.getDerivKernels returns them
    /// (ky for dy = 0, kx for dx = 1).
    static func separable(_ op: Operator, size: Int) -> (smoothing: [Double], difference: [Double]) {
        switch op {
        case .scharr: return ([3, 10, 3], [-1, 0, 1])
        case .prewitt: return ([1, 1, 1], [-1, 0, 1])
        case .sobel: return (sobel(order: 0, size: size), sobel(order: 1, size: size))
        }
    }

    /// OpenCV's Sobel 1-D kernel of `size` (odd, ≥ 3) taps and derivative `order` (< size): start from
    /// [1, 0, 0, …], apply `size − order − 1` running sums ([1, 1]) and `order` running differences ([−1, 1]).
    static func sobel(order: Int, size: Int) -> [Double] {
        precondition(size >= 3 && size % 2 == 1 && order >= 0 && order < size)
        var taps = [Int](repeating: 0, count: size + 1)
        taps[0] = 1
        for _ in 0..<(size - order - 1) {
            var old = taps[0]
            for j in 1...size {
                let new = taps[j] + taps[j - 1]
                taps[j - 1] = old
                old = new
            }
        }
        for _ in 0..<order {
            var old = -taps[0]
            for j in 1...size {
                let new = taps[j - 1] - taps[j]
                taps[j - 1] = old
                old = new
            }
        }
        return taps[0..<size].map(Double.init)
    }

    /// K(θ) = cos θ·Gx + sin θ·Gy, row-major `size × size`.
    static func steered(_ op: Operator, size: Int, degrees: Double) -> [Double] {
        let (s, d) = separable(op, size: size)
        let (c, t) = KernelMath.cosSin(degrees: degrees)
        let gx = KernelMath.outer(s, d)
        let gy = KernelMath.outer(d.map { -$0 }, s)
        return zip(gx, gy).map { c * $0 + t * $1 }
    }

    /// Kirsch's compass mask facing `degrees` (a multiple of 45): 5 on the three border taps within 45°
    /// of that direction, −3 on the other five, 0 in the centre, so it responds to brightness increasing
    /// towards θ (0 = right: [[−3, −3, 5], [−3, 0, 5], [−3, −3, 5]]; 90 = up: [[5, 5, 5], [−3, 0, −3], [−3, −3, −3]]).
    static func kirsch(degrees: Double) -> [Double] {
        let facing = KernelMath.normalizedDegrees(degrees)
        // Border taps counter-clockwise from the right, with the direction each one lies in.
        let ring: [(row: Int, column: Int, degrees: Double)] = [
            (1, 2, 0), (0, 2, 45), (0, 1, 90), (0, 0, 135), (1, 0, 180), (2, 0, 225), (2, 1, 270), (2, 2, 315),
        ]
        var kernel = [Double](repeating: 0, count: 9)
        for tap in ring {
            let apart = abs(tap.degrees - facing)
            kernel[tap.row * 3 + tap.column] = min(apart, 360 - apart) <= 45 ? 5 : -3
        }
        return kernel
    }
}
