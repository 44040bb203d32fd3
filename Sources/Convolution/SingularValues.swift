/// The singular value decomposition of a small matrix (a kernel), by one-sided Jacobi rotations in
/// Double: accurate to rounding for every singular value, which the low-rank test needs (it compares
/// the tail of the spectrum with 10⁻⁶ of the norm).
struct SingularValues {
    /// Singular values, largest first.
    let values: [Double]
    /// Left singular vectors (`rows` values each), in the order of `values`.
    let left: [[Double]]
    /// Right singular vectors (`columns` values each), in the order of `values`.
    let right: [[Double]]

    /// Decomposes the row-major `rows × columns` matrix `a` as Σ values[i] · left[i] · right[i]ᵀ.
    init(_ a: [Double], rows: Int, columns: Int) {
        // Rotate the columns of the taller orientation, so there are min(rows, columns) of them.
        let tall = rows >= columns
        let (m, n) = tall ? (rows, columns) : (columns, rows)
        var u = [[Double]](repeating: [Double](repeating: 0, count: m), count: n)  // columns of A
        for i in 0..<m {
            for j in 0..<n { u[j][i] = tall ? a[i * columns + j] : a[j * columns + i] }
        }
        var v = (0..<n).map { j in (0..<n).map { $0 == j ? 1.0 : 0.0 } }
        for _ in 0..<60 {
            var rotated = false
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) {
                    var alpha = 0.0, beta = 0.0, gamma = 0.0
                    for i in 0..<m {
                        alpha += u[p][i] * u[p][i]
                        beta += u[q][i] * u[q][i]
                        gamma += u[p][i] * u[q][i]
                    }
                    guard gamma != 0, abs(gamma) > 1e-15 * (alpha * beta).squareRoot() else { continue }
                    rotated = true
                    let zeta = (beta - alpha) / (2 * gamma)
                    let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot(), s = c * t
                    for i in 0..<m {
                        let (x, y) = (u[p][i], u[q][i])
                        u[p][i] = c * x - s * y
                        u[q][i] = s * x + c * y
                    }
                    for i in 0..<n {
                        let (x, y) = (v[p][i], v[q][i])
                        v[p][i] = c * x - s * y
                        v[q][i] = s * x + c * y
                    }
                }
            }
            if !rotated { break }
        }
        let norms = u.map { column in column.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        let order = (0..<n).sorted { norms[$0] > norms[$1] }
        values = order.map { norms[$0] }
        let units = order.map { j in norms[j] > 0 ? u[j].map { $0 / norms[j] } : u[j] }
        let others = order.map { v[$0] }
        left = tall ? units : others
        right = tall ? others : units
    }

    /// The fewest terms r whose truncation leaves ‖A − A_r‖_F ≤ `tolerance` · ‖A‖_F (0 for a zero matrix).
    func rank(tolerance: Double) -> Int {
        let total = values.reduce(0) { $0 + $1 * $1 }
        var tail = total
        for (r, value) in values.enumerated() {
            if tail <= tolerance * tolerance * total { return r }
            tail -= value * value
        }
        return values.count
    }
}
