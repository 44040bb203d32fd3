import Convolution
import Essentials

/// One map of a plan streamed in row order: each band of output rows is convolved and quantised into a
/// small reused buffer and handed on (to a JPEG row encoder), so neither the map's floats nor its 8-bit
/// plane ever exist whole. Callers run several maps at once, one per thread; a map that has cores to
/// itself computes several consecutive bands at once instead.
extension Quantizer {
    /// Every band of map `channelOffsets` of image `image` of `plan` on `input`, in row order: `consume`
    /// gets each band's pixels (`rows × width × channelOffsets.count`, interleaved). With `workers` > 1,
    /// that many consecutive bands are computed at once (one buffer each), then handed on in order.
    /// Returns the map's statistics when `collectingStatistics`, else `.empty`. Throws what `consume`
    /// throws, after which no further band is made.
    public static func streamBands(
        _ plan: ConvolutionPlan, input: ConvolutionInput, image: Int, channelOffsets: [Int], transform: QuantizationTransform,
        collectingStatistics: Bool, workers: Int = 1, consume: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws -> MapStatistics {
        try streamBands(plan, input: input, image: image, channelOffsets: channelOffsets, transform: transform,
                        collectingStatistics: collectingStatistics, workers: workers, bandFloats: bandFloats, consume: consume)
    }

    /// `streamBands` with bands of about `bandFloats` floats (tests use small ones to make many bands).
    static func streamBands(
        _ plan: ConvolutionPlan, input: ConvolutionInput, image: Int, channelOffsets: [Int], transform: QuantizationTransform,
        collectingStatistics: Bool, workers: Int, bandFloats: Int, consume: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws -> MapStatistics {
        let (height, width) = (plan.outputShape[1], plan.outputShape[2])
        guard height > 0, plan.rowFloats > 0 else { return .empty }
        let bandRows = plan.bandRows(budgetFloats: bandFloats)
        let slots = max(1, min(workers, (height + bandRows - 1) / bandRows))
        let buffers = (0..<slots).map { _ in StreamBandBuffers(plan: plan, bandRows: bandRows, pixels: bandRows * width * channelOffsets.count) }
        defer { buffers.forEach { $0.deallocate() } }
        var statistics = [MapStatistics](repeating: .empty, count: slots)
        var parts: [MapStatistics] = []
        var first = 0
        while first < height {
            let bands = stride(from: first, to: min(height, first + slots * bandRows), by: bandRows)
                .map { $0..<min(height, $0 + bandRows) }
            statistics.withUnsafeMutableBufferPointer { results in
                let shared = UncheckedSendable(results)
                ParallelWork.run(bands.count) { b, _ in
                    shared.value[b] = buffers[b].fill(plan, input: input, image: image, rows: bands[b], channelOffsets: channelOffsets,
                                                      transform: transform, collectingStatistics: collectingStatistics)
                }
            }
            for b in bands.indices {
                if collectingStatistics { parts.append(statistics[b]) }
                try consume(buffers[b].pixels(rows: bands[b].count, width: width, channels: channelOffsets.count))
            }
            first = bands.last!.upperBound
        }
        return collectingStatistics ? MapStatistics.merging(parts) : .empty
    }
}

/// One band's convolution output, the plan's scratch and the band's 8-bit pixels, allocated once per map.
private struct StreamBandBuffers: @unchecked Sendable {
    let outputFloats: Int
    let floats: UnsafeMutablePointer<Float>
    let pixelBuffer: UnsafeMutableBufferPointer<UInt8>

    init(plan: ConvolutionPlan, bandRows: Int, pixels: Int) {
        outputFloats = (bandRows * plan.rowFloats + 15) / 16 * 16
        let total = outputFloats + plan.scratchFloats(rows: bandRows)
        floats = UnsafeMutableRawPointer.allocate(byteCount: total * 4 + 64, alignment: 64).bindMemory(to: Float.self, capacity: total)
        pixelBuffer = .allocate(capacity: pixels)
    }

    func deallocate() {
        UnsafeMutableRawPointer(floats).deallocate()
        pixelBuffer.deallocate()
    }

    func pixels(rows: Int, width: Int, channels: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: pixelBuffer[0..<(rows * width * channels)])
    }

    /// Convolves `rows` and quantises them into the pixels; the band's statistics when asked, else `.empty`.
    func fill(_ plan: ConvolutionPlan, input: ConvolutionInput, image: Int, rows: Range<Int>, channelOffsets: [Int],
              transform: QuantizationTransform, collectingStatistics: Bool) -> MapStatistics {
        let channels = plan.outputShape[3], width = plan.outputShape[2]
        plan.compute(input, image: image, rows: rows, into: floats, scratch: floats + outputFloats)
        let band = UnsafeBufferPointer(start: floats, count: rows.count * plan.rowFloats)
        let destination = UnsafeMutableBufferPointer(rebasing: pixelBuffer[0..<(rows.count * width * channelOffsets.count)])
        let map = [Quantizer.MapTarget(channelOffsets: channelOffsets, transform: transform, destination: destination)]
        Quantizer.quantizeBand(band, channels: channels, maps: map)
        guard collectingStatistics else { return .empty }
        let perChannel = MapStatistics.computeChannels(band, channels: channels)
        return MapStatistics.merging(channelOffsets.map { perChannel[$0] })
    }
}
