/// What the positions added by SAME or explicit padding hold, with OpenCV's meanings. VALID adds no
/// positions, so the border never matters there. `zero` is tf.nn.conv2d's padding.
public enum Border: String, CaseIterable, Sendable {
    /// Zeros (OpenCV `BORDER_CONSTANT` with value 0): `000|abcdefgh|000`.
    case zero
    /// The edge pixel repeated (`BORDER_REPLICATE`): `aaa|abcdefgh|hhh`.
    case replicate
    /// Mirrored about the edge pixel, which is not repeated (`BORDER_REFLECT_101`): `dcb|abcdefgh|gfe`.
    case reflect
    /// The opposite edge continued (`BORDER_WRAP`): `fgh|abcdefgh|abc`.
    case wrap

    /// The input index that position `p` of an axis of `length` pixels reads, or nil for a zero; `p` may
    /// lie any distance outside `0 ..< length` (OpenCV's `borderInterpolate`, in closed form). An empty
    /// axis has nothing to copy, so every border reads zeros there.
    @inline(__always)
    func sourceIndex(_ p: Int, length: Int) -> Int? {
        if p >= 0 && p < length { return p }
        guard length > 0 else { return nil }
        switch self {
        case .zero:
            return nil
        case .replicate:
            return p < 0 ? 0 : length - 1
        case .reflect:
            // Period 2·(length − 1): up the axis, then back down without repeating either end.
            guard length > 1 else { return 0 }
            let period = 2 * (length - 1)
            let q = ((p % period) + period) % period
            return q < length ? q : period - q
        case .wrap:
            return ((p % length) + length) % length
        }
    }
}
