/// The filters of a bank as a picture: every kernel enlarged with nearest-neighbour cells and coloured
/// with the diverging `coolwarm` map centred on 0 (index round(127.5 + 127.5·w / max|w|), max over
/// the whole bank, so colours compare across filters). One row per filter, one column per input
/// channel; filter names start each row, channel numbers head the columns of multi-channel banks, and
/// a colour bar with the value scale sits at the bottom.
public enum FilterPicture {
    /// One filter to draw.
    public struct Kernel: Sendable {
        /// Row label.
        public var name: String
        /// Kernel rows and columns.
        public var height: Int, width: Int
        /// Input channels (1 for a 2-D kernel).
        public var channels: Int
        /// Row-major `[height][width][channels]` weights.
        public var weights: [Float]

        /// A kernel; `weights.count` must equal `height × width × channels` (else it draws as zeros).
        public init(name: String, height: Int, width: Int, channels: Int = 1, weights: [Float]) {
            self.name = name
            self.height = max(1, height)
            self.width = max(1, width)
            self.channels = max(1, channels)
            self.weights = weights
        }

        /// The weight at (row, column, channel), 0 when out of range or missing.
        func weight(_ y: Int, _ x: Int, _ c: Int) -> Float {
            let index = (y * width + x) * channels + c
            return index < weights.count ? weights[index] : 0
        }
    }

    /// Pixels of background around the picture.
    public static let margin = 8
    /// Pixels between kernels.
    public static let gap = 6
    /// Width of the legend colour bar.
    public static let legendWidth = 256
    /// Height of the legend colour bar.
    public static let legendBarHeight = 12

    /// The automatic cell size: kernels about 84 px on their longest side, cells 4…32 px (a 3×3
    /// kernel gets 28 px cells, room for its numbers).
    public static func automaticCell(height: Int, width: Int) -> Int {
        max(4, min(32, 84 / max(1, max(height, width))))
    }

    /// Renders the kernels; `title` (e.g. the bank file and shape) goes on top when given.
    /// `cell` ≤ 0 chooses `automaticCell`.
    public static func render(_ kernels: [Kernel], cell requestedCell: Int = 0, title: String? = nil) -> RGBImage {
        let layout = Layout(kernels, cell: requestedCell, title: title)
        var picture = RGBImage(width: layout.imageWidth, height: layout.imageHeight, channels: 3,
                               fill: ContactSheet.background)
        let ink = ContactSheet.ink
        if let title {
            BitmapFont.draw(title, into: &picture, x: margin, y: margin, scale: layout.textScale, color: ink)
        }
        if layout.columns > 1 {
            for panel in 0..<layout.panels {
                for column in 0..<layout.columns {
                let (x, _) = layout.kernelOrigin(row: panel * layout.rowsPerPanel, column: column)
                let text = "in \(column)"
                let textWidth = BitmapFont.measure(text, scale: layout.textScale).width
                BitmapFont.draw(text, into: &picture, x: x + (layout.kernelWidth - textWidth) / 2,
                                y: layout.headerTop, scale: layout.textScale, color: ink)
                }
            }
        }
        for (row, kernel) in kernels.enumerated() {
            let (x, y) = layout.kernelOrigin(row: row, column: 0)
            let textHeight = BitmapFont.glyphHeight * layout.textScale
            BitmapFont.draw(kernel.name, into: &picture, x: x - layout.nameWidth, y: y + (layout.kernelHeight - textHeight) / 2,
                            scale: layout.textScale, color: ink)
            for column in 0..<kernel.channels {
                let (x, y) = layout.kernelOrigin(row: row, column: column)
                for ky in 0..<kernel.height {
                    for kx in 0..<kernel.width {
                        let color = Colormap.coolwarm.color(colorIndex(kernel.weight(ky, kx, column), scale: layout.maxAbs))
                        picture.fill(x: x + kx * layout.cell, y: y + ky * layout.cell,
                                     width: layout.cell, height: layout.cell, color: color)
                    }
                }
                if let numbers = cellTexts(kernel, channel: column, cell: layout.cell) {
                    drawNumbers(numbers, kernel: kernel, channel: column, at: (x, y), layout: layout, into: &picture)
                }
            }
        }
        drawLegend(into: &picture, layout: layout)
        return picture
    }

