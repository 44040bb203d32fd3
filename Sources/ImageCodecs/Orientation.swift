import Essentials

/// EXIF orientation (TIFF tag 0x0112): how the stored pixels must be transformed to be upright.
/// 1 normal, 2 mirror horizontally, 3 rotate 180°, 4 mirror vertically, 5 transpose,
/// 6 rotate 90° clockwise, 7 transverse, 8 rotate 90° counter-clockwise.
enum Orientation {
    /// The upright samples and their width and height (swapped for 5–8). Orientation 1 (or anything
    /// outside 2…8) returns the samples themselves, without a copy.
    static func apply<Sample>(_ orientation: Int, to samples: [Sample], width w: Int, height h: Int,
                              channels c: Int) -> (samples: [Sample], width: Int, height: Int) {
        guard (2...8).contains(orientation), w > 0, h > 0, c > 0, samples.count == w * h * c else { return (samples, w, h) }
        let swaps = orientation >= 5
        let outW = swaps ? h : w, outH = swaps ? w : h
        // The source pixel of output pixel (x, y) is start + x·stepX + y·stepY (in pixels).
        let (start, stepX, stepY): (Int, Int, Int)
        switch orientation {
        case 2: (start, stepX, stepY) = (w - 1, -1, w)
        case 3: (start, stepX, stepY) = ((h - 1) * w + w - 1, -1, -w)
        case 4: (start, stepX, stepY) = ((h - 1) * w, 1, -w)
        case 5: (start, stepX, stepY) = (0, w, 1)
        case 6: (start, stepX, stepY) = ((h - 1) * w, -w, 1)
        case 7: (start, stepX, stepY) = ((h - 1) * w + w - 1, -w, -1)
        default: (start, stepX, stepY) = (w - 1, w, -1)
        }
        let out = [Sample](unsafeUninitializedCapacity: samples.count) { buffer, initialized in
            HugePageAdvice.advise(UnsafeMutableRawBufferPointer(buffer))
            samples.withUnsafeBufferPointer { source in
                guard let from = source.baseAddress, let to = buffer.baseAddress else { return }
                // Square tiles: a rotation reads source columns, and a tile keeps those reads in cache.
                let tile = 64
                for tileY in stride(from: 0, to: outH, by: tile) {
                    for tileX in stride(from: 0, to: outW, by: tile) {
                        let endX = min(tileX + tile, outW)
                        for y in tileY..<min(tileY + tile, outH) {
                            var s = (start + tileX * stepX + y * stepY) * c
                            var d = (y * outW + tileX) * c
                            for _ in tileX..<endX {
                                for k in 0..<c { (to + d + k).initialize(to: from[s + k]) }
                                s += stepX * c
                                d += c
                            }
                        }
                    }
                }
            }
            initialized = samples.count
        }
        return (out, outW, outH)
    }
}
