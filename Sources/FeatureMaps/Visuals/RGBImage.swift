/// An 8-bit picture held in memory: gray (1 channel) or RGB (3 channels), interleaved, row-major.
/// The value type contact sheets, filter pictures and text drawing work on.
public struct RGBImage: Sendable, Equatable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// 1 (gray) or 3 (RGB).
    public let channels: Int
    /// `height × width × channels` samples, row-major, channels interleaved.
    public var pixels: [UInt8]

    /// Why pixels could not become an image.
    public struct ShapeError: Error, CustomStringConvertible {
        /// What is wrong with the sizes given.
        public let description: String
    }

    /// An image filled with one colour; `color` gives one value per channel (a single value is
    /// repeated). Sizes below zero are treated as zero and channel counts other than 1 become 3.
    public init(width: Int, height: Int, channels: Int = 3, fill color: [UInt8] = [0]) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.channels = channels == 1 ? 1 : 3
        let pixel = RGBImage.expand(color, to: self.channels)
        var pixels = [UInt8](repeating: 0, count: self.width * self.height * self.channels)
        if pixel.contains(where: { $0 != 0 }) {
            for index in stride(from: 0, to: pixels.count, by: self.channels) {
                for c in 0..<self.channels { pixels[index + c] = pixel[c] }
            }
        }
        self.pixels = pixels
    }

    /// Wraps existing samples; throws when the count does not match the sizes or channels is not 1 or 3.
    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) throws {
        guard channels == 1 || channels == 3 else {
            throw ShapeError(description: "an image needs 1 or 3 channels, got \(channels)")
        }
        guard width >= 0, height >= 0, pixels.count == width * height * channels else {
            throw ShapeError(description: "\(pixels.count) samples do not make a \(width)×\(height)×\(channels) image")
        }
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// The pixel at (x, y) as RGB (gray is repeated); out-of-range positions read as black.
    public func rgb(x: Int, y: Int) -> (UInt8, UInt8, UInt8) {
        guard x >= 0, y >= 0, x < width, y < height else { return (0, 0, 0) }
        let index = (y * width + x) * channels
        if channels == 1 { return (pixels[index], pixels[index], pixels[index]) }
        return (pixels[index], pixels[index + 1], pixels[index + 2])
    }

    /// Sets one pixel, silently clipping positions outside the image (text and tiles may overhang).
    public mutating func set(x: Int, y: Int, color: [UInt8]) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let index = (y * width + x) * channels
        if channels == 1 {
            pixels[index] = color.count >= 3 ? RGBImage.luma(color[0], color[1], color[2]) : (color.first ?? 0)
        } else {
            let pixel = RGBImage.expand(color, to: 3)
            pixels[index] = pixel[0]; pixels[index + 1] = pixel[1]; pixels[index + 2] = pixel[2]
        }
    }

    /// Fills a rectangle (clipped to the image).
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, color: [UInt8]) {
        let x0 = max(0, x), y0 = max(0, y)
        let x1 = min(width, x + w), y1 = min(height, y + h)
        guard x0 < x1, y0 < y1 else { return }
        let (width, channels) = (self.width, self.channels)
        if channels == 1 {
            let value = color.count >= 3 ? RGBImage.luma(color[0], color[1], color[2]) : (color.first ?? 0)
            pixels.withUnsafeMutableBufferPointer { buffer in
                for row in y0..<y1 {
                    let start = row * width
                    for index in (start + x0)..<(start + x1) { buffer[index] = value }
                }
            }
            return
        }
        let r = color.first ?? 0
        let (g, b) = color.count >= 3 ? (color[1], color[2]) : (r, r)
        pixels.withUnsafeMutableBufferPointer { buffer in
            for row in y0..<y1 {
                var index = (row * width + x0) * 3
                for _ in x0..<x1 {
                    buffer[index] = r; buffer[index + 1] = g; buffer[index + 2] = b
                    index += 3
                }
            }
        }
    }

    /// Copies `image` with its top-left corner at (x, y), clipped; gray sources are expanded on RGB targets.
    public mutating func draw(_ image: RGBImage, x: Int, y: Int) {
        let x0 = max(0, x), y0 = max(0, y)
        let x1 = min(width, x + image.width), y1 = min(height, y + image.height)
        guard x0 < x1, y0 < y1 else { return }
        let source = image.channels == channels ? image : (channels == 3 ? image.expandedToRGB() : image.grayscale())
        for row in y0..<y1 {
            let from = ((row - y) * source.width + (x0 - x)) * channels
            let to = (row * width + x0) * channels
            let count = (x1 - x0) * channels
            pixels.replaceSubrange(to..<(to + count), with: source.pixels[from..<(from + count)])
        }
    }

    /// The same picture with three channels (gray repeated).
    public func expandedToRGB() -> RGBImage {
        guard channels == 1 else { return self }
        var rgb = [UInt8](repeating: 0, count: pixels.count * 3)
        for (index, value) in pixels.enumerated() {
            rgb[index * 3] = value; rgb[index * 3 + 1] = value; rgb[index * 3 + 2] = value
        }
        return RGBImage(unchecked: width, height, 3, rgb)
    }

    /// The same picture with one channel (Rec. 601 luma for colour).
    public func grayscale() -> RGBImage {
        guard channels == 3 else { return self }
        var gray = [UInt8](repeating: 0, count: width * height)
        for index in gray.indices {
            gray[index] = RGBImage.luma(pixels[index * 3], pixels[index * 3 + 1], pixels[index * 3 + 2])
        }
        return RGBImage(unchecked: width, height, 1, gray)
    }

    /// Internal constructor for sizes already known to match.
    init(unchecked width: Int, _ height: Int, _ channels: Int, _ pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// Rec. 601 luma, rounded.
    static func luma(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        let weighted: Int = 299 * Int(r) + 587 * Int(g) + 114 * Int(b)
        return UInt8((weighted + 500) / 1000)
    }

    /// A colour given as one value (gray) or three (RGB), as `channels` samples.
    static func expand(_ color: [UInt8], to channels: Int) -> [UInt8] {
        if channels == 1 { return [color.first ?? 0] }
        if color.count >= 3 { return Array(color.prefix(3)) }
        let value = color.first ?? 0
        return [value, value, value]
    }
}
