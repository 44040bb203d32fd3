import Essentials
import FeatureMaps
import ImageCodecs

/// How one image's maps are encoded: the format, the JPEG settings, and what goes back beside the
/// filtered colour — the input's alpha, profile and metadata.
struct MapEncoding: Sendable {
    let format: OutputFormat
    let jpeg: JPEGSettings
    /// The input's alpha on the decoder's 0…255 scale, or nil.
    let alpha: [Float]?
    /// The input's profile and metadata as read (`.none` when they are not carried).
    let metadata: ImageMetadata
    /// Whether the pixels were turned upright by the decoder.
    let upright: Bool

    /// The metadata for a map with `channels` colour channels: orientation 1, no thumbnail, the profile
    /// only when it matches the colour model; blocks a JPEG cannot hold are left out.
    func metadata(channels: Int) -> ImageMetadata {
        guard !metadata.isEmpty else { return .none }
        var out = metadata.forOutput(channels: channels, upright: upright)
        if format == .jpeg {
            let tooLarge = out.tooLargeForJPEG
            if tooLarge.contains("EXIF") { out.exif = nil }
            if tooLarge.contains("XMP") { out.xmp = nil }
            if tooLarge.contains("ICC profile") { out.iccProfile = nil }
        }
        return out
    }

    /// The codec's options for these JPEG settings (no subsampling given: libvips's rule by quality).
    var jpegOptions: JPEGEncodeOptions {
        JPEGEncodeOptions(quality: jpeg.quality ?? 90, subsampling: jpeg.subsampling, optimizeHuffman: jpeg.optimizeCoding,
                          progressive: jpeg.progressive)
    }

    /// The input's alpha as `Pixel`s on 0…`maximum` (255 or 65535; a 16-bit sample v decodes to v/257).
    func alphaPixels<Pixel: FixedWidthInteger & UnsignedInteger>(maximum: Float) -> [Pixel]? {
        alpha.map { $0.map { Pixel(min(max(($0 * maximum / 255).rounded(), 0), maximum)) } }
    }
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
        let metadata = encoding.metadata(channels: outChannels)
        if encoding.format == .png, let alpha: [UInt8] = encoding.alphaPixels(maximum: 255) {
            pixels = AlphaChannel.merge(colour: pixels ?? Array(plane), colourChannels: outChannels, alpha: alpha)
            outChannels += 1
        }
        let bytes: [UInt8]
        if let pixels {
            bytes = try pixels.withUnsafeBufferPointer {
                try encode($0, layout: layout, channels: outChannels, encoding: encoding, metadata: metadata, path: path)
            }
        } else {
            bytes = try encode(plane, layout: layout, channels: outChannels, encoding: encoding, metadata: metadata, path: path)
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
        let metadata = encoding.metadata(channels: channels)
        if let alpha: [UInt16] = encoding.alphaPixels(maximum: 65535) {
            let pixels = AlphaChannel.merge(colour: Array(plane), colourChannels: channels, alpha: alpha)
            bytes = try PNGEncoder.encode(pixels: pixels, width: layout.width, height: layout.height, channels: channels + 1, metadata: metadata)
        } else {
            bytes = try PNGEncoder.encode(pixels: plane, width: layout.width, height: layout.height, channels: channels, metadata: metadata)
        }
        try AtomicFile.write(bytes, to: path)
        return nil
    }

    private func encode(_ pixels: UnsafeBufferPointer<UInt8>, layout: MapLayout, channels: Int, encoding: MapEncoding,
                        metadata: ImageMetadata, path: String) throws -> [UInt8] {
        guard encoding.format == .jpeg else {
            return try PNGEncoder.encode(pixels: pixels, width: layout.width, height: layout.height, channels: channels, metadata: metadata)
        }
        return try JPEGEncoder.encode(pixels: pixels, width: layout.width, height: layout.height, channels: channels, options: encoding.jpegOptions,
                                      metadata: metadata, file: path)
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
