/// A motion blur: a straight line of `length` pixels through the centre at `degrees`, antialiased and
/// normalised to sum 1.
///
/// With u = (cos θ, −sin θ) in (column, row) offsets (θ counter-clockwise from the right, rows growing
/// downwards, so 45° rises to the right) and h = (length − 1)/2, the line is the segment from −h·u to
/// h·u, and every tap p (offset from the centre) gets
///
///     w(p) = max(0, 1 − ‖p − t·u‖),   t = clamp(p·u, −h, h)
///
/// (one minus its distance to the segment), then w / Σw. At 0° and 90° an odd length gives exactly
/// `length` taps of 1/length in the centre row or column; other angles spread each step over the two
/// nearest taps. The kernel is the smallest odd-sided box holding every nonzero tap (so 0° gives 1×L),
/// and it is point-symmetric: θ and θ + 180° are the same kernel.
enum MotionKernel {
    /// The weights, their height and width (both odd); `length` ≥ 1 and finite.
    static func weights(length: Double, degrees: Double) -> (weights: [Double], height: Int, width: Int) {
        precondition(length >= 1 && length.isFinite)
        let (c, s) = KernelMath.cosSin(degrees: degrees)
        let (ux, uy) = (c, -s)
        let h = (length - 1) / 2
        let reach = Int(h.rounded(.up)) + 1  // no tap farther than h + 1 from the centre can be reached
        let side = 2 * reach + 1
        var box = [Double](repeating: 0, count: side * side)
        var rowReach = 0, columnReach = 0
        for dy in -reach...reach {
            for dx in -reach...reach {
                let (px, py) = (Double(dx), Double(dy))
                let t = min(h, max(-h, px * ux + py * uy))
                let (ex, ey) = (px - t * ux, py - t * uy)
                let weight = 1 - (ex * ex + ey * ey).squareRoot()
                // A tap one pixel from the line is 0 exactly; rounding in the projection must not
                // leave a 1e-17 weight there (it would widen the kernel by a row of near-zeros).
                guard weight > 1e-9 else { continue }
                box[(dy + reach) * side + dx + reach] = weight
                rowReach = max(rowReach, abs(dy))
                columnReach = max(columnReach, abs(dx))
            }
        }
        let sum = box.reduce(0, +)
        var result = [Double]()
        for dy in -rowReach...rowReach {
            for dx in -columnReach...columnReach {
                result.append(box[(dy + reach) * side + dx + reach] / sum)
            }
        }
        return (result, 2 * rowReach + 1, 2 * columnReach + 1)
    }
}