    /// Each weight's text when every one of them fits inside its cell with a pixel to spare, else nil
    /// (numbers are only drawn on kernels small enough to read them).
    static func cellTexts(_ kernel: Kernel, channel: Int, cell: Int) -> [String]? {
        guard BitmapFont.ascent <= cell - 4 else { return nil }
        var texts: [String] = []
        for ky in 0..<kernel.height {
            for kx in 0..<kernel.width {
                let weight = kernel.weight(ky, kx, channel)
                var text = CompactNumber.format(weight)
                if BitmapFont.measure(text).width > cell - 4 && abs(weight) < 1 {
                    text = CompactNumber.format((weight * 100).rounded() / 100)  // 1/9 → "0.11"
                }
                guard BitmapFont.measure(text).width <= cell - 4 else { return nil }
                texts.append(text)
            }
        }
        return texts
    }

    /// Writes each weight in its cell, dark on light colours and white on saturated ones.
    static func drawNumbers(_ texts: [String], kernel: Kernel, channel: Int, at origin: (x: Int, y: Int),
                            layout: Layout, into picture: inout RGBImage) {
        for ky in 0..<kernel.height {
            for kx in 0..<kernel.width {
                let text = texts[ky * kernel.width + kx]
                let index = colorIndex(kernel.weight(ky, kx, channel), scale: layout.maxAbs)
                let ink: [UInt8] = index < 40 || index > 215 ? [255, 255, 255] : ContactSheet.ink
                let textWidth = BitmapFont.measure(text).width
                BitmapFont.draw(text, into: &picture, x: origin.x + kx * layout.cell + (layout.cell - textWidth + 1) / 2,
                                y: origin.y + ky * layout.cell + (layout.cell - BitmapFont.ascent + 1) / 2, color: ink)
            }
        }
    }

    /// The coolwarm index of weight `w` on a bank whose largest magnitude is `scale` (0 → 128, the middle).
    public static func colorIndex(_ w: Float, scale: Float) -> UInt8 {
        guard scale > 0, w.isFinite else { return 128 }
        return UInt8(max(0, min(255, (127.5 + 127.5 * w / scale).rounded())))
    }

    /// Where everything goes; public so tests and callers can predict sizes and find kernels.
    public struct Layout: Sendable {
        /// Pixels per weight.
        public let cell: Int
        /// Kernel block size in pixels (largest kernel of the bank).
        public let kernelWidth: Int, kernelHeight: Int
        /// Number of kernel rows (filters) and columns (input channels).
        public let rows: Int, columns: Int
        /// Font scale of all text.
        public let textScale: Int
        /// Width reserved for the row names (including the gap after them).
        public let nameWidth: Int
        /// Long banks are wrapped into side-by-side panels of `rowsPerPanel` filters each, so the
        /// picture stays at most about 2.5 times as tall as it is wide.
        public let panels: Int, rowsPerPanel: Int
        /// Width of one panel (names and kernels) and the space between panels.
        public let panelWidth: Int, panelGap: Int
        /// y of the channel header line.
        public let headerTop: Int
        /// y of the first kernel row.
        public let gridTop: Int
        /// y of the legend band.
        public let legendTop: Int
        /// Total picture size.
        public let imageWidth: Int, imageHeight: Int
        /// Largest |w| of the bank: the end of the colour scale.
        public let maxAbs: Float

