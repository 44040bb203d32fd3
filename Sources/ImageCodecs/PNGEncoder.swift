import CImageShims

/// Writes 8-bit and 16-bit PNGs (gray, gray+alpha, RGB, RGBA) into memory through libpng.
/// Callers write the bytes with `AtomicFile.write`, so no partial file ever carries the final name.
public enum PNGEncoder {
    /// The name used in errors: the encoder works in memory and does not know the destination.
    static let errorFileName = "<PNG in memory>"

    /// Encodes `width × height` pixels of `channels` interleaved 8-bit samples (1 gray, 2 gray+alpha,
    /// 3 RGB, 4 RGBA), row-major.
    public static func encode(pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, channels: Int,
                              compression: PNGCompression = .fast) throws -> [UInt8] {
        try encode(raw: UnsafeRawBufferPointer(pixels), sampleCount: pixels.count, bitDepth: 8,
                   width: width, height: height, channels: channels, compression: compression, interlaced: false)
    }

    /// Same as the pointer version, for an array.
    public static func encode(pixels: [UInt8], width: Int, height: Int, channels: Int,
                              compression: PNGCompression = .fast) throws -> [UInt8] {
        try pixels.withUnsafeBufferPointer {
            try encode(pixels: $0, width: width, height: height, channels: channels, compression: compression)
        }
    }

    /// Encodes 16-bit samples (native integers; written big-endian as PNG requires), otherwise as `encode`.
    public static func encode16(pixels: UnsafeBufferPointer<UInt16>, width: Int, height: Int, channels: Int,
                                compression: PNGCompression = .fast) throws -> [UInt8] {
        try encode(raw: UnsafeRawBufferPointer(pixels), sampleCount: pixels.count, bitDepth: 16,
                   width: width, height: height, channels: channels, compression: compression, interlaced: false)
    }

    /// Same as the pointer version, for an array.
    public static func encode16(pixels: [UInt16], width: Int, height: Int, channels: Int,
                                compression: PNGCompression = .fast) throws -> [UInt8] {
        try pixels.withUnsafeBufferPointer {
            try encode16(pixels: $0, width: width, height: height, channels: channels, compression: compression)
        }
    }

    /// The shared path; `interlaced` writes Adam7 (used by tests to produce interlaced files);
    /// `builtIn: false` sends even the built-in coder's settings through libpng + zlib (tests compare the two).
    static func encode(raw: UnsafeRawBufferPointer, sampleCount: Int, bitDepth: Int, width: Int, height: Int,
                       channels: Int, compression: PNGCompression, interlaced: Bool, builtIn: Bool = true) throws -> [UInt8] {
        func failure(_ message: String) -> ImageCodecError {
            ImageCodecError(file: errorFileName, stage: .encode, message: message)
        }
        guard (1...4).contains(channels) else { throw failure("\(channels) channels: PNG needs 1, 2, 3 or 4") }
        guard (1...Int(Int32.max)).contains(width), (1...Int(Int32.max)).contains(height) else {
            throw failure("invalid size \(width) × \(height)")
        }
        let (rowSamples, rowOverflow) = width.multipliedReportingOverflow(by: channels)
        let (expected, overflow) = rowSamples.multipliedReportingOverflow(by: height)
        guard !rowOverflow, !overflow, expected == sampleCount, let base = raw.baseAddress else {
            throw failure("\(sampleCount) samples given for \(width) × \(height) × \(channels)")
        }
        var output = fb_png_buffer()
        var message = [CChar](repeating: 0, count: 256)
        if builtIn, let filter = compression.builtInFilter, !interlaced {
            let ok = fb_png_encode_rle(base, UInt32(width), UInt32(height), Int32(channels), Int32(bitDepth),
                                           filter, &output, &message, message.count)
            defer { fb_png_buffer_free(&output) }
            guard ok == 1, let bytes = output.bytes else { throw failure(pngShimMessage(message)) }
            return [UInt8](UnsafeBufferPointer(start: bytes, count: output.count))
        }
        var options = fb_png_write_options(
            level: Int32(compression.level), strategy: compression.strategy.rawValue,
            filters: compression.filter.libpngMask, interlaced: interlaced ? 1 : 0,
            buffer_size: 1 << 18)
        let ok = fb_png_encode(base, UInt32(width), UInt32(height), Int32(channels), Int32(bitDepth),
                               &options, &output, &message, message.count)
        defer { fb_png_buffer_free(&output) }
        guard ok == 1, let bytes = output.bytes else { throw failure(pngShimMessage(message)) }
        return [UInt8](UnsafeBufferPointer(start: bytes, count: output.count))
    }
}
