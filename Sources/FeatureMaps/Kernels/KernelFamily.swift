/// The kernels computed from parameters, `--kernel NAME:PARAMS` (e.g. `gaussian:2`, `sobel:45`).
///
/// Every family builds its weights in Double and rounds them to Float once. Sizes are refused above
/// `maximumSide` before anything is allocated. The formulas are in each builder's doc comment and in
/// `formula` (what `filterbank kernels` prints).
public enum KernelFamily: String, CaseIterable, Sendable {
    /// `gaussian:SIGMA[,SIZE]`: a sampled Gaussian normalised to sum 1, as cv2.getGaussianKernel.
    case gaussian
    /// `box:N`: an N×N average.
    case box
    /// `log:SIGMA[,SIZE]`: Laplacian of Gaussian, negated so bright blobs respond positively, sum 0.
    case log
    /// `dog:SIGMA1,SIGMA2[,SIZE]`: difference of two Gaussians of one size, sum 0.
    case dog
    /// `unsharp:SIGMA,AMOUNT[,SIZE]`: identity + AMOUNT·(identity − Gaussian), sum 1.
    case unsharp
    /// `motion:LENGTH,ANGLE`: a normalised antialiased line.
    case motion
    /// `sobel:ANGLE[,SIZE]`: the Sobel derivative steered to ANGLE degrees.
    case sobel
    /// `scharr:ANGLE`: the 3×3 Scharr derivative steered to ANGLE degrees.
    case scharr
    /// `prewitt:ANGLE`: the 3×3 Prewitt derivative steered to ANGLE degrees.
    case prewitt
    /// `kirsch:ANGLE`: Kirsch's compass mask facing ANGLE (a multiple of 45).
    case kirsch

    /// The largest kernel side any family builds (a 301×301 kernel has about 90 000 weights).
    public static let maximumSide = 301

    /// The largest σ accepted: its default 3σ size is `maximumSide`.
    public static let maximumSigma = 50.0

    /// The parameter names, required first, in order.
    public var parameterNames: [String] {
        switch self {
        case .gaussian, .log: return ["SIGMA", "SIZE"]
        case .box: return ["N"]
        case .dog: return ["SIGMA1", "SIGMA2", "SIZE"]
        case .unsharp: return ["SIGMA", "AMOUNT", "SIZE"]
        case .motion: return ["LENGTH", "ANGLE"]
        case .sobel: return ["ANGLE", "SIZE"]
        case .scharr, .prewitt, .kirsch: return ["ANGLE"]
        }
    }

    /// How many parameters are required (the rest are optional).
    var requiredCount: Int {
        switch self {
        case .gaussian, .log, .box, .sobel, .scharr, .prewitt, .kirsch: return 1
        case .dog, .unsharp, .motion: return 2
        }
    }

    /// `gaussian:SIGMA[,SIZE]`.
    public var syntax: String {
        let names = parameterNames
        let required = names.prefix(requiredCount).joined(separator: ",")
        let optional = names.dropFirst(requiredCount).map { "[,\($0)]" }.joined()
        return "\(rawValue):\(required)\(optional)"
    }

    /// What the family does, one short phrase.
    public var summary: String {
        switch self {
        case .gaussian: return "Gaussian blur, sampled and normalised like cv2.getGaussianKernel"
        case .box: return "N×N box average"
        case .log: return "Laplacian of Gaussian (blob detector, sums to 0)"
        case .dog: return "difference of Gaussians (band-pass, sums to 0)"
        case .unsharp: return "unsharp mask (sharpens, sums to 1)"
        case .motion: return "motion blur along a line"
        case .sobel: return "Sobel derivative towards ANGLE degrees"
        case .scharr: return "3×3 Scharr derivative towards ANGLE degrees"
        case .prewitt: return "3×3 Prewitt derivative towards ANGLE degrees"
        case .kirsch: return "Kirsch compass mask facing ANGLE (0, 45, …, 315)"
        }
    }

    /// The formula, as `filterbank kernels` prints it (lines without a trailing newline).
    public var formula: [String] {
        switch self {
        case .gaussian:
            return ["G[m][n] = g[m]·g[n],  g[i] = exp(−(i−r)²/2σ²) / Σⱼ exp(−(j−r)²/2σ²),  r = (SIZE−1)/2",
                    "SIZE odd, default 2⌈3σ⌉+1 (point samples, sum 1, cv2.getGaussianKernel)"]
        case .box:
            return ["ones(N×N) / N²"]
        case .log:
            return ["L = −(g″[m]·g[n] + g[m]·g″[n]) minus its mean,  g″[i] = ((i−r)² − σ²)/σ⁴ · g[i]",
                    "g as for gaussian; SIZE odd, default 2⌈4σ⌉+1; = −scipy.ndimage.gaussian_laplace, sum 0"]
        case .dog:
            return ["G(SIGMA1) − G(SIGMA2), both at SIZE (odd, default 2⌈3·max σ⌉+1); sum 0"]
        case .unsharp:
            return ["δ + AMOUNT·(δ − G(SIGMA)),  δ the identity; SIZE odd, default 2⌈3σ⌉+1; sum 1"]
        case .motion:
            return ["w = max(0, 1 − distance to the centred segment of length LENGTH−1 at ANGLE°), / Σw",
                    "ANGLE counter-clockwise from the right; 0° odd LENGTH: 1×LENGTH taps of 1/LENGTH"]
        case .sobel:
            return ["cos θ·Gx + sin θ·Gy,  Gx = s ⊗ d,  Gy = −d ⊗ s  (s, d: cv2.getDerivKernels(1, 0, SIZE))",
                    "θ = 0 is sobel-right, 90 sobel-top, 180 sobel-left; SIZE odd 3…31, default 3"]
        case .scharr:
            return ["as sobel with s = [3, 10, 3], d = [−1, 0, 1] (cv2 Scharr)"]
        case .prewitt:
            return ["as sobel with s = [1, 1, 1], d = [−1, 0, 1]"]
        case .kirsch:
            return ["5 on the three border taps within 45° of ANGLE, −3 on the other five, 0 in the centre"]
        }
    }

    /// A spec to show in listings.
    public var example: String {
        switch self {
        case .gaussian: return "gaussian:2"
        case .box: return "box:7"
        case .log: return "log:1.5"
        case .dog: return "dog:1,2"
        case .unsharp: return "unsharp:1,0.8"
        case .motion: return "motion:9,45"
        case .sobel: return "sobel:45"
        case .scharr: return "scharr:90"
        case .prewitt: return "prewitt:0"
        case .kirsch: return "kirsch:135"
        }
    }

    /// The family called `name` (exact), or nil.
    public static func named(_ name: String) -> KernelFamily? { KernelFamily(rawValue: name) }

    /// The feature-map name of `parameters`: the spec with `:` and `,` replaced by `-`, numbers in
    /// shortest form and angles brought into [0, 360) (`gaussian:2,13` → `gaussian-2-13`,
    /// `sobel:-90` → `sobel-270`), so it is readable and safe as a file name.
    public func filterName(_ parameters: [Double]) -> String {
        let angleIndex = parameterNames.firstIndex(of: "ANGLE")
        let texts = parameters.enumerated().map { index, value in
            KernelFamily.format(index == angleIndex ? KernelMath.normalizedDegrees(value) : value)
        }
        return ([rawValue] + texts).joined(separator: "-")
    }

    /// The shortest text of a number: integers without a decimal point.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}
