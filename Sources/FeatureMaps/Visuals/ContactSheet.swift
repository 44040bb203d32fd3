/// One picture per input image showing the input and every feature map side by side, each tile
/// titled with its filter name and raw value range, so a lab handout explains itself.
///
/// Layout (all sizes in pixels): tiles are shrunk (area average) to at most `tileSize` on their longest
/// side, and maps smaller than `minimumTileSide` are enlarged with whole nearest-neighbour blocks so
/// 16×16 activations stay visible. Every cell is as large as the largest tile; a cell is a label band
/// (text lines at `labelScale`) above the tile. Cells sit in a grid of `columns` (default
/// ⌈√count⌉) with `padding` around and between them, on a white background; each tile gets a gray frame.
public enum ContactSheet {
    /// One tile: a title (lines separated by "\n") and its picture (gray or RGB).
    public struct Tile: Sendable {
        /// Title drawn above the picture; "\n" starts another line.
        public var label: String
        /// The picture, shrunk or enlarged to the tile size on the sheet.
        public var image: RGBImage

        /// A titled tile.
        public init(label: String, image: RGBImage) {
            self.label = label
            self.image = image
        }
    }

    /// Pixels around and between cells.
    public static let padding = 8
    /// Smaller maps are enlarged by an integer factor towards this longest side.
    public static let minimumTileSide = 128
    /// Sheet background (white) and text colour (near black).
    public static let background: [UInt8] = [255, 255, 255]
    /// Colour of the label text.
    public static let ink: [UInt8] = [20, 20, 20]
    /// Colour of the one-pixel frame drawn around each tile.
    public static let frame: [UInt8] = [160, 160, 160]

    /// Renders a sheet: the input first (titled "input WxH" when given) then the tiles, row by row.
    /// `columns` nil or < 1 chooses ⌈√(tiles + input)⌉.
    public static func render(input: RGBImage?, tiles: [(label: String, image: RGBImage)], columns: Int? = nil,
                              tileSize: Int = 256) -> RGBImage {
        var all: [Tile] = []
        if let input { all.append(Tile(label: "input \(input.width)x\(input.height)", image: input)) }
        all += tiles.map { Tile(label: $0.label, image: $0.image) }
        return render(all, columns: columns, tileSize: tileSize)
    }

    /// Renders already-titled tiles in order.
    public static func render(_ tiles: [Tile], columns: Int? = nil, tileSize: Int = 256) -> RGBImage {
        let fitted = tiles.map { fit($0.image, tileSize: max(8, tileSize)) }
        let layout = Layout(tileSizes: fitted.map { ($0.width, $0.height) },
                            lineCounts: tiles.map { lines(of: $0.label).count }, columns: columns)
        var sheet = RGBImage(width: layout.sheetWidth, height: layout.sheetHeight, channels: 3, fill: background)
        for (index, tile) in tiles.enumerated() {
            let (cellX, cellY) = layout.cellOrigin(index)
            drawLabel(lines(of: tile.label), into: &sheet, x: cellX, y: cellY, width: layout.cellWidth,
                      scale: layout.labelScale)
            let image = fitted[index]
            let tileX = cellX + (layout.cellWidth - image.width) / 2
            let tileY = cellY + layout.bandHeight + (layout.cellHeight - image.height) / 2
            sheet.fill(x: tileX - 1, y: tileY - 1, width: image.width + 2, height: image.height + 2, color: frame)
            sheet.draw(image, x: tileX, y: tileY)
        }
        return sheet
    }

    /// The standard tile title: the filter name, then the raw (pre-normalisation) range, e.g.
    /// "sobel-left" / "[-412, 398]".
    public static func label(name: String, minimum: Float, maximum: Float) -> String {
        "\(name)\n[\(CompactNumber.format(minimum)), \(CompactNumber.format(maximum))]"
    }

    /// `image` under a line of text (twice the label size) on the same white background: a sheet's
    /// title, such as a layer's name, class and shape.
    public static func titled(_ image: RGBImage, _ title: String) -> RGBImage {
        let scale = 2
        let text = BitmapFont.measure(title, scale: scale)
        let band = text.height + 2 * padding
        var canvas = RGBImage(width: max(image.width, text.width + 2 * padding), height: image.height + band,
                              channels: 3, fill: background)
        BitmapFont.draw(title, into: &canvas, x: padding, y: padding, scale: scale, color: ink)
        canvas.draw(image.channels == 3 ? image : image.expandedToRGB(), x: 0, y: band)
        return canvas
    }

