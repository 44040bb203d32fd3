/// How 8-bit map values become colours. `gray` keeps the value; `viridis` and `magma` are
/// perceptually uniform sequential maps for magnitudes; `coolwarm` is diverging, blue below and red
/// above a neutral middle (index 127.5), for signed maps normalised with `signed`.
public enum Colormap: String, CaseIterable, Sendable {
    /// Identity: value v becomes (v, v, v).
    case gray
    /// matplotlib's viridis (CC0): dark purple → green → yellow.
    case viridis
    /// matplotlib's magma (CC0): black → purple → orange → pale yellow.
    case magma
    /// Kenneth Moreland's diverging cool-warm map (as in matplotlib): blue → light gray → red.
    case coolwarm

    /// 256 RGB entries, interleaved (768 bytes).
    public var table: [UInt8] {
        switch self {
        case .gray: return Colormap.grayTable
        case .viridis: return ColormapTables.viridis
        case .magma: return ColormapTables.magma
        case .coolwarm: return ColormapTables.coolwarm
        }
    }

    /// The colour for one 8-bit value.
    public func color(_ value: UInt8) -> [UInt8] {
        let index = Int(value) * 3
        let table = self.table
        return [table[index], table[index + 1], table[index + 2]]
    }

    /// Colours `gray` (one byte per pixel) into `rgb` (three bytes per pixel). Only as many pixels
    /// as both buffers hold are written.
    public func apply(_ gray: UnsafeBufferPointer<UInt8>, into rgb: UnsafeMutableBufferPointer<UInt8>) {
        let count = min(gray.count, rgb.count / 3)
        table.withUnsafeBufferPointer { lut in
            for index in 0..<count {
                let entry = Int(gray[index]) * 3
                rgb[index * 3] = lut[entry]
                rgb[index * 3 + 1] = lut[entry + 1]
                rgb[index * 3 + 2] = lut[entry + 2]
            }
        }
    }

    /// Colours an array of 8-bit values into a new interleaved RGB array (3 × the count).
    public func apply(_ gray: [UInt8]) -> [UInt8] {
        var rgb = [UInt8](repeating: 0, count: gray.count * 3)
        gray.withUnsafeBufferPointer { source in
            rgb.withUnsafeMutableBufferPointer { apply(source, into: $0) }
        }
        return rgb
    }

    /// Colours a gray image; an RGB image is first reduced to luma. `gray` returns one channel
    /// unchanged, the others return RGB.
    public func apply(to image: RGBImage) -> RGBImage {
        let gray = image.grayscale()
        if self == .gray { return gray }
        return RGBImage(unchecked: gray.width, gray.height, 3, apply(gray.pixels))
    }

    /// v → (v, v, v).
    static let grayTable: [UInt8] = (0..<768).map { UInt8($0 / 3) }
}
