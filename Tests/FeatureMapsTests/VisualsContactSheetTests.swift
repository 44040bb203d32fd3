import Testing
@testable import FeatureMaps

/// Contact-sheet layout: tile count, grid shape, sizes, labels.
@Suite struct VisualsContactSheetTests {
    /// A solid tile whose colour identifies it (no colour used by the sheet itself).
    func tile(_ index: Int, width: Int, height: Int) -> RGBImage {
        RGBImage(width: width, height: height, channels: 3, fill: [UInt8(10 + index), 200, UInt8(100 + index)])
    }

    /// Bounding box and pixel count of every colour on the sheet, in one pass.
    func boxes(in image: RGBImage) -> [Int: (x: Int, y: Int, width: Int, height: Int, count: Int)] {
        var found: [Int: (minX: Int, minY: Int, maxX: Int, maxY: Int, count: Int)] = [:]
        image.pixels.withUnsafeBufferPointer { p in
            for y in 0..<image.height {
                for x in 0..<image.width {
                    let i = (y * image.width + x) * 3
                    let key = Int(p[i]) << 16 | Int(p[i + 1]) << 8 | Int(p[i + 2])
                    if let b = found[key] {
                        found[key] = (min(b.minX, x), min(b.minY, y), max(b.maxX, x), max(b.maxY, y), b.count + 1)
                    } else {
                        found[key] = (x, y, x, y, 1)
                    }
                }
            }
        }
        return found.mapValues { ($0.minX, $0.minY, $0.maxX - $0.minX + 1, $0.maxY - $0.minY + 1, $0.count) }
    }

    /// Bounding box of all pixels of one exact colour, or nil.
    func box(of color: (UInt8, UInt8, UInt8), in image: RGBImage) -> (x: Int, y: Int, width: Int, height: Int, count: Int)? {
        boxes(in: image)[Int(color.0) << 16 | Int(color.1) << 8 | Int(color.2)]
    }

    @Test(arguments: [(5, nil as Int?, 3, 2), (5, 2, 2, 3), (7, 4, 4, 2), (3, 10, 4, 1), (0, nil, 1, 1)])
    func tilesLandInTheExpectedGrid(maps: Int, columns: Int?, expectedColumns: Int, expectedRows: Int) {
        // 60×30 tiles with a 64 px tile size are drawn as they are (neither shrunk nor enlarged).
        let input = tile(99, width: 60, height: 30)
        let maps = (0..<maps).map { (label: "f\($0)\n[0, 1]", image: tile($0, width: 60, height: 30)) }
        let sheet = ContactSheet.render(input: input, tiles: maps, columns: columns, tileSize: 64)
        var xs = Set<Int>(), ys = Set<Int>()
        let all = boxes(in: sheet)
        for index in Array(0..<maps.count) + [99] {
            let found = all[(10 + index) << 16 | 200 << 8 | (100 + index)]
            #expect(found != nil, "tile \(index) missing")
            guard let found else { continue }
            // Each tile appears once, whole, at its own size.
            #expect(found.width == 60 && found.height == 30 && found.count == 60 * 30)
            xs.insert(found.x); ys.insert(found.y)
        }
        #expect(xs.count == expectedColumns)
        #expect(ys.count == expectedRows)
        // Width: columns tiles and columns + 1 paddings.
        #expect(sheet.width == expectedColumns * 60 + (expectedColumns + 1) * ContactSheet.padding)
        // Height: each row is band + tile; the band sits between a tile's top and the row above.
        let sortedYs = ys.sorted()
        if sortedYs.count > 1 {
            let rowPitch = sortedYs[1] - sortedYs[0]
            #expect(rowPitch > 30 + ContactSheet.padding)
            #expect(sheet.height == ContactSheet.padding + expectedRows * rowPitch)
        }
    }

    @Test func largeTilesAreShrunkAndSmallOnesEnlarged() {
        let big = tile(1, width: 300, height: 150)
        let small = tile(2, width: 16, height: 16)
        let sheet = ContactSheet.render(input: nil, tiles: [("big", big), ("small", small)], columns: nil, tileSize: 200)
        let all = boxes(in: sheet)
        let bigBox = all[11 << 16 | 200 << 8 | 101], smallBox = all[12 << 16 | 200 << 8 | 102]
        #expect(bigBox?.width == 200 && bigBox?.height == 100)
        // 16 px maps are enlarged by whole blocks to 128 px (factor 8), never past the tile size.
        #expect(smallBox?.width == 128 && smallBox?.height == 128)
    }

    @Test func labelsAreDrawnInTheBandAboveEachTile() {
        let maps = [(label: "sobel-left\n[-412, 398]", image: tile(0, width: 64, height: 64)),
                    (label: "", image: tile(1, width: 64, height: 64))]
        let sheet = ContactSheet.render(input: nil, tiles: maps, columns: 2)
        for (index, expectInk) in [(0, true), (1, false)] {
            guard let found = box(of: (UInt8(10 + index), 200, UInt8(100 + index)), in: sheet) else {
                Issue.record("tile \(index) missing"); continue
            }
            var ink = 0
            // The band: from the sheet padding down to just above the tile's frame.
            for y in ContactSheet.padding..<(found.y - 1) {
                for x in found.x..<(found.x + found.width) where sheet.rgb(x: x, y: y) == (20, 20, 20) { ink += 1 }
            }
            #expect((ink > 20) == expectInk, "tile \(index): \(ink) ink pixels")
        }
    }

    @Test func longLabelsAreShortenedToTheTileWidth() {
        let text = ContactSheet.shortened(String(repeating: "x", count: 100), toFit: 64, scale: 1)
        #expect(text.hasSuffix(".."))
        #expect(BitmapFont.measure(text).width <= 64)
        #expect(ContactSheet.shortened("ok", toFit: 64, scale: 1) == "ok")
    }

    @Test func standardLabelHasNameAndRange() {
        #expect(ContactSheet.label(name: "sobel-left", minimum: -412, maximum: 398) == "sobel-left\n[-412, 398]")
    }

    @Test func inputTileIsTitledWithItsSize() {
        let sheet = ContactSheet.render(input: RGBImage(width: 40, height: 30, channels: 1, fill: [5]), tiles: [])
        #expect(sheet.channels == 3)
        #expect(sheet.width == 40 * 4 + 2 * ContactSheet.padding)  // 40 px enlarged ×4 towards 128
    }
}
