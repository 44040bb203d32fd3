/// The kernels `--kernel NAME` accepts, listed by `filterbank kernels`.
///
/// Each is an integer matrix divided by an integer divisor, so the values are exact fractions
/// (blur is ones/9: every weight is `Float(1) / Float(9)`). All are 2-D: on a colour image in conv mode
/// they act on the channel mean, in depthwise mode on each channel. Kernels computed from parameters
/// (`gaussian:2`, `sobel:45`, …) are `KernelFamily`; `KernelSpecResolver` resolves both.
public enum BuiltinKernels {
    /// One built-in kernel as the integer matrix and divisor it is defined by.
    public struct Entry: Sendable {
        /// The `--kernel` name.
        public let name: String
        /// What the kernel does, one short phrase.
        public let summary: String
        /// Integer weights, row by row; the kernel is `rows / divisor`.
        public let rows: [[Int]]
        /// The common denominator (1 for integer kernels).
        public let divisor: Int

        /// The filter with weights `rows[m][n] / divisor`.
        public var filter: NamedFilter {
            let weights = rows.flatMap { $0 }.map { Float($0) / Float(divisor) }
            return NamedFilter(unchecked: name, height: rows.count, width: rows[0].count, inChannels: nil, weights: weights, bias: 0)
        }
    }

    /// Every built-in kernel, in the order `filterbank kernels` lists them.
    ///
    /// The 3×3 values are the (and the lecture's: `sharpen` is the slide's 5-centre kernel,
    /// `shift` moves the image one pixel right because cross-correlation reads the left neighbour).
    /// `gaussian` and `gaussian5` are OpenCV's fixed tables (cv2.getGaussianKernel(3, 0) and (5, 0), as
    /// outer products). Larger ones: `gaussian5` is the binomial [1,4,6,4,1]ᵀ[1,4,6,4,1]/256, `box5` ones(5×5)/25, and
    /// `log5` the classic integer 5×5 Laplacian of Gaussian
    /// [[0,0,-1,0,0],[0,-1,-2,-1,0],[-1,-2,16,-2,-1],[0,-1,-2,-1,0],[0,0,-1,0,0]] (sums to 0; bright blobs
    /// on dark give positive responses, the negated Laplacian convention).
    public static let entries: [Entry] = [
        Entry(name: "identity", summary: "leaves the image unchanged",
              rows: [[0, 0, 0], [0, 1, 0], [0, 0, 0]], divisor: 1),
        Entry(name: "blur", summary: "3×3 box average",
              rows: [[1, 1, 1], [1, 1, 1], [1, 1, 1]], divisor: 9),
        Entry(name: "gaussian", summary: "3×3 Gaussian blur",
              rows: [[1, 2, 1], [2, 4, 2], [1, 2, 1]], divisor: 16),
        Entry(name: "sharpen", summary: "sharpens (the lecture's 5-centre kernel)",
              rows: [[0, -1, 0], [-1, 5, -1], [0, -1, 0]], divisor: 1),
        Entry(name: "outline", summary: "edges in every direction",
              rows: [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], divisor: 1),
        Entry(name: "emboss", summary: "embossed relief",
              rows: [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]], divisor: 1),
        Entry(name: "shift", summary: "moves the image one pixel to the right",
              rows: [[0, 0, 0], [1, 0, 0], [0, 0, 0]], divisor: 1),
        Entry(name: "horizontal-edge", summary: "horizontal edges (top minus bottom)",
              rows: [[1, 1, 1], [0, 0, 0], [-1, -1, -1]], divisor: 1),
        Entry(name: "sobel-left", summary: "Sobel, left minus right",
              rows: [[1, 0, -1], [2, 0, -2], [1, 0, -1]], divisor: 1),
        Entry(name: "sobel-right", summary: "Sobel, right minus left",
              rows: [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], divisor: 1),
        Entry(name: "sobel-top", summary: "Sobel, top minus bottom",
              rows: [[1, 2, 1], [0, 0, 0], [-1, -2, -1]], divisor: 1),
        Entry(name: "sobel-bottom", summary: "Sobel, bottom minus top",
              rows: [[-1, -2, -1], [0, 0, 0], [1, 2, 1]], divisor: 1),
        Entry(name: "laplacian", summary: "4-neighbour Laplacian",
              rows: [[0, 1, 0], [1, -4, 1], [0, 1, 0]], divisor: 1),
        Entry(name: "gaussian5", summary: "5×5 binomial Gaussian blur",
              rows: [[1, 4, 6, 4, 1], [4, 16, 24, 16, 4], [6, 24, 36, 24, 6], [4, 16, 24, 16, 4], [1, 4, 6, 4, 1]],
              divisor: 256),
        Entry(name: "box5", summary: "5×5 box average",
              rows: Array(repeating: Array(repeating: 1, count: 5), count: 5), divisor: 25),
        Entry(name: "log5", summary: "5×5 Laplacian of Gaussian (blob detector)",
              rows: [[0, 0, -1, 0, 0], [0, -1, -2, -1, 0], [-1, -2, 16, -2, -1], [0, -1, -2, -1, 0], [0, 0, -1, 0, 0]],
              divisor: 1),
    ]

    /// Every built-in kernel as a filter, in listing order.
    public static let all: [NamedFilter] = entries.map(\.filter)

    /// The built-in kernel called `name` (exact, case-sensitive), or nil.
    public static func named(_ name: String) -> NamedFilter? {
        all.first { $0.name == name }
    }

    /// Every name, for "unknown kernel" messages.
    public static var names: [String] { entries.map(\.name) }
}
