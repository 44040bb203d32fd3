import Essentials
import FeatureMaps
import ImageCodecs

/// How one image's maps are encoded: the format, the JPEG settings, and the alpha channel that goes
/// back beside the filtered colour.
struct MapEncoding: Sendable {
    let format: OutputFormat
    let jpeg: JPEGSettings
    /// The input's alpha on the decoder's 0…255 scale, or nil.
    let alpha: [Float]?
}

extension MapWriter {
    /// An 8-bit map, coloured if asked, with the input's alpha put back (PNG), encoded and written;
    /// returns the picture for a contact sheet.
    func writeEightBit(_ plane: UnsafeBufferPointer<UInt8>, layout: MapLayout, channels: Int, path: String,
                       encoding: MapEncoding) throws -> RGBImage? {
        var pixels: [UInt8]?
        var outChannels = channels
        if channels == 1 && colormap != .gray {
            pixels = colormap.apply(Array(plane))
            outChannels = 3
        }
        if let alpha = encoding.alpha, encoding.format == .png {
            pixels = AlphaChannel.appending(alpha, to: pixels ?? Array(plane), channels: outChannels, maximum: 255)
            outChannels += 1
        }
        let bytes: [UInt8]
        if let pixels {
            bytes = try pixels.withUnsafeBufferPointer { try encode($0, layout: layout, channels: outChannels, encoding: encoding) }
        } else {
            bytes = try encode(plane, layout: layout, channels: outChannels, encoding: encoding)
        }
        try AtomicFile.write(bytes, to: path)
        guard contactSheet != nil else { return nil }
        return try RGBImage(width: layout.width, height: layout.height, channels: outChannels, pixels: pixels ?? Array(plane))
    }

    /// A 16-bit PNG map with the input's alpha put back, encoded and written (its contact-sheet tile is
    /// drawn from the floats).
    func writeSixteenBit(_ plane: UnsafeBufferPointer<UInt16>, layout: MapLayout, channels: Int, path: String,
                         encoding: MapEncoding) throws -> RGBImage? {
        let bytes: [UInt8]
        if let alpha = encoding.alpha {
            let pixels = AlphaChannel.appending(alpha, to: Array(plane), channels: channels, maximum: 65535)
            bytes = try PNGEncoder.encode16(pixels: pixels, width: layout.width, height: layout.height, channels: channels + 1)
        } else {
            bytes = try PNGEncoder.encode16(pixels: plane, width: layout.width, height: layout.height, channels: channels)
        }
        try AtomicFile.write(bytes, to: path)
        return nil
    }

    private func encode(_ pixels: UnsafeBufferPointer<UInt8>, layout: MapLayout, channels: Int, encoding: MapEncoding) throws -> [UInt8] {
        guard encoding.format == .jpeg else {
            return try PNGEncoder.encode(pixels: pixels, width: layout.width, height: layout.height, channels: channels)
        }
        let quality = encoding.jpeg.quality ?? 90
        let subsampling: JPEGEncodeOptions.Subsampling
        switch encoding.jpeg.subsampling ?? (quality >= 90 ? .s444 : .s420) {
        case .s444: subsampling = .none444
        case .s422: subsampling = .half422
        case .s420: subsampling = .quarter420
        }
        let options = JPEGEncodeOptions(quality: quality, subsampling: subsampling, optimizeHuffman: encoding.jpeg.optimizeCoding,
                                        progressive: encoding.jpeg.progressive)
        return try JPEGEncoder.encode(pixels: pixels, width: layout.width, height: layout.height, channels: channels, options: options)
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
