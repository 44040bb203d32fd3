import Testing
@testable import FeatureMaps

/// The label font: descenders hang below the baseline, so g, j, p, q, y never read as digits.
@Suite struct BitmapFontTests {
    /// The lit pixels of `text` drawn at scale 1 with its top-left corner at (0, 0).
    func lit(_ text: String) -> [(x: Int, y: Int)] {
        let size = BitmapFont.measure(text)
        var canvas = RGBImage(width: size.width, height: size.height, channels: 1)
        BitmapFont.draw(text, into: &canvas, x: 0, y: 0, color: [255])
        var points: [(x: Int, y: Int)] = []
        for y in 0..<size.height { for x in 0..<size.width where canvas.pixels[y * size.width + x] == 255 { points.append((x, y)) } }
        return points
    }

    @Test(arguments: ["g", "j", "p", "q", "y"])
    func descendersInkBelowTheBaseline(letter: String) {
        let rows = Set(lit(letter).map(\.y))
        #expect(rows.contains { $0 >= BitmapFont.ascent }, "\(letter) has no ink below the baseline")
    }

    @Test func gIsNotNineAndqIsNotNine() {
        let nine = BitmapFont.glyph(for: "9")
        #expect(BitmapFont.glyph(for: "g") != nine)
        #expect(BitmapFont.glyph(for: "q") != nine)
        // Digits and capitals stay above the baseline.
        for character in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" {
            #expect(lit(String(character)).allSatisfy { $0.y < BitmapFont.ascent }, "\(character) reaches below the baseline")
        }
    }

    @Test func letterWithoutDescenderSharesTheBaseline() {
        // 'a' and 'g' both have their bowl's bottom edge on the last row above the baseline.
        #expect(lit("a").map(\.y).max() == BitmapFont.ascent - 1)
        #expect(lit("g").map(\.y).max() == BitmapFont.glyphHeight - 1)
    }

    @Test func lineHeightIncludesTheDescent() {
        #expect(BitmapFont.glyphHeight == BitmapFont.ascent + BitmapFont.descent)
        #expect(BitmapFont.measure("edge", scale: 3).height == 3 * BitmapFont.glyphHeight)
        #expect(BitmapFont.glyphs.count == 95 * BitmapFont.glyphHeight)
    }

    @Test func contactSheetLabelBandHoldsTheDescenders() throws {
        // A two-line label at scale 2: the 'g' of the first line must not touch the second line, and the
        // last line's tails must stay inside the band, above the tile's frame.
        let tile = RGBImage(width: 200, height: 40, channels: 1, fill: [128])
        let sheet = ContactSheet.render([ContactSheet.Tile(label: "edge\nedgy", image: tile)])
        let layout = ContactSheet.Layout(tileSizes: [(200, 40)], lineCounts: [2], columns: nil)
        #expect(layout.labelScale == 2)
        let top = ContactSheet.padding
        var inkRows = Set<Int>()
        for y in top..<(top + layout.bandHeight) {
            for x in 0..<sheet.width where sheet.rgb(x: x, y: y) == (20, 20, 20) { inkRows.insert(y - top) }
        }
        let lineTop = 2 + layout.labelScale
        let linePitch = (BitmapFont.glyphHeight + 2) * layout.labelScale
        // The first line's descender rows are inked, then a blank gap before the second line starts.
        #expect(inkRows.contains(lineTop + (BitmapFont.glyphHeight - 1) * layout.labelScale))
        #expect(!inkRows.contains(lineTop + BitmapFont.glyphHeight * layout.labelScale))
        #expect(inkRows.contains(lineTop + linePitch))
        // The second line's tails end inside the band, with the frame's row still clear of ink.
        let lastInk = try #require(inkRows.max())
        #expect(lastInk == lineTop + linePitch + BitmapFont.glyphHeight * layout.labelScale - 1)
        #expect(lastInk < layout.bandHeight - 1)
    }
}
