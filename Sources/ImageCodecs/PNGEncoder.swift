import CImageShims

/// Writes 8-bit and 16-bit PNGs (gray, gray+alpha, RGB, RGBA) into memory, through FilterBank's run
/// coder for the `.fast` kind of setting and libpng + zlib otherwise. Callers write the bytes with
/// `AtomicFile.write`, so no partial file ever carries the final name.
public enum PNGEncoder {
    /// The name used in errors: the encoder works in memory and does not know the destination.
    static let errorFileName = "<PNG in memory>"

    /// Encodes `width × height` pixels of `channels` interleaved samples (1 gray, 2 gray+alpha, 3 RGB,
    /// 4 RGBA), row-major: `[UInt8]` writes an 8-bit PNG, `[UInt16]` a 16-bit one. `metadata` is written
    /// unchanged after IHDR: the ICC profile as iCCP, EXIF as eXIf, XMP as iTXt "XML:com.adobe.xmp".
    public static func encode<Sample: PNGSample>(pixels: [Sample], width: Int, height: Int, channels: Int,
                                                 compression: PNGCompression = .fast,
                                                 metadata: ImageMetadata = .none) throws -> [UInt8] {
        try pixels.withUnsafeBufferPointer {
            try encode(pixels: $0, width: width, height: height, channels: channels, compression: compression,
                       metadata: metadata)
        }
    }

    /// The same for pixels the caller already holds in memory it owns (the job's quantised planes).
    package static func encode<Sample: PNGSample>(pixels: UnsafeBufferPointer<Sample>, width: Int, height: Int,
                                                  channels: Int, compression: PNGCompression = .fast,
                                                  metadata: ImageMetadata = .none) throws -> [UInt8] {
        try encode(pixels: pixels, width: width, height: height, channels: channels, compression: compression,
                   metadata: metadata, interlaced: false)
    }

    /// The shared path; `interlaced` writes Adam7 (used by tests to produce interlaced files);
    /// `builtIn: false` sends even the built-in coder's settings through libpng + zlib (tests compare the two).
    static func encode<Sample: PNGSample>(pixels: UnsafeBufferPointer<Sample>, width: Int, height: Int, channels: Int,
                                          compression: PNGCompression, metadata: ImageMetadata = .none,
                                          interlaced: Bool, builtIn: Bool = true) throws -> [UInt8] {
        func failure(_ message: String) -> ImageCodecError {
            ImageCodecError(file: errorFileName, stage: .encode, message: message)
        }
        guard (1...4).contains(channels) else { throw failure("\(channels) channels: PNG needs 1, 2, 3 or 4") }
        guard (1...Int(Int32.max)).contains(width), (1...Int(Int32.max)).contains(height) else {
            throw failure("invalid size \(width) × \(height)")
        }
        let (rowSamples, rowOverflow) = width.multipliedReportingOverflow(by: channels)
        let (expected, overflow) = rowSamples.multipliedReportingOverflow(by: height)
        guard !rowOverflow, !overflow, expected == pixels.count, let base = pixels.baseAddress else {
            throw failure("\(pixels.count) samples given for \(width) × \(height) × \(channels)")
        }
        let bitDepth = Int32(Sample.pngBitDepth)
        var output = fb_png_buffer()
        var message = Shim.messageBuffer()
        defer { fb_png_buffer_free(&output) }
        let ok: Int32 = metadata.withShimRecord { record in
            if builtIn, let filter = compression.builtInFilter, !interlaced {
                return fb_png_encode_rle(base, UInt32(width), UInt32(height), Int32(channels), bitDepth,
                                         filter, record, &output, &message, message.count)
            }
            var options = fb_png_write_options(
                level: Int32(compression.level), strategy: compression.strategy.rawValue,
                filters: compression.filter.libpngMask, interlaced: interlaced ? 1 : 0,
                buffer_size: 1 << 18)
            return fb_png_encode(base, UInt32(width), UInt32(height), Int32(channels), bitDepth,
                                 &options, record, &output, &message, message.count)
        }
        guard ok == 1, let bytes = output.bytes else {
            throw failure(Shim.message(message, fallback: "unknown libpng error"))
        }
        return [UInt8](UnsafeBufferPointer(start: bytes, count: output.count))
    }
}
