/// How hard the PNG encoder compresses: a zlib level and strategy, and the PNG row filter applied before
/// deflate. Writing maps is the slowest step of a FilterBank job, so the default (`fast`) was chosen by
/// measurement on 12 MP 8-bit feature maps (docs/codecs.md has the table).
public struct PNGCompression: Sendable, Equatable {
    /// zlib strategy: how deflate searches for matches.
    public enum Strategy: Int32, Sendable, CaseIterable {
        /// zlib's default: lazy matching, as its level says.
        case standard = 0
        /// Favours Huffman coding over short matches (zlib Z_FILTERED).
        case filtered = 1
        /// Huffman coding only, no matches (zlib Z_HUFFMAN_ONLY).
        case huffmanOnly = 2
        /// Only matches at distance 1, i.e. runs (zlib Z_RLE): very fast, and filtered maps are runs.
        case rle = 3
        /// Fixed Huffman codes (zlib Z_FIXED).
        case fixed = 4
    }

    /// The PNG row filter (predictor) written before each row.
    public enum RowFilter: Sendable, CaseIterable {
        /// Raw bytes.
        case none
        /// Difference with the pixel to the left.
        case sub
        /// Difference with the pixel above.
        case up
        /// Difference with the mean of left and above.
        case average
        /// Difference with the Paeth predictor of left, above and upper-left.
        case paeth
        /// libpng tries every filter on each row and keeps the smallest-looking (slow, often smaller).
        case adaptive

        /// libpng's filter mask (PNG_FILTER_NONE … PNG_ALL_FILTERS).
        var libpngMask: Int32 {
            switch self {
            case .none: return 0x08
            case .sub: return 0x10
            case .up: return 0x20
            case .average: return 0x40
            case .paeth: return 0x80
            case .adaptive: return 0xF8
            }
        }
    }

    /// zlib level 0 (stored) … 9 (smallest). Z_RLE ignores it except that 0 stores.
    public var level: Int
    /// zlib strategy.
    public var strategy: Strategy
    /// PNG row filter.
    public var filter: RowFilter

    /// A setting; `level` is clamped to 0…9.
    public init(level: Int, strategy: Strategy = .standard, filter: RowFilter = .adaptive) {
        self.level = min(max(level, 0), 9)
        self.strategy = strategy
        self.filter = filter
    }

    /// The default: filter UP + run-only deflate (zlib's Z_RLE kind of stream), written by FilterBank's
    /// own coder: ≈ 4× zlib's speed at the same size on feature maps, and no larger than zlib level 1
    /// (measured; see docs/codecs.md).
    public static let fast = PNGCompression(level: 1, strategy: .rle, filter: .up)

    /// The PNG filter type byte (0 None, 1 Sub, 2 Up) when this setting is written by the built-in run
    /// coder (`png_rle.c`) instead of libpng + zlib: the Z_RLE strategy, a compressing level, and one of
    /// the filters that coder applies. Interlaced output always goes through libpng.
    var builtInFilter: Int32? {
        guard strategy == .rle, level > 0 else { return nil }
        switch filter {
        case .none: return 0
        case .sub: return 1
        case .up: return 2
        case .average, .paeth, .adaptive: return nil
        }
    }

    /// Smaller files at 5–10× the cost: zlib level 6, Z_FILTERED, adaptive filters. Measured smaller than
    /// libpng's defaults (level 6, default strategy) on every map tried, and, unlike `fast`, robust on
    /// images with repeated structure (tiles, text), where run-only matching cannot find the repeats.
    public static let small = PNGCompression(level: 6, strategy: .filtered, filter: .adaptive)
}
