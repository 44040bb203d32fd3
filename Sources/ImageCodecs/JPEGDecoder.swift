import CImageShims

/// JPEG decoding through libjpeg-turbo: baseline, progressive, arithmetic, restart intervals, any
/// chroma subsampling, grayscale, RGB, YCbCr, CMYK and YCCK (converted to RGB by the C shim, see
/// `jpeg_shim.h` for the formula). Accurate integer IDCT and fancy upsampling, as djpeg and Pillow.
enum JPEGDecoder {
    /// Decodes `bytes` (named `file` in errors) into 8-bit-valued samples, 1 channel for grayscale,
    /// 3 (RGB) otherwise. Refuses more than `maxPixels` pixels before allocating any pixel memory, and
    /// fails on any sign of damaged or truncated data.
    static func decode(_ bytes: [UInt8], file: String, maxPixels: Int) throws -> RawImage {
        var header = fb_jpeg_header()
        var exif = [UInt8](repeating: 0, count: Int(FB_JPEG_MAX_APP1))
        var message = [CChar](repeating: 0, count: 256)
        var pixels: UnsafeMutablePointer<UInt8>?
        var channels: Int32 = 0
        let status = bytes.withUnsafeBufferPointer { data in
            exif.withUnsafeMutableBufferPointer { exifBuffer in
                fb_jpeg_decode(data.baseAddress, data.count, UInt64(max(0, maxPixels)), &header,
                               exifBuffer.baseAddress, exifBuffer.count, &pixels, &channels, &message, message.count)
            }
        }
        guard status == 0, let pixels else {
            throw ImageCodecError(file: file, stage: .decode, message: JPEGDecoder.text(message))
        }
        defer { fb_jpeg_free(pixels) }
        let count = Int(header.width) * Int(header.height) * Int(channels)
        let samples = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            // One tight widening loop; the compiler vectorises it.
            for i in 0..<count { buffer[i] = Float(pixels[i]) }
            initialized = count
        }
        let info = JPEGHeader.info(header, exif: Array(exif.prefix(header.exif_length)))
        return RawImage(info: info, samples: samples, channels: Int(channels))
    }

    /// Header facts (SOF, Adobe, JFIF, EXIF orientation) without decoding the entropy-coded data.
    static func inspect(_ bytes: [UInt8], file: String) throws -> ImageInfo {
        var header = fb_jpeg_header()
        var exif = [UInt8](repeating: 0, count: Int(FB_JPEG_MAX_APP1))
        var message = [CChar](repeating: 0, count: 256)
        let status = bytes.withUnsafeBufferPointer { data in
            exif.withUnsafeMutableBufferPointer { exifBuffer in
                fb_jpeg_read_header(data.baseAddress, data.count, &header, exifBuffer.baseAddress, exifBuffer.count,
                                    &message, message.count)
            }
        }
        guard status == 0 else {
            throw ImageCodecError(file: file, stage: .decode, message: text(message))
        }
        return JPEGHeader.info(header, exif: Array(exif.prefix(header.exif_length)))
    }

    /// The NUL-terminated message the shim copied out.
    static func text(_ message: [CChar]) -> String {
        let bytes = message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return bytes.isEmpty ? "invalid JPEG data" : String(decoding: bytes, as: UTF8.self)
    }
}
