import Convolution
import Essentials
import Testing
@testable import FeatureMaps

/// The streamed photo path (bands in row order, several computed at once when a map has cores to
/// itself) against the whole-tensor path: the concatenated bands are the quantised map, and the
/// statistics are the map's.
@Suite struct QuantizerStreamTests {
    @Test(arguments: [1, 2, 3, 5])
    func bandsArriveInOrderAndMakeTheWholeMap(workers: Int) throws {
        let input = try Tensor(shape: [2, 23, 9, 3], scalars: QuantizerBandsTests.values(2 * 23 * 9 * 3, seed: 13))
        let kernel: [Float] = [0, -1, 0, -1, 5, -1, 0, -1, 0]
        let filter = try DepthwiseFilter(height: 3, width: 3, channels: 3, multiplier: 1,
                                         weights: (0..<27).map { kernel[$0 / 3] })
        let plan = try ConvolutionPlan(inputShape: input.shape, depthwise: filter,
                                       options: ConvolutionOptions(border: .replicate))
        var whole = try depthwiseConv2D(input, filter, options: ConvolutionOptions(border: .replicate))
        let transform = QuantizationTransform(mode: .clamp, statistics: .empty, maximum: 255)
        let pixels = 23 * 9 * 3
        for image in 0..<2 {
            let slice = Array(whole.scalars[(image * pixels)..<((image + 1) * pixels)])
            var expected = [UInt8](repeating: 0, count: pixels)
            expected.withUnsafeMutableBufferPointer { destination in
                slice.withUnsafeBufferPointer { source in
                    Quantizer.quantizeMaps(source, pixelStride: 3, maps: [
                        Quantizer.MapTarget(channelOffsets: [0, 1, 2], transform: transform, destination: destination)])
                }
            }
            // 27 floats a row: bands of 2 rows, so 12 bands, the last one short.
            var streamed: [UInt8] = []
            var bandSizes: [Int] = []
            let statistics = try Quantizer.streamBands(plan, input: .float(input), image: image, channelOffsets: [0, 1, 2],
                                                       transform: transform, collectingStatistics: true, workers: workers,
                                                       bandFloats: 54) { band in
                streamed.append(contentsOf: band)
                bandSizes.append(band.count)
            }
            #expect(streamed == expected, "image \(image), \(workers) workers")
            #expect(bandSizes.count == 12 && bandSizes.last == 27)
            let reference = slice.withUnsafeBufferPointer { MapStatistics.merging(MapStatistics.computeChannels($0, channels: 3)) }
            #expect(statistics.min == reference.min && statistics.max == reference.max && statistics.count == reference.count)
            #expect(abs(statistics.mean - reference.mean) <= 1e-4 * max(1, abs(reference.mean)))
        }
        whole.scalars = []
    }

    @Test func anErrorOfTheConsumerStopsTheStream() throws {
        let input = try Tensor(shape: [1, 40, 4, 1], scalars: QuantizerBandsTests.values(160, seed: 2))
        let bank = try FilterBank(height: 1, width: 1, inChannels: 1, outChannels: 1, weights: [1])
        let plan = try ConvolutionPlan(inputShape: input.shape, bank: bank)
        let transform = QuantizationTransform(mode: .clamp, statistics: .empty, maximum: 255)
        struct Full: Error {}
        var bands = 0
        #expect(throws: Full.self) {
            try Quantizer.streamBands(plan, input: .float(input), image: 0, channelOffsets: [0], transform: transform,
                                      collectingStatistics: false, workers: 2, bandFloats: 8) { _ in
                bands += 1
                if bands == 3 { throw Full() }
            }
        }
        #expect(bands == 3)
    }
}
