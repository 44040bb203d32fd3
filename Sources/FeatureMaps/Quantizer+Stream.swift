import Convolution
import Essentials

/// One map of a plan streamed in row order on the calling thread: each band of output rows is
/// convolved and quantised into one small reused buffer and handed on (to a JPEG row encoder), so
/// neither the map's floats nor its 8-bit plane ever exist whole. Callers run several maps at once,
/// one per thread.
extension Quantizer {
    /// Every band of map `channelOffsets` of image `image` of `plan` on `input`, in row order: `consume`
    /// gets each band's pixels (`rows × width × channelOffsets.count`, interleaved). Returns the map's
    /// statistics when `collectingStatistics`, else `.empty`. Throws what `consume` throws, after which
    /// no further band is made.
    public static func streamBands(
        _ plan: ConvolutionPlan, input: ConvolutionInput, image: Int, channelOffsets: [Int], transform: QuantizationTransform,
        collectingStatistics: Bool, consume: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws -> MapStatistics {
        let (height, width, channels) = (plan.outputShape[1], plan.outputShape[2], plan.outputShape[3])
        let rowFloats = plan.rowFloats
        guard height > 0, rowFloats > 0 else { return .empty }
        let bandRows = plan.bandRows(budgetFloats: bandFloats)
        let outputFloats = (bandRows * rowFloats + 15) / 16 * 16
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: (outputFloats + plan.scratchFloats(rows: bandRows)) * 4 + 64, alignment: 64)
            .bindMemory(to: Float.self, capacity: outputFloats + plan.scratchFloats(rows: bandRows))
        defer { scratch.deallocate() }
        let k = channelOffsets.count
        let pixels = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bandRows * width * k)
        defer { pixels.deallocate() }
        var parts: [MapStatistics] = []
        var first = 0
        while first < height {
            let rows = first..<min(height, first + bandRows)
            plan.compute(input, image: image, rows: rows, into: scratch, scratch: scratch + outputFloats)
            let band = UnsafeBufferPointer(start: scratch, count: rows.count * rowFloats)
            let destination = UnsafeMutableBufferPointer(rebasing: pixels[0..<(rows.count * width * k)])
            let map = [MapTarget(channelOffsets: channelOffsets, transform: transform, destination: destination)]
            if !quantizeInterleaved(band, channels: channels, maps: map) {
                quantizeMaps(band, pixelStride: channels, maps: map, minimumParallelWork: .max)
            }
            if collectingStatistics {
                let perChannel = MapStatistics.computeChannels(band, channels: channels)
                parts.append(MapStatistics.merging(channelOffsets.map { perChannel[$0] }))
            }
            try consume(UnsafeBufferPointer(destination))
            first = rows.upperBound
        }
        return collectingStatistics ? MapStatistics.merging(parts) : .empty
    }
}
