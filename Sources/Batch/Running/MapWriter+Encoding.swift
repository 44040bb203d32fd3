import Essentials
import FeatureMaps
import ImageCodecs

extension MapWriter {
    /// An 8-bit map, coloured if asked, encoded and written; returns the picture for a contact sheet.
    func writeEightBit(_ plane: UnsafeBufferPointer<UInt8>, layout: MapLayout, channels: Int, path: String) throws -> RGBImage? {
        var coloured: [UInt8]?
        if channels == 1 && colormap != .gray { coloured = colormap.apply(Array(plane)) }
        let outChannels = coloured == nil ? channels : 3
        let bytes: [UInt8]
        if let coloured {
            bytes = try coloured.withUnsafeBufferPointer { try encode($0, layout: layout, channels: outChannels) }
        } else {
            bytes = try encode(plane, layout: layout, channels: outChannels)
        }
        try AtomicFile.write(bytes, to: path)
        guard contactSheet != nil else { return nil }
        return try RGBImage(width: layout.width, height: layout.height, channels: outChannels, pixels: coloured ?? Array(plane))
    }

    /// A 16-bit PNG map, encoded and written (its contact-sheet tile is drawn from the floats).
    func writeSixteenBit(_ plane: UnsafeBufferPointer<UInt16>, layout: MapLayout, channels: Int, path: String) throws -> RGBImage? {
        try AtomicFile.write(try PNGEncoder.encode16(pixels: plane, width: layout.width, height: layout.height, channels: channels), to: path)
        return nil
    }

    private func encode(_ pixels: UnsafeBufferPointer<UInt8>, layout: MapLayout, channels: Int) throws -> [UInt8] {
        format == .jpeg
            ? try JPEGEncoder.encode(pixels: pixels, width: layout.width, height: layout.height, channels: channels, quality: quality)
            : try PNGEncoder.encode(pixels: pixels, width: layout.width, height: layout.height, channels: channels)
    }

    /// The raw float32 map as `.npy`: `[H, W]` for one channel, `[H, W, C]` for a depthwise colour map.
    func writeRaw(_ source: UnsafeBufferPointer<Float>, layout: MapLayout, offsets: [Int], path: String) throws -> RGBImage? {
        let k = offsets.count
        var values = [Float](repeating: 0, count: layout.height * layout.width * k)
        for p in 0..<(layout.height * layout.width) {
            for (c, offset) in offsets.enumerated() { values[p * k + c] = source[p * layout.stride + offset] }
        }
        try AtomicFile.write(NPYFile.encode(values: values, shape: k == 1 ? [layout.height, layout.width] : [layout.height, layout.width, k]), to: path)
        return nil
    }

    /// A sheet tile for raw or 16-bit maps, normalised for display as the mode's default would.
    func displayTile(_ maps: UnsafeBufferPointer<Float>, layout: MapLayout, offsets: [Int], statistics: MapStatistics) -> RGBImage {
        let display = normalization == .none ? Normalization.defaultFor(depthwise: mode == .depthwise) : normalization
        var pixels = Quantizer.quantize8(maps, pixelStride: layout.stride, channelOffsets: offsets, mode: display, statistics: statistics)
        var channels = offsets.count
        if channels == 1 && colormap != .gray {
            pixels = colormap.apply(pixels)
            channels = 3
        }
        return (try? RGBImage(width: layout.width, height: layout.height, channels: channels, pixels: pixels))
            ?? RGBImage(width: layout.width, height: layout.height, channels: 1, fill: [0])
    }
}