        /// The layout for `kernels` drawn with `cell` pixels per weight (≤ 0: automatic).
        public init(_ kernels: [Kernel], cell requestedCell: Int, title: String?) {
            let gap = FilterPicture.gap, margin = FilterPicture.margin
            let maxHeight = kernels.map(\.height).max() ?? 1
            let maxWidth = kernels.map(\.width).max() ?? 1
            let cell = requestedCell > 0 ? requestedCell : FilterPicture.automaticCell(height: maxHeight, width: maxWidth)
            let (blockWidth, blockHeight) = (maxWidth * cell, maxHeight * cell)
            let (rows, columns) = (kernels.count, kernels.map(\.channels).max() ?? 1)
            let scale = blockHeight >= 24 ? 2 : 1
            let lineHeight = BitmapFont.glyphHeight * scale
            let nameWidth = (kernels.map { BitmapFont.measure($0.name, scale: scale).width }.max() ?? 0) + 3 * gap
            let panelWidth = nameWidth + columns * blockWidth + (columns - 1) * gap
            let panelGap = 6 * gap
            func height(_ rowCount: Int) -> Int { rowCount * blockHeight + max(0, rowCount - 1) * gap }
            func width(_ panelCount: Int) -> Int { panelCount * panelWidth + (panelCount - 1) * panelGap }
            // Fewest panels that keep the kernel area at most 2.5 times as tall as wide.
            var panels = 1
            while panels < rows && Double(height((rows + panels - 1) / panels)) > 2.5 * Double(width(panels)) { panels += 1 }
            let rowsPerPanel = max(1, (rows + panels - 1) / panels)
            panels = max(1, (rows + rowsPerPanel - 1) / rowsPerPanel)

            var y = margin
            if title != nil { y += lineHeight + 3 * gap }
            let headerTop = y
            if columns > 1 { y += lineHeight + gap }
            let gridTop = y
            let legendTop = gridTop + height(rowsPerPanel) + 3 * gap
            let titleWidth = title.map { BitmapFont.measure($0, scale: scale).width } ?? 0

            self.cell = cell
            (kernelWidth, kernelHeight) = (blockWidth, blockHeight)
            (self.rows, self.columns) = (rows, columns)
            textScale = scale
            self.nameWidth = nameWidth
            (self.panels, self.rowsPerPanel, self.panelWidth, self.panelGap) = (panels, rowsPerPanel, panelWidth, panelGap)
            (self.headerTop, self.gridTop, self.legendTop) = (headerTop, gridTop, legendTop)
            imageHeight = legendTop + FilterPicture.legendBarHeight + gap + lineHeight + margin
            imageWidth = max(width(panels), FilterPicture.legendWidth, titleWidth) + 2 * margin
            maxAbs = kernels.flatMap(\.weights).filter(\.isFinite).map(abs).max() ?? 0
        }

        /// Top-left corner of the kernel of filter `row`, input channel `column`.
        public func kernelOrigin(row: Int, column: Int) -> (x: Int, y: Int) {
            let panel = row / rowsPerPanel, rowInPanel = row % rowsPerPanel
            return (FilterPicture.margin + panel * (panelWidth + panelGap) + nameWidth + column * (kernelWidth + FilterPicture.gap),
                    gridTop + rowInPanel * (kernelHeight + FilterPicture.gap))
        }
    }

    /// The colour bar from −max|w| (blue) through 0 (neutral) to +max|w| (red), with its numbers.
    static func drawLegend(into picture: inout RGBImage, layout: Layout) {
        let x0 = margin, y0 = layout.legendTop
        for x in 0..<legendWidth {
            let index = UInt8(x * 255 / (legendWidth - 1))
            picture.fill(x: x0 + x, y: y0, width: 1, height: legendBarHeight, color: Colormap.coolwarm.color(index))
        }
        let textY = y0 + legendBarHeight + gap
        let scale = layout.textScale
        let low = CompactNumber.format(-layout.maxAbs), high = CompactNumber.format(layout.maxAbs)
        BitmapFont.draw(low, into: &picture, x: x0, y: textY, scale: scale, color: ContactSheet.ink)
        let zeroWidth = BitmapFont.measure("0", scale: scale).width
        BitmapFont.draw("0", into: &picture, x: x0 + legendWidth / 2 - zeroWidth / 2, y: textY, scale: scale,
                        color: ContactSheet.ink)
        let highWidth = BitmapFont.measure(high, scale: scale).width
        BitmapFont.draw(high, into: &picture, x: x0 + legendWidth - highWidth, y: textY, scale: scale,
                        color: ContactSheet.ink)
    }
}
