import Testing
@testable import FeatureMaps

/// Tensor → per-map pictures: shapes, names, ranges.
@Suite struct VisualsActivationRenderingTests {
    @Test func namesArePaddedToTheLastIndex() {
        #expect(ActivationRendering.padded(3, count: 10) == "3")
        #expect(ActivationRendering.padded(3, count: 11) == "03")
        #expect(ActivationRendering.padded(15, count: 16) == "15")
        #expect(ActivationRendering.padded(7, count: 1000) == "007")
        #expect(ActivationRendering.padded(0, count: 1) == "0")
    }

    @Test func shapesOfTwoToFourDimensionsAreAccepted() throws {
        let four = try ActivationRendering(shape: [2, 1, 1, 3], values: [Float](repeating: 0, count: 6), sharedRange: false)
        #expect((four.items, four.height, four.width, four.channels) == (2, 1, 1, 3))
        let three = try ActivationRendering(shape: [2, 3, 4], values: [Float](repeating: 0, count: 24), sharedRange: false)
        #expect((three.items, three.height, three.width, three.channels) == (1, 2, 3, 4))
        let two = try ActivationRendering(shape: [2, 3], values: [Float](repeating: 0, count: 6), sharedRange: false)
        #expect((two.items, two.channels) == (1, 1))
        #expect(three.channelName(3) == "c3" && four.itemName(1) == "1")
    }

    @Test(arguments: [[Int](), [5], [1, 1, 1, 1, 1], [1, 0, 2, 1], [2, 2, 2, 2]])
    func unusableShapesAreErrors(shape: [Int]) {
        #expect(throws: ActivationRendering.ShapeError.self) {
            try ActivationRendering(shape: shape, values: [1, 2, 3], sharedRange: false)
        }
    }

    @Test func sharedRangeScalesEveryMapByTheWholeTensor() throws {
        // Item 0: c0 = [0, 10], c1 = [0, 5]; item 1: c0 = [20, 20], c1 = [-20, 0].
        let values: [Float] = [0, 0, 10, 5, 20, -20, 20, 0]
        let own = try ActivationRendering(shape: [2, 1, 2, 2], values: values, sharedRange: false)
        let shared = try ActivationRendering(shape: [2, 1, 2, 2], values: values, sharedRange: true)
        #expect(own.gray8(item: 0, channel: 1, mode: .minmax) == [0, 255])
        // Shared range −20…20: 0 → 127.5 → 128 (half to even), 5 → 159.375 → 159, 20 → 255, −20 → 0.
        #expect(shared.gray8(item: 0, channel: 1, mode: .minmax) == [128, 159])
        #expect(shared.gray8(item: 1, channel: 1, mode: .minmax) == [0, 128])
        // A constant map is 0 with its own range, but placed on the shared scale.
        #expect(own.gray8(item: 1, channel: 0, mode: .minmax) == [0, 0])
        #expect(shared.gray8(item: 1, channel: 0, mode: .minmax) == [255, 255])
        // Labels always use each map's own range.
        #expect(shared.ownStatistics[0][1].max == 5 && shared.statistics[0][1].max == 20)
    }
}