    /// Where everything goes on a sheet; public so callers can predict the sheet size.
    public struct Layout: Sendable, Equatable {
        /// Grid columns actually used.
        public let columns: Int
        /// Grid rows.
        public let rows: Int
        /// Width and height of the tile area of every cell (the largest tile).
        public let cellWidth: Int, cellHeight: Int
        /// Font scale of the labels (2 when cells are at least 192 px wide, else 1).
        public let labelScale: Int
        /// Height of the label band above each tile.
        public let bandHeight: Int
        /// Total sheet size.
        public let sheetWidth: Int, sheetHeight: Int

        /// The layout for tiles of the given (already fitted) sizes and label line counts.
        public init(tileSizes: [(width: Int, height: Int)], lineCounts: [Int], columns requested: Int?) {
            let count = tileSizes.count
            let automatic = max(1, Int((Double(count).squareRoot()).rounded(.up)))
            columns = max(1, min(max(1, count), requested.flatMap { $0 >= 1 ? $0 : nil } ?? automatic))
            rows = count == 0 ? 0 : (count + columns - 1) / columns
            cellWidth = tileSizes.map(\.width).max() ?? 0
            cellHeight = tileSizes.map(\.height).max() ?? 0
            labelScale = cellWidth >= 192 ? 2 : 1
            let lineCount = max(1, lineCounts.max() ?? 1)
            let lineHeight = BitmapFont.glyphHeight * labelScale
            bandHeight = lineCount * lineHeight + (lineCount - 1) * 2 * labelScale + 4 + 2 * labelScale
            sheetWidth = columns * cellWidth + (columns + 1) * ContactSheet.padding
            sheetHeight = rows * (bandHeight + cellHeight) + (rows + 1) * ContactSheet.padding
        }

        /// Top-left corner of cell `index` (its label band starts there).
        public func cellOrigin(_ index: Int) -> (x: Int, y: Int) {
            let column = index % columns, row = index / columns
            return (ContactSheet.padding + column * (cellWidth + ContactSheet.padding),
                    ContactSheet.padding + row * (bandHeight + cellHeight + ContactSheet.padding))
        }
    }

    /// The picture resized for the sheet: big ones shrunk to `tileSize`, small ones enlarged by whole blocks.
    static func fit(_ image: RGBImage, tileSize: Int) -> RGBImage {
        let longest = max(image.width, image.height)
        guard longest > 0 else { return image }
        if longest > tileSize { return image.downsized(toFit: tileSize) }
        let target = min(tileSize, minimumTileSide)
        let factor = longest < target ? (target + longest - 1) / longest : 1
        let bounded = max(1, min(factor, tileSize / longest))
        return image.enlargedNearest(by: bounded)
    }

    static func lines(of label: String) -> [String] {
        label.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Draws label lines centred in the band, shortening lines that do not fit with "..".
    static func drawLabel(_ lines: [String], into sheet: inout RGBImage, x: Int, y: Int, width: Int, scale: Int) {
        let lineHeight = BitmapFont.glyphHeight * scale
        var lineY = y + 2 + scale
        for line in lines {
            let text = shortened(line, toFit: width, scale: scale)
            let textWidth = BitmapFont.measure(text, scale: scale).width
            BitmapFont.draw(text, into: &sheet, x: x + max(0, (width - textWidth) / 2), y: lineY, scale: scale, color: ink)
            lineY += lineHeight + 2 * scale
        }
    }

    /// `text`, or its start followed by "..", so it is at most `width` pixels wide.
    static func shortened(_ text: String, toFit width: Int, scale: Int) -> String {
        if BitmapFont.measure(text, scale: scale).width <= width { return text }
        var scalars = Array(text.unicodeScalars)
        while !scalars.isEmpty {
            scalars.removeLast()
            let candidate = String(String.UnicodeScalarView(scalars)) + ".."
            if BitmapFont.measure(candidate, scale: scale).width <= width { return candidate }
        }
        return ""
    }
}
