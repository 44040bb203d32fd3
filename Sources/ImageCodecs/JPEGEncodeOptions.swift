/// Settings of the JPEG encoder; the defaults are libvips's (`jpegsave`): quality 90, chroma
/// subsampling off at quality 90 and above, baseline Huffman coding with the standard tables.
public struct JPEGEncodeOptions: Sendable, Equatable {
    /// Chroma subsampling of 3-channel images, named as on command lines ("444", "422", "420").
    public enum Subsampling: String, Sendable, CaseIterable {
        /// Full-resolution chroma.
        case none444 = "444"
        /// Chroma halved horizontally.
        case half422 = "422"
        /// Chroma halved in both directions (cjpeg, Pillow and cameras default to this).
        case quarter420 = "420"

        /// The shim's code: 0 = 4:4:4, 1 = 4:2:2, 2 = 4:2:0.
        var shimValue: Int32 {
            switch self {
            case .none444: return 0
            case .half422: return 1
            case .quarter420: return 2
            }
        }
    }
    /// 1…100.
    public var quality: Int
    /// Chroma subsampling for RGB input (ignored for gray); nil chooses by quality, as libvips does.
    public var subsampling: Subsampling?
    /// Two-pass optimal Huffman tables: a few percent smaller, noticeably slower. Off for speed.
    public var optimizeHuffman: Bool
    /// Progressive coding (libjpeg's default scan script; its Huffman tables are always optimal).
    public var progressive: Bool
    /// Arithmetic instead of Huffman coding (smaller; some old decoders cannot read it).
    public var arithmetic: Bool
    /// A restart marker every this many MCU rows (0: none).
    public var restartRows: Int

    /// Quality 90, subsampling by quality, baseline Huffman with the standard tables.
    public init(quality: Int = 90, subsampling: Subsampling? = nil, optimizeHuffman: Bool = false,
                progressive: Bool = false, arithmetic: Bool = false, restartRows: Int = 0) {
        self.quality = quality
        self.subsampling = subsampling
        self.optimizeHuffman = optimizeHuffman
        self.progressive = progressive
        self.arithmetic = arithmetic
        self.restartRows = restartRows
    }

    /// The subsampling written: the one set, else 4:4:4 at quality 90 and above and 4:2:0 below
    /// (libvips's rule: at high quality, halving chroma costs more than it saves).
    public var effectiveSubsampling: Subsampling {
        subsampling ?? (quality >= 90 ? .none444 : .quarter420)
    }
}
