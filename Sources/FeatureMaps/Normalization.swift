/// How a float feature map becomes pixels, per map (`--normalize`).
///
/// With R = 255 for 8-bit output and 65535 for 16-bit output, and `round` = round half to even
/// (numpy's `np.rint`/`np.round`, one vector instruction):
/// - `minmax`: round((v − min) · R / (max − min)); a constant map (max == min) → 0.
/// - `clamp`:  round(clip(v · R/255, 0, R)) — maps are on a 0…255 scale, so 16-bit multiplies by 257.
/// - `abs`:    round(clip(|v| · R/255, 0, R)).
/// - `signed`: round(R/2 + R/2 · v / max|v|), so 0 is mid-gray; an all-zero map is R/2 everywhere,
///   which rounds half-to-even to 128 (8-bit) and 32768 (16-bit).
/// - `none`:   no mapping; only valid with `.npy` output (raw float32). The quantiser treats it as `clamp`.
/// NaN values become 0. A map whose range is not finite (±inf, or all NaN) is treated as constant.
public enum Normalization: String, CaseIterable, Sendable {
    /// Stretch the map's own range to the full pixel range.
    case minmax
    /// Keep values, cut to the pixel range.
    case clamp
    /// Magnitude, cut to the pixel range.
    case abs
    /// Zero at mid-gray, symmetric scale by the largest magnitude.
    case signed
    /// Raw floats (`.npy` only).
    case none

    /// The default for a convolution mode: minmax for conv maps (arbitrary range), clamp for depthwise
    /// (a blurred photo stays a photo).
    public static func defaultFor(depthwise: Bool) -> Normalization { depthwise ? .clamp : .minmax }
}

/// The affine map `round(clip((v − shift) · scale + offset, 0, maximum))` (after `|v|` when
/// `takesAbsolute`) that one normalisation applies to one map; precomputed once per map so the pixel
/// loop is a subtract, an FMA, a clip and a round. Subtracting the minimum first (rather than folding it
/// into the offset) keeps minmax exact at both ends of the range.
public struct QuantizationTransform: Sendable, Equatable {
    /// Subtracted first (the minimum for minmax, else 0).
    public let shift: Float
    /// Multiplies each shifted value.
    public let scale: Float
    /// Added after scaling.
    public let offset: Float
    /// Upper clip bound (255 or 65535); the lower one is 0.
    public let maximum: Float
    /// Whether |v| is taken first (`abs`).
    public let takesAbsolute: Bool

    /// The transform of `mode` for a map with `statistics`, onto 0…`maximum` (255 or 65535).
    public init(mode: Normalization, statistics: MapStatistics, maximum: Float) {
        self.maximum = maximum
        let finiteRange = statistics.min.isFinite && statistics.max.isFinite
        switch mode {
        case .minmax:
            let range = statistics.max - statistics.min
            if finiteRange && range > 0 && range.isFinite {
                scale = Float(Double(maximum) / (Double(statistics.max) - Double(statistics.min)))
                shift = statistics.min
            } else {
                scale = 0
                shift = 0
            }
            offset = 0
            takesAbsolute = false
        case .clamp, .none:
            shift = 0
            scale = maximum / 255
            offset = 0
            takesAbsolute = false
        case .abs:
            shift = 0
            scale = maximum / 255
            offset = 0
            takesAbsolute = true
        case .signed:
            let magnitude = Swift.max(Swift.abs(statistics.min), Swift.abs(statistics.max))
            shift = 0
            offset = maximum / 2
            scale = finiteRange && magnitude > 0 ? Float(Double(maximum) / 2 / Double(magnitude)) : 0
            takesAbsolute = false
        }
    }

    /// The pixel value of one map value: NaN → 0, then round half to even.
    @inlinable
    public func apply(_ value: Float) -> Float {
        let v = takesAbsolute ? Swift.abs(value) : value
        let mapped = (v - shift) * scale + offset
        // min/max written so a NaN falls to 0: comparisons with NaN are false.
        let clipped = mapped > 0 ? (mapped < maximum ? mapped : maximum) : 0
        return clipped.rounded(.toNearestOrEven)
    }
}
