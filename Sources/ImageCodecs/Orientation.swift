/// EXIF orientation (TIFF tag 0x0112): how the stored pixels must be transformed to be upright.
/// 1 normal, 2 mirror horizontally, 3 rotate 180°, 4 mirror vertically, 5 transpose,
/// 6 rotate 90° clockwise, 7 transverse, 8 rotate 90° counter-clockwise.
enum Orientation {
    /// The upright samples and their width and height (swapped for 5–8).
    static func apply(_ orientation: Int, to image: RawImage) -> (samples: [Float], width: Int, height: Int) {
        guard (2...8).contains(orientation) else { return (image.samples, image.info.width, image.info.height) }
        let w = image.info.width, h = image.info.height, c = image.channels
        let swaps = orientation >= 5
        let outW = swaps ? h : w, outH = swaps ? w : h
        var out = [Float](repeating: 0, count: image.samples.count)
        for y in 0..<outH {
            for x in 0..<outW {
                // Source pixel (sx, sy) for output (x, y).
                let (sx, sy): (Int, Int)
                switch orientation {
                case 2: (sx, sy) = (w - 1 - x, y)
                case 3: (sx, sy) = (w - 1 - x, h - 1 - y)
                case 4: (sx, sy) = (x, h - 1 - y)
                case 5: (sx, sy) = (y, x)
                case 6: (sx, sy) = (y, h - 1 - x)
                case 7: (sx, sy) = (w - 1 - y, h - 1 - x)
                default: (sx, sy) = (w - 1 - y, x)
                }
                let src = (sy * w + sx) * c, dst = (y * outW + x) * c
                for k in 0..<c { out[dst + k] = image.samples[src + k] }
            }
        }
        return (out, outW, outH)
    }
}
