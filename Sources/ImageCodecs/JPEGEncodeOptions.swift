import CImageShims

/// Settings of the JPEG encoder beyond quality; the defaults are what common tools write.
public struct JPEGEncodeOptions: Sendable, Equatable {
    /// Chroma subsampling of 3-channel images.
    public enum Subsampling: Int32, Sendable {
        /// Full-resolution chroma.
        case none444 = 0
        /// Chroma halved horizontally.
        case half422 = 1
        /// Chroma halved in both directions (cjpeg, Pillow and cameras default to this).
        case quarter420 = 2
    }
    /// 1…100.
    public var quality: Int
    /// Chroma subsampling for RGB input (ignored for gray).
    public var subsampling: Subsampling
    /// Two-pass optimal Huffman tables: a few percent smaller, noticeably slower. Off for speed.
    public var optimizeHuffman: Bool
    /// Progressive coding (libjpeg's default scan script).
    public var progressive: Bool
    /// Arithmetic instead of Huffman coding (smaller; some old decoders cannot read it).
    public var arithmetic: Bool
    /// A restart marker every this many MCU rows (0: none).
    public var restartRows: Int

    /// Quality 90, 4:2:0, baseline Huffman with the standard tables.
    public init(quality: Int = 90, subsampling: Subsampling = .quarter420, optimizeHuffman: Bool = false,
                progressive: Bool = false, arithmetic: Bool = false, restartRows: Int = 0) {
        self.quality = quality
        self.subsampling = subsampling
        self.optimizeHuffman = optimizeHuffman
        self.progressive = progressive
        self.arithmetic = arithmetic
        self.restartRows = restartRows
    }
}
