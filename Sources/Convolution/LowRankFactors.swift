/// Each 2-D kernel of a filter written as a short sum of outer products Σᵢ uᵢ vᵢᵀ (uᵢ down the rows,
/// vᵢ along them) from its singular value decomposition, with as few terms as keep the reconstruction
/// error ‖K − Σ uᵢvᵢᵀ‖_F within `tolerance` · ‖K‖_F. A Gaussian has one term, a difference of
/// Gaussians or an unsharp mask two, a Laplacian of Gaussian two or three.
struct LowRankFactors: Sendable {
    /// The error the factors may leave, relative to each kernel's Frobenius norm.
    static let tolerance = 1e-6
    /// Largest kernel decomposed: the Jacobi sweeps cost ≈ rows · columns · min(rows, columns) per
    /// sweep, so bigger kernels (which a bank file may hold) only get the exact rank-1 check.
    static let maxDecomposedWork = 2_000_000

    /// One term: σ·u (height values) and v (width values).
    typealias Term = (vertical: [Float], horizontal: [Float])
    /// Terms of each slice pair, in `KernelSlices.pairs` order.
    let terms: [[Term]]

    /// The factors of every kernel of `slices`, or nil when one of them needs more than `maxRank` terms.
    init?(_ slices: KernelSlices, maxRank: Int) {
        var all = [[Term]]()
        for pair in slices.pairs {
            guard let factors = Self.factor(slices.kernel(output: pair.output, input: pair.input),
                                            height: slices.height, width: slices.width, maxRank: maxRank)
            else { return nil }
            all.append(factors)
        }
        terms = all
    }

    /// The terms of one row-major kernel, or nil when it needs more than `maxRank`.
    static func factor(_ kernel: [Float], height: Int, width: Int, maxRank: Int) -> [Term]? {
        let a = kernel.map(Double.init)
        let norm = a.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm == 0 { return [] }
        if height == 1 || width == 1 {
            return height == 1 ? [([1], kernel)] : [(kernel, [1])]
        }
        guard height * width * min(height, width) <= maxDecomposedWork else {
            return rankOne(a, height: height, width: width, norm: norm).map { [$0] }
        }
        let svd = SingularValues(a, rows: height, columns: width)
        let rank = svd.rank(tolerance: tolerance)
        guard rank <= maxRank else { return nil }
        return (0..<rank).map { i in
            (svd.left[i].map { Float($0 * svd.values[i]) }, svd.right[i].map { Float($0) })
        }
    }

    /// K = column · row / pivot when that reproduces K within the tolerance (the pivot is the largest
    /// entry), for kernels too big to decompose.
    static func rankOne(_ a: [Double], height: Int, width: Int, norm: Double) -> Term? {
        let pivot = a.indices.max { abs(a[$0]) < abs(a[$1]) }!
        let (pr, pc) = (pivot / width, pivot % width)
        let column = (0..<height).map { a[$0 * width + pc] / a[pivot] }
        let row = (0..<width).map { a[pr * width + $0] }
        var error = 0.0
        for i in 0..<height {
            for j in 0..<width {
                let d = a[i * width + j] - column[i] * row[j]
                error += d * d
            }
        }
        guard error.squareRoot() <= tolerance * norm else { return nil }
        return (column.map { Float($0) }, row.map { Float($0) })
    }

    /// The most terms any kernel has.
    var maxTerms: Int { terms.map(\.count).max() ?? 0 }
}
