/// Resizing for display: area-average shrinking (no aliasing on thin edges in feature maps) and
/// nearest-neighbour enlarging (kernel cells stay crisp squares).
extension RGBImage {
    /// The image shrunk so its longest side is at most `maxSide`, keeping the aspect ratio, by
    /// averaging every source pixel over the area it covers. Images already small enough are returned as is.
    public func downsized(toFit maxSide: Int) -> RGBImage {
        let longest = max(width, height)
        guard maxSide > 0, longest > maxSide, width > 0, height > 0 else { return self }
        let newWidth = max(1, (width * maxSide + longest / 2) / longest)
        let newHeight = max(1, (height * maxSide + longest / 2) / longest)
        return resizedByAreaAverage(width: newWidth, height: newHeight)
    }

    /// The image scaled to exactly `newWidth × newHeight` (each no larger than the source) by area averaging.
    public func resizedByAreaAverage(width newWidth: Int, height newHeight: Int) -> RGBImage {
        guard newWidth > 0, newHeight > 0, width > 0, height > 0 else {
            return RGBImage(width: max(0, newWidth), height: max(0, newHeight), channels: channels)
        }
        let columns = RGBImage.coverage(source: width, target: newWidth)
        let rows = RGBImage.coverage(source: height, target: newHeight)
        let channels = self.channels, width = self.width, height = self.height
        // Separable: average along x into a Float buffer, then along y.
        var horizontal = [Float](repeating: 0, count: height * newWidth * channels)
        var output = [UInt8](repeating: 0, count: newWidth * newHeight * channels)
        pixels.withUnsafeBufferPointer { source in
            horizontal.withUnsafeMutableBufferPointer { middle in
                for y in 0..<height {
                    let sourceRow = y * width * channels, middleRow = y * newWidth * channels
                    for (ox, taps) in columns.enumerated() {
                        for c in 0..<channels {
                            var sum: Float = 0
                            for tap in taps { sum += Float(source[sourceRow + tap.index * channels + c]) * tap.weight }
                            middle[middleRow + ox * channels + c] = sum
                        }
                    }
                }
            }
        }
        horizontal.withUnsafeBufferPointer { middle in
            output.withUnsafeMutableBufferPointer { target in
                let rowLength = newWidth * channels
                for (oy, taps) in rows.enumerated() {
                    for i in 0..<rowLength {
                        var sum: Float = 0
                        for tap in taps { sum += middle[tap.index * rowLength + i] * tap.weight }
                        target[oy * rowLength + i] = UInt8(min(255, max(0, sum.rounded())))
                    }
                }
            }
        }
        return RGBImage(unchecked: newWidth, newHeight, channels, output)
    }

    /// Every pixel repeated as a `factor × factor` block.
    public func enlargedNearest(by factor: Int) -> RGBImage {
        guard factor > 1 else { return self }
        var output = RGBImage(width: width * factor, height: height * factor, channels: channels)
        for y in 0..<height {
            for x in 0..<width {
                let index = (y * width + x) * channels
                output.fill(x: x * factor, y: y * factor, width: factor, height: factor,
                            color: Array(pixels[index..<(index + channels)]))
            }
        }
        return output
    }

    /// For each target cell along one axis, the source cells it covers and their weights (summing to 1).
    static func coverage(source: Int, target: Int) -> [[(index: Int, weight: Float)]] {
        let scale = Double(source) / Double(target)
        return (0..<target).map { t in
            let start = Double(t) * scale, end = Double(t + 1) * scale
            var taps: [(index: Int, weight: Float)] = []
            var s = Int(start)
            while Double(s) < end, s < source {
                let overlap = min(end, Double(s + 1)) - max(start, Double(s))
                if overlap > 0 { taps.append((s, Float(overlap / scale))) }
                s += 1
            }
            return taps
        }
    }
}
