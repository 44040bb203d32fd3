import CImageShims

/// Encodes 8-bit gray or RGB pixels as JPEG through libjpeg-turbo, into memory (callers write the
/// bytes with `AtomicFile.write`).
public enum JPEGEncoder {
    /// Largest width or height a JPEG can have (libjpeg's JPEG_MAX_DIMENSION).
    public static let maxDimension = 65_500

    /// Encodes interleaved row-major `pixels` (`channels` 1 = gray, 3 = RGB) with every setting in
    /// `options`, and `metadata` written unchanged (EXIF and XMP as APP1, the ICC profile as APP2
    /// segments); metadata with a block in `ImageMetadata.tooLargeForJPEG` is refused.
    /// `file` only names the destination in error messages.
    public static func encode(pixels: [UInt8], width: Int, height: Int, channels: Int,
                              options: JPEGEncodeOptions, metadata: ImageMetadata = .none,
                              file: String = "<JPEG output>") throws -> [UInt8] {
        try pixels.withUnsafeBufferPointer {
            try encode(pixels: $0, width: width, height: height, channels: channels, options: options,
                       metadata: metadata, file: file)
        }
    }

    /// Encodes at `quality` 1…100 with the other settings at their defaults.
    public static func encode(pixels: [UInt8], width: Int, height: Int, channels: Int,
                              quality: Int = 90, file: String = "<JPEG output>") throws -> [UInt8] {
        try encode(pixels: pixels, width: width, height: height, channels: channels,
                   options: JPEGEncodeOptions(quality: quality), file: file)
    }

    /// The same for pixels the caller already holds in memory it owns (the job's quantised planes).
    package static func encode(pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, channels: Int,
                               options: JPEGEncodeOptions, metadata: ImageMetadata = .none,
                               file: String = "<JPEG output>") throws -> [UInt8] {
        guard channels == 1 || channels == 3 else {
            throw ImageCodecError(file: file, stage: .encode, message: "JPEG holds 1 (gray) or 3 (RGB) channels, not \(channels)")
        }
        return try encodeAny(pixels: pixels, width: width, height: height, channels: channels,
                             options: options, metadata: metadata, cmyk: nil, file: file)
    }

    /// `encode(pixels:width:height:channels:quality:file:)` for memory the caller owns.
    package static func encode(pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, channels: Int,
                               quality: Int = 90, file: String = "<JPEG output>") throws -> [UInt8] {
        try encode(pixels: pixels, width: width, height: height, channels: channels,
                   options: JPEGEncodeOptions(quality: quality), file: file)
    }

    /// How 4-channel input is stored; tests use it to produce CMYK and YCCK files.
    struct CMYKStorage {
        /// Write an Adobe APP14 marker, which tells readers the data is inverted (Photoshop convention).
        var adobeMarker: Bool
        /// Store as YCCK (always with the Adobe marker).
        var ycck: Bool
    }

    /// The common path; `cmyk` must be set exactly when `channels` is 4.
    static func encodeAny(pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, channels: Int,
                          options: JPEGEncodeOptions, metadata: ImageMetadata = .none, cmyk: CMYKStorage?,
                          file: String) throws -> [UInt8] {
        var settings = try shimSettings(width: width, height: height, channels: channels, options: options, metadata: metadata,
                                        cmyk: cmyk, file: file)
        guard pixels.count == width * height * channels else {
            throw ImageCodecError(file: file, stage: .encode, message: "\(pixels.count) samples given for \(width) x \(height) x \(channels)")
        }
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = Shim.messageBuffer()
        let status = metadata.withShimRecord { record in
            fb_jpeg_encode(pixels.baseAddress, Int32(width), Int32(height), Int32(channels), &settings, record,
                           &output, &size, &message, message.count)
        }
        guard status == 0, let output else {
            throw ImageCodecError(file: file, stage: .encode, message: Shim.message(message, fallback: "invalid JPEG data"))
        }
        defer { fb_jpeg_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }

    /// The shim's options after checking sizes, quality, restart interval and metadata: what every
    /// JPEG encode refuses before libjpeg is called.
    static func shimSettings(width: Int, height: Int, channels: Int, options: JPEGEncodeOptions, metadata: ImageMetadata,
                             cmyk: CMYKStorage?, file: String) throws -> fb_jpeg_encode_options {
        func fail(_ message: String) -> ImageCodecError { ImageCodecError(file: file, stage: .encode, message: message) }
        guard (1...maxDimension).contains(width), (1...maxDimension).contains(height) else {
            throw fail("\(width) x \(height) is outside the JPEG size range 1…\(maxDimension)")
        }
        guard (1...100).contains(options.quality) else { throw fail("quality \(options.quality) is outside 1…100") }
        guard options.restartRows >= 0, options.restartRows <= 65_535 else { throw fail("restart interval \(options.restartRows) is outside 0…65535") }
        let tooLarge = metadata.tooLargeForJPEG
        guard tooLarge.isEmpty else {
            throw fail("\(tooLarge.joined(separator: " and ")) too large for a JPEG (one 64 KB APP1 segment each for EXIF and XMP, 255 APP2 segments for ICC)")
        }
        var settings = fb_jpeg_encode_options()
        settings.quality = Int32(options.quality)
        settings.subsampling = options.effectiveSubsampling.shimValue
        settings.optimize_huffman = options.optimizeHuffman ? 1 : 0
        settings.progressive = options.progressive ? 1 : 0
        settings.arithmetic = options.arithmetic ? 1 : 0
        settings.restart_rows = Int32(options.restartRows)
        settings.adobe_marker = cmyk?.adobeMarker == true ? 1 : 0
        settings.ycck = cmyk?.ycck == true ? 1 : 0
        return settings
    }
}
