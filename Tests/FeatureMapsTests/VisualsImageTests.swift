import Testing
@testable import FeatureMaps
import Essentials

/// RGBImage drawing, resizing, text and number formatting.
@Suite struct VisualsImageTests {
    @Test func areaAverageOfHandComputedBlocks() throws {
        // 4×2 gray → 2×1: each output averages a 2×2 block.
        let image = try RGBImage(width: 4, height: 2, channels: 1, pixels: [0, 100, 200, 255, 50, 10, 0, 1])
        let small = image.resizedByAreaAverage(width: 2, height: 1)
        #expect(small.pixels == [40, 114])  // (0+100+50+10)/4 = 40, (200+255+0+1)/4 = 114
        // 3 → 2 columns: output 0 covers source 0 fully and half of 1 (weights 2/3, 1/3).
        let row = try RGBImage(width: 3, height: 1, channels: 1, pixels: [0, 90, 180])
        #expect(row.resizedByAreaAverage(width: 2, height: 1).pixels == [30, 150])
    }

    @Test func downsizingKeepsAspectRatioAndSmallImages() {
        let wide = RGBImage(width: 300, height: 100, channels: 3, fill: [7, 8, 9])
        let fitted = wide.downsized(toFit: 120)
        #expect(fitted.width == 120 && fitted.height == 40)
        #expect(fitted.rgb(x: 119, y: 39) == (7, 8, 9))
        let small = RGBImage(width: 10, height: 20, channels: 1)
        #expect(small.downsized(toFit: 256) == small)
    }

    @Test func nearestEnlargingRepeatsPixels() throws {
        let image = try RGBImage(width: 2, height: 1, channels: 1, pixels: [1, 2])
        #expect(image.enlargedNearest(by: 2).pixels == [1, 1, 2, 2, 1, 1, 2, 2])
    }

    @Test func wrongSampleCountIsAnErrorNotATrap() {
        #expect(throws: RGBImage.ShapeError.self) { try RGBImage(width: 2, height: 2, channels: 1, pixels: [0]) }
        #expect(throws: RGBImage.ShapeError.self) { try RGBImage(width: 1, height: 1, channels: 2, pixels: [0, 0]) }
    }

    @Test func drawingClipsAtTheEdges() {
        var canvas = RGBImage(width: 4, height: 4, channels: 3)
        canvas.draw(RGBImage(width: 3, height: 3, channels: 1, fill: [9]), x: 2, y: -1)
        #expect(canvas.rgb(x: 3, y: 0) == (9, 9, 9))
        #expect(canvas.rgb(x: 3, y: 2) == (0, 0, 0))
        #expect(canvas.rgb(x: 1, y: 0) == (0, 0, 0))
    }

    @Test func fontMeasuresSixPixelsPerCharacterLessTheLastGap() {
        #expect(BitmapFont.measure("ab").width == 11)
        #expect(BitmapFont.measure("ab", scale: 2) == (width: 22, height: 18))
        #expect(BitmapFont.measure("").width == 0)
    }

    @Test func verticalBarIsASevenPixelColumn() {
        var canvas = RGBImage(width: 7, height: 9, channels: 1)
        BitmapFont.draw("|", into: &canvas, x: 1, y: 1, color: [255])
        var lit: [(Int, Int)] = []
        for y in 0..<9 { for x in 0..<7 where canvas.pixels[y * 7 + x] == 255 { lit.append((x, y)) } }
        // '|' is the middle column (third of five) on all seven rows.
        #expect(lit.count == 7)
        #expect(lit.allSatisfy { $0.0 == 3 } && lit.map(\.1) == Array(1...7))
    }

    @Test func everyPrintableCharacterDrawsSomethingExceptSpace() {
        for code in 33...126 {
            var canvas = RGBImage(width: 5, height: 7, channels: 1)
            BitmapFont.draw(String(UnicodeScalar(UInt8(code))), into: &canvas, x: 0, y: 0, color: [255])
            #expect(canvas.pixels.contains(255), "glyph \(code) is empty")
        }
        // Characters the font lacks draw as '?'.
        var unknown = RGBImage(width: 5, height: 7, channels: 1), question = unknown
        BitmapFont.draw("é", into: &unknown, x: 0, y: 0, color: [255])
        BitmapFont.draw("?", into: &question, x: 0, y: 0, color: [255])
        #expect(unknown == question)
    }

    @Test(arguments: [
        (Float(-412), "-412"), (398, "398"), (0, "0"), (0.0123, "0.0123"), (12.345, "12.3"), (1.5, "1.5"),
        (1_234_567, "1.23e+06"), (-0.00004, "-4e-05"), (255, "255"), (99.99, "100"), (0.5, "0.5"),
    ])
    func compactNumbers(value: Float, text: String) {
        #expect(CompactNumber.format(value) == text)
    }

    @Test func tensorItemBecomesAPicture() throws {
        let tensor = try Tensor(shape: [2, 1, 2, 4], scalars: [0, 1, 2, 3, 4, 5, 6, 7, 300, -5, 10.4, 0, 1, 2, 3, 4])
        let second = RGBImage(tensor: tensor, item: 1)
        #expect(second?.channels == 3)
        #expect(second?.pixels == [255, 0, 10, 1, 2, 3])  // clipped, rounded, alpha dropped
        #expect(RGBImage(tensor: tensor, item: 2) == nil)
    }
}
