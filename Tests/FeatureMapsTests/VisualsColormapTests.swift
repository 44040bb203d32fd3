import Testing
@testable import FeatureMaps

/// Colormap tables against the values published with matplotlib (_cm_listed.py / Moreland's paper).
@Suite struct VisualsColormapTests {
    @Test func viridisEndpointsMatchThePublishedTable() {
        // _cm_listed.py: first [0.267004, 0.004874, 0.329415], last [0.993248, 0.906157, 0.143936].
        #expect(Colormap.viridis.color(0) == [68, 1, 84])
        #expect(Colormap.viridis.color(255) == [253, 231, 37])
    }

    @Test func magmaEndpointsMatchThePublishedTable() {
        // _cm_listed.py: first [0.001462, 0.000466, 0.013866], last [0.987053, 0.991438, 0.749504].
        #expect(Colormap.magma.color(0) == [0, 0, 4])
        #expect(Colormap.magma.color(255) == [252, 253, 191])
    }

    @Test func coolwarmIsBlueToNeutralToRed() {
        let low = Colormap.coolwarm.color(0), high = Colormap.coolwarm.color(255)
        // Moreland's endpoints: (59, 76, 192) and (180, 4, 38).
        #expect(low == [59, 76, 192])
        #expect(high == [180, 4, 38])
        for middle in [Colormap.coolwarm.color(127), Colormap.coolwarm.color(128)] {
            let spread = Int(middle.max()!) - Int(middle.min()!)
            #expect(spread <= 12, "middle \(middle) is not near-neutral")
            #expect(middle.allSatisfy { $0 > 200 }, "middle \(middle) is not light")
        }
    }

    @Test func everyTableHas256EntriesWithTheGeneratedNeighbours() {
        // The tables are stored as hex digits: a digit decoded wrong or dropped shifts every later entry.
        for colormap in Colormap.allCases { #expect(colormap.table.count == 768, "\(colormap)") }
        #expect(Colormap.viridis.color(1) == [68, 2, 86] && Colormap.viridis.color(128) == [33, 145, 140])
        #expect(Colormap.viridis.color(254) == [251, 231, 35])
        #expect(Colormap.magma.color(1) == [1, 0, 5] && Colormap.magma.color(128) == [183, 55, 121])
        #expect(Colormap.coolwarm.color(1) == [60, 78, 194] && Colormap.coolwarm.color(254) == [181, 9, 39])
    }

    @Test func grayIsTheIdentity() {
        for value in [0, 1, 127, 200, 255] {
            #expect(Colormap.gray.color(UInt8(value)) == [UInt8(value), UInt8(value), UInt8(value)])
        }
        #expect(Colormap.gray.apply(to: RGBImage(width: 2, height: 1, channels: 1, fill: [77])).pixels == [77, 77])
    }

    @Test func everyTableHas256Entries() {
        for map in Colormap.allCases { #expect(map.table.count == 768) }
    }

    @Test func applyWritesThreeBytesPerPixel() {
        let gray: [UInt8] = [0, 255, 0]
        let rgb = Colormap.viridis.apply(gray)
        #expect(rgb == [68, 1, 84, 253, 231, 37, 68, 1, 84])
        // A too-small destination is filled only as far as it goes.
        var short = [UInt8](repeating: 9, count: 4)
        gray.withUnsafeBufferPointer { source in
            short.withUnsafeMutableBufferPointer { Colormap.magma.apply(source, into: $0) }
        }
        #expect(short == [0, 0, 4, 9])
    }

    @Test func colouringAnImageMakesItRGB() {
        let image = RGBImage(width: 3, height: 2, channels: 1, fill: [255])
        let coloured = Colormap.viridis.apply(to: image)
        #expect(coloured.channels == 3 && coloured.width == 3 && coloured.height == 2)
        #expect(coloured.rgb(x: 2, y: 1) == (253, 231, 37))
    }
}
