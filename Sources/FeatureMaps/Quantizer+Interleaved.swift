/// Quantisation of every channel of a buffer at once, for bands that are already in cache: one
/// contiguous, vectorised pass turns all `channels` floats of each pixel into pixels (each channel with
/// the transform of the map it belongs to), then a plain copy deals the pixels out to the maps'
/// interleaved planes. Same pixel values as `convert`/`pixelBits`, many times faster than converting a
/// strided channel at a time when maps interleave (depthwise colour maps, K = 3 of C·F channels).
extension Quantizer {
    /// Widest run of lanes (a whole number of pixels and of 16-float vectors) handled by the fast path.
    static let maxInterleavedLanes = 512

    /// Every map of `maps` from `source` (`channels` floats per pixel) when each channel belongs to at
    /// most one map and all maps agree on `takesAbsolute`; false (and nothing written) otherwise, so the
    /// caller falls back to `quantizeMaps`.
    static func quantizeInterleaved<Pixel: FixedWidthInteger & UnsignedInteger & SendableMetatype>(
        _ source: UnsafeBufferPointer<Float>, channels: Int, maps: [MapTarget<Pixel>]
    ) -> Bool {
        // A whole number of pixels and of 16-float vectors, repeated up to 256 lanes so that each row's
        // loop runs long enough to pay for its setup (48 lanes for RGB ran at half the speed).
        let period = leastCommonMultiple(channels, 16)
        guard period <= maxInterleavedLanes, let first = maps.first, let base = source.baseAddress else { return maps.isEmpty }
        let lanes = period * max(1, 256 / period)
        let absolute = first.transform.takesAbsolute
        var owner = [Int](repeating: -1, count: channels)
        for (m, map) in maps.enumerated() {
            guard map.transform.takesAbsolute == absolute else { return false }
            for offset in map.channelOffsets {
                guard offset >= 0, offset < channels, owner[offset] < 0 else { return false }
                owner[offset] = m
            }
        }
        let pixels = source.count / channels
        // Per-lane transform; channels no map reads get an arbitrary one (their pixels are never dealt out).
        var shift = [Float](repeating: 0, count: lanes), scale = shift, offset = shift, maximum = shift
        for j in 0..<lanes where owner[j % channels] >= 0 {
            let t = maps[owner[j % channels]].transform
            (shift[j], scale[j], offset[j], maximum[j]) = (t.shift, t.scale, t.offset, t.maximum)
        }
        // One map reading every channel in order (a depthwise colour map on its own) is quantised straight
        // into its destination; otherwise into a scratch buffer dealt out below.
        let direct = maps.count == 1 && first.channelOffsets == Array(0..<channels) && first.destination.count == pixels * channels
        let all = direct ? first.destination.baseAddress! : UnsafeMutablePointer<Pixel>.allocate(capacity: pixels * channels)
        defer { if !direct { all.deallocate() } }
        let rows = pixels * channels / lanes
        shift.withUnsafeBufferPointer { shift in
        scale.withUnsafeBufferPointer { scale in
        offset.withUnsafeBufferPointer { offset in
        maximum.withUnsafeBufferPointer { maximum in
            func run(_ count: Int, _ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Pixel>) {
                // Lane j of every row is channel j % channels: plain contiguous loops the compiler vectorises.
                for j in 0..<count {
                    let value = absolute ? Swift.abs(input[j]) : input[j]
                    let mapped = (value - shift[j]) * scale[j] + offset[j]
                    // Loaded unconditionally, so the loop vectorises without masked loads.
                    let top = maximum[j]
                    let clipped = mapped > 0 ? (mapped < top ? mapped : top) : 0
                    output[j] = Pixel(truncatingIfNeeded: (clipped + 8_388_608).bitPattern & 0x00FF_FFFF)
                }
            }
            for r in 0..<rows { run(lanes, base + r * lanes, all + r * lanes) }
            run(pixels * channels - rows * lanes, base + rows * lanes, all + rows * lanes)
        }}}}
        // Pixel-major so every destination is written sequentially (unchecked index maths: all in range).
        for map in maps where !direct {
            let destination = map.destination.baseAddress!
            let offsets = map.channelOffsets
            switch offsets.count {
            case 1:
                var from = all + offsets[0]
                for p in 0..<pixels {
                    destination[p] = from.pointee
                    from += channels
                }
            case 3:
                let (o0, o1, o2) = (offsets[0], offsets[1], offsets[2])
                var from = UnsafePointer(all), to = destination
                for _ in 0..<pixels {
                    to[0] = from[o0]
                    to[1] = from[o1]
                    to[2] = from[o2]
                    from += channels
                    to += 3
                }
            default:
                var from = UnsafePointer(all), to = destination
                for _ in 0..<pixels {
                    for (c, offset) in offsets.enumerated() { to[c] = from[offset] }
                    from += channels
                    to += offsets.count
                }
            }
        }
        return true
    }
}
