import Convolution
import FeatureMaps
import Essentials

/// The banded path of `MapWriter` (8-bit PNG/JPEG and 16-bit PNG): the maps of an image are
/// quantised from convolved bands that never leave the cache, so no whole float output is stored.
extension MapWriter {
    /// A map's plane, advised for huge pages: the bands write it once, right away.
    static func allocatePlane<Pixel>(_ type: Pixel.Type, count: Int) -> UnsafeMutableBufferPointer<Pixel> {
        let plane = UnsafeMutableBufferPointer<Pixel>.allocate(capacity: count)
        HugePageAdvice.advise(UnsafeMutableRawBufferPointer(plane))
        return plane
    }

    /// One convolution of a banded source and the maps it yields.
    struct BandPart {
        let plan: ConvolutionPlan
        let input: ConvolutionInput
        let maps: Range<Int>
        /// The output channels of the part's i-th map.
        let channels: @Sendable (Int) -> [Int]
    }

    /// The banded parts for a group: conv is one convolution (map f = channel f); depthwise runs each
    /// filter as its own multiplier-1 convolution, which takes the fast flattened-row path and yields its
    /// colour map as contiguous channels 0..<C (a multiplier-F filter would be a grouped conv with
    /// half-empty SIMD panels, and its maps interleaved).
    func bandParts(_ input: ConvolutionInput, _ group: FilterSet) throws -> [BandPart] {
        let channels = input.shape[3]
        switch mode {
        case .conv:
            let plan = try ConvolutionPlan(inputShape: input.shape, bank: try group.convBank(channels: channels), options: convolution)
            return [BandPart(plan: plan, input: input, maps: 0..<group.filters.count, channels: { [$0] })]
        case .depthwise:
            return try group.filters.indices.map { f in
                let single = try FilterSet([group.filters[f]])
                let plan = try ConvolutionPlan(inputShape: input.shape, depthwise: try single.depthwise(channels: channels),
                                               bias: single.depthwiseBiases(channels: channels), options: convolution)
                return BandPart(plan: plan, input: input, maps: f..<(f + 1), channels: { _ in Array(0..<channels) })
            }
        }
    }

    /// Quantises every map of `parts` (image `image`) into `planes` (one per map of the group) and returns
    /// each map's statistics. Ranges come first when the mapping needs them (a second convolution pass
    /// is cheaper than storing the floats); otherwise they are gathered while the pixels are made, if
    /// anything records them (`recordsStatistics`; else they are left empty).
    func quantizeBands<Pixel: FixedWidthInteger & UnsignedInteger & SendableMetatype>(_ parts: [BandPart], image: Int, planes: [UnsafeMutableBufferPointer<Pixel>], maximum: Float) -> [MapStatistics] {
        var statistics = [MapStatistics](repeating: .empty, count: planes.count)
        let gathers = !needsRangeFirst && recordsStatistics
        for part in parts {
            let local = part.maps.indices.map { part.channels($0 - part.maps.lowerBound) }
            func merged(_ channelStatistics: [MapStatistics]) -> [MapStatistics] {
                local.map { $0.count == 1 ? channelStatistics[$0[0]] : MapStatistics.merging($0.map { channelStatistics[$0] }) }
            }
            let first = needsRangeFirst ? merged(Quantizer.bandStatistics(part.plan, input: part.input, image: image)) : local.map { _ in MapStatistics.empty }
            let targets = local.indices.map { i in
                Quantizer.MapTarget(channelOffsets: local[i], transform: QuantizationTransform(mode: normalization, statistics: first[i], maximum: maximum),
                                    destination: planes[part.maps.lowerBound + i])
            }
            let collected: [MapStatistics]
            if let eight = targets as? [Quantizer.MapTarget<UInt8>] {
                collected = Quantizer.quantizeBands(part.plan, input: part.input, image: image, maps: eight, collectingStatistics: gathers)
            } else if let sixteen = targets as? [Quantizer.MapTarget<UInt16>] {
                collected = Quantizer.quantizeBands(part.plan, input: part.input, image: image, maps: sixteen, collectingStatistics: gathers)
            } else {
                preconditionFailure("planes are 8- or 16-bit")
            }
            let final = gathers ? merged(collected) : first
            for (i, value) in final.enumerated() { statistics[part.maps.lowerBound + i] = value }
        }
        return statistics
    }
}
