import Testing
@testable import FeatureMaps

/// show-bank pictures: layout and colours at known weights.
@Suite struct VisualsFilterPictureTests {
    @Test func zeroWeightIsTheNeutralMiddleAndExtremesAreTheEnds() {
        let kernel = FilterPicture.Kernel(name: "k", height: 1, width: 3, weights: [-2, 0, 2])
        let picture = FilterPicture.render([kernel], cell: 5)
        let layout = FilterPicture.Layout([kernel], cell: 5, title: nil)
        let (x, y) = layout.kernelOrigin(row: 0, column: 0)
        func color(_ px: Int, _ py: Int) -> [UInt8] { let c = picture.rgb(x: px, y: py); return [c.0, c.1, c.2] }
        // Each 5×5 cell (too small for its number).
        #expect(color(x + 2, y + 2) == Colormap.coolwarm.color(0))
        #expect(color(x + 7, y + 2) == Colormap.coolwarm.color(128))
        #expect(color(x + 12, y + 2) == Colormap.coolwarm.color(255))
        // Cells are whole squares: the cell's corners carry the same colour.
        #expect(color(x + 5, y) == color(x + 9, y + 4))
    }

    @Test func colourIndexIsSignedScaling() {
        #expect(FilterPicture.colorIndex(0, scale: 3) == 128)
        #expect(FilterPicture.colorIndex(3, scale: 3) == 255)
        #expect(FilterPicture.colorIndex(-3, scale: 3) == 0)
        #expect(FilterPicture.colorIndex(1.5, scale: 3) == 191)  // round(127.5 + 63.75) = 191
        #expect(FilterPicture.colorIndex(5, scale: 0) == 128)
    }

    @Test func oneRowPerFilterAndOneColumnPerChannel() {
        // 4 filters of 3×3×2 with cell 4: kernels 12×12 px.
        let kernels = (0..<4).map { index in
            FilterPicture.Kernel(name: "f\(index)", height: 3, width: 3, channels: 2,
                                 weights: [Float](repeating: Float(index) - 1.5, count: 18))
        }
        let layout = FilterPicture.Layout(kernels, cell: 4, title: "bank")
        let picture = FilterPicture.render(kernels, cell: 4, title: "bank")
        #expect(picture.width == layout.imageWidth && picture.height == layout.imageHeight)
        #expect(layout.rows == 4 && layout.columns == 2)
        #expect(layout.kernelWidth == 12 && layout.kernelHeight == 12)
        let first = layout.kernelOrigin(row: 0, column: 0), last = layout.kernelOrigin(row: 3, column: 1)
        #expect(last.x - first.x == 12 + FilterPicture.gap)
        #expect(last.y - first.y == 3 * (12 + FilterPicture.gap))
        // The grid (rows × cells + gaps) plus margins fits inside the picture, legend below it.
        #expect(last.x + 12 + FilterPicture.margin <= picture.width)
        #expect(last.y + 12 < layout.legendTop)
        #expect(layout.legendTop + FilterPicture.legendBarHeight < picture.height)
        // Both channels of filter 3 (weight +1.5 = max) are the warm end; filter 0 the cool end.
        for column in 0..<2 {
            let hot = layout.kernelOrigin(row: 3, column: column), cold = layout.kernelOrigin(row: 0, column: column)
            #expect(picture.rgb(x: hot.x + 6, y: hot.y + 6) == (180, 4, 38))
            #expect(picture.rgb(x: cold.x + 6, y: cold.y + 6) == (59, 76, 192))
        }
        // Between two kernels only background.
        #expect(picture.rgb(x: first.x + 12 + 1, y: first.y + 6) == (255, 255, 255))
        // Row names are drawn left of the grid.
        var ink = 0
        for y in first.y..<(first.y + 12) { for x in 0..<first.x where picture.rgb(x: x, y: y) == (20, 20, 20) { ink += 1 } }
        #expect(ink > 5)
    }

    @Test func numbersAreWrittenInCellsLargeEnoughForThem() {
        let kernel = FilterPicture.Kernel(name: "k", height: 1, width: 2, weights: [0, 1])
        let layout = FilterPicture.Layout([kernel], cell: 28, title: nil)
        let picture = FilterPicture.render([kernel], cell: 28)
        let (x, y) = layout.kernelOrigin(row: 0, column: 0)
        // Cell corners keep the weight's colour; the middle of the 0 cell holds dark text pixels.
        let corner = picture.rgb(x: x + 1, y: y + 1)
        #expect([corner.0, corner.1, corner.2] == Colormap.coolwarm.color(128))
        var ink = 0
        for py in y..<(y + 28) { for px in x..<(x + 28) where picture.rgb(x: px, y: py) == (20, 20, 20) { ink += 1 } }
        #expect(ink == 19)  // the glyph '0' (0E 11 13 15 19 11 0E) has 3+2+3+3+3+2+3 lit pixels
        #expect(FilterPicture.cellTexts(kernel, channel: 0, cell: 28) == ["0", "1"])
        #expect(FilterPicture.cellTexts(FilterPicture.Kernel(name: "k", height: 1, width: 1, weights: [-0.125]), channel: 0, cell: 28) == nil)
    }

    @Test func longBanksWrapIntoSideBySidePanels() {
        let kernels = (0..<16).map {
            FilterPicture.Kernel(name: "f\($0)", height: 5, width: 5, channels: 3, weights: [Float](repeating: 1, count: 75))
        }
        let layout = FilterPicture.Layout(kernels, cell: 16, title: nil)
        // One panel would be 16 × 80 px tall but only ~280 px wide: two panels of 8 rows instead.
        #expect(layout.panels == 2 && layout.rowsPerPanel == 8)
        let first = layout.kernelOrigin(row: 0, column: 0), ninth = layout.kernelOrigin(row: 8, column: 0)
        #expect(ninth.y == first.y)
        #expect(ninth.x - first.x == layout.panelWidth + layout.panelGap)
        let last = layout.kernelOrigin(row: 15, column: 2)
        #expect(last.x + 80 + FilterPicture.margin <= layout.imageWidth)
        #expect(last.y + 80 < layout.legendTop)
        // A short bank stays in one column of rows.
        #expect(FilterPicture.Layout(Array(kernels.prefix(3)), cell: 16, title: nil).panels == 1)
    }

    @Test func automaticCellKeepsKernelsReadable() {
        #expect(FilterPicture.automaticCell(height: 3, width: 3) == 28)
        #expect(FilterPicture.automaticCell(height: 1, width: 1) == 32)
        #expect(FilterPicture.automaticCell(height: 64, width: 64) == 4)
    }
}
