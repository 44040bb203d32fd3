/// Stores the first `lanes` lanes of an accumulator into NHWC output, where the channels after them
/// belong to another panel, group or pixel and must not be touched.
enum FastStore {
    /// Writes lanes 0..<lanes of a 16-lane vector.
    @inline(__always)
    static func store(_ v: SIMD16<Float>, to p: UnsafeMutablePointer<Float>, lanes: Int) {
        if lanes == 16 {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self)
        } else if lanes >= 8 {
            UnsafeMutableRawPointer(p).storeBytes(of: v.lowHalf, as: SIMD8<Float>.self)
            storePartial(v.highHalf, to: p + 8, lanes: lanes - 8)
        } else {
            storePartial(v.lowHalf, to: p, lanes: lanes)
        }
    }

    /// Writes lanes 0..<lanes of an 8-lane vector.
    @inline(__always)
    static func store(_ v: SIMD8<Float>, to p: UnsafeMutablePointer<Float>, lanes: Int) {
        if lanes == 8 {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
        } else {
            storePartial(v, to: p, lanes: lanes)
        }
    }

    /// Writes lanes 0..<lanes (< 8) of an 8-lane vector: a 4-lane store, then single floats.
    @inline(__always)
    static func storePartial(_ v: SIMD8<Float>, to p: UnsafeMutablePointer<Float>, lanes: Int) {
        var rest = v
        var q = p
        var left = lanes
        if left >= 4 {
            UnsafeMutableRawPointer(q).storeBytes(of: rest.lowHalf, as: SIMD4<Float>.self)
            rest = SIMD8(lowHalf: rest.highHalf, highHalf: .zero)
            q += 4
            left -= 4
        }
        for i in 0..<left { q[i] = rest[i] }
    }
}
