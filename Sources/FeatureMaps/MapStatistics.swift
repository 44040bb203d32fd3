/// A feature map's raw range before normalisation: what `minmax`/`signed` scale by and what the
/// report lists. NaN values are ignored (not counted, not in min/max/mean); a map with no non-NaN
/// value has min, max and mean NaN and count 0.
///
/// A map is one or more channels of an NHWC output buffer, read with a pixel stride: in conv mode
/// (output `[.., F]`) map f is channel offset `[f]` with stride F; in depthwise mode on a C-channel
/// image (output `[.., C·F]`) filter f's colour map is offsets `[f, F + f, 2F + f, …]` with stride C·F
/// (see `FilterSet.depthwiseChannels`), and its statistics span all its channels so colours keep
/// their balance.
public struct MapStatistics: Sendable, Equatable {
    /// Smallest value.
    public let min: Float
    /// Largest value.
    public let max: Float
    /// Arithmetic mean, accumulated in Double.
    public let mean: Float
    /// Number of non-NaN values the statistics cover.
    public let count: Int

    /// Statistics from known values.
    public init(min: Float, max: Float, mean: Float, count: Int) {
        self.min = min
        self.max = max
        self.mean = mean
        self.count = count
    }

    /// The statistics of no values at all.
    public static let empty = MapStatistics(min: .nan, max: .nan, mean: .nan, count: 0)

    /// One map's statistics: every `pixelStride`-th pixel of `source`, the channels at `channelOffsets`
    /// within each pixel. Reads `source.count / pixelStride` pixels.
    ///
    /// To get every channel's statistics, `computeChannels` reads the buffer once instead of F times.
    public static func compute(_ source: UnsafeBufferPointer<Float>, pixelStride: Int, channelOffsets: [Int]) -> MapStatistics {
        precondition(pixelStride > 0 && channelOffsets.allSatisfy { $0 >= 0 && $0 < pixelStride },
                     "channel offsets must lie inside a pixel")
        if channelOffsets.count == pixelStride && channelOffsets == Array(0..<pixelStride) {
            return merging(computeChannels(source, channels: 1))
        }
        guard let base = source.baseAddress else { return .empty }
        let pixels = source.count / pixelStride
        var low = Float.infinity, high = -Float.infinity, sum = 0.0, count = 0
        for offset in channelOffsets {
            var p = base + offset
            var blockSum: Float = 0
            for index in 0..<pixels {
                let v = p.pointee
                p += pixelStride
                if v == v {
                    low = v < low ? v : low
                    high = v > high ? v : high
                    blockSum += v
                    count += 1
                }
                if index & 1023 == 1023 {
                    sum += Double(blockSum)
                    blockSum = 0
                }
            }
            sum += Double(blockSum)
        }
        return count == 0 ? .empty : MapStatistics(min: low, max: high, mean: Float(sum / Double(count)), count: count)
    }

    /// The statistics of every channel of an NHWC buffer with `channels` channels per pixel, in one pass.
    public static func computeChannels(_ source: UnsafeBufferPointer<Float>, channels: Int) -> [MapStatistics] {
        precondition(channels > 0, "a buffer has at least one channel")
        guard let base = source.baseAddress else { return Array(repeating: .empty, count: channels) }
        let usable = source.count / channels * channels
        // A row of `lanes` values holds whole pixels and a whole number of 16-float vectors, so lane j is
        // always channel j % channels and the inner loop is plain contiguous vector code.
        let lanes = leastCommonMultiple(channels, 16)
        guard lanes <= 512 else { return (0..<channels).map { compute(source, pixelStride: channels, channelOffsets: [$0]) } }
        var low = [Float](repeating: .infinity, count: lanes)
        var high = [Float](repeating: -.infinity, count: lanes)
        var blockSum = [Float](repeating: 0, count: lanes)
        var nanCount = [Int32](repeating: 0, count: lanes)
        var sum = [Double](repeating: 0, count: lanes)
        let rows = usable / lanes
        low.withUnsafeMutableBufferPointer { low in
        high.withUnsafeMutableBufferPointer { high in
        blockSum.withUnsafeMutableBufferPointer { blockSum in
        nanCount.withUnsafeMutableBufferPointer { nanCount in
            var row = base
            for r in 0..<rows {
                for j in 0..<lanes {
                    let v = row[j]
                    low[j] = v < low[j] ? v : low[j]
                    high[j] = v > high[j] ? v : high[j]
                    blockSum[j] += v == v ? v : 0
                    nanCount[j] &+= v == v ? 0 : 1
                }
                row += lanes
                // Float partial sums over at most 1024 rows, then Double: exact enough, still vectorised.
                if r & 1023 == 1023 {
                    for j in 0..<lanes { sum[j] += Double(blockSum[j]); blockSum[j] = 0 }
                }
            }
            for j in 0..<lanes { sum[j] += Double(blockSum[j]) }
        }}}}
        var totalCount = [Int](repeating: 0, count: channels)
        var channelLow = [Float](repeating: .infinity, count: channels)
        var channelHigh = [Float](repeating: -.infinity, count: channels)
        var channelSum = [Double](repeating: 0, count: channels)
        for j in 0..<lanes {
            let c = j % channels
            channelLow[c] = Swift.min(channelLow[c], low[j])
            channelHigh[c] = Swift.max(channelHigh[c], high[j])
            channelSum[c] += sum[j]
            totalCount[c] += rows - Int(nanCount[j])
        }
        for index in (rows * lanes)..<usable {
            let v = base[index], c = index % channels
            guard v == v else { continue }
            channelLow[c] = Swift.min(channelLow[c], v)
            channelHigh[c] = Swift.max(channelHigh[c], v)
            channelSum[c] += Double(v)
            totalCount[c] += 1
        }
        return (0..<channels).map { c in
            totalCount[c] == 0 ? .empty
                : MapStatistics(min: channelLow[c], max: channelHigh[c], mean: Float(channelSum[c] / Double(totalCount[c])), count: totalCount[c])
        }
    }

    /// The statistics of the union of several maps' values (e.g. the channels of one depthwise colour map).
    public static func merging(_ parts: [MapStatistics]) -> MapStatistics {
        let filled = parts.filter { $0.count > 0 }
        guard !filled.isEmpty else { return .empty }
        let total = filled.reduce(0) { $0 + $1.count }
        let sum = filled.reduce(0.0) { $0 + Double($1.mean) * Double($1.count) }
        return MapStatistics(min: filled.map(\.min).min()!, max: filled.map(\.max).max()!,
                             mean: Float(sum / Double(total)), count: total)
    }
}

/// lcm(a, b) for small positive sizes.
func leastCommonMultiple(_ a: Int, _ b: Int) -> Int {
    var x = a, y = b
    while y != 0 { (x, y) = (y, x % y) }
    return a / x * b
}
