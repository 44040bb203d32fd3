import CImageShims
import Essentials

/// JPEG decoding through libjpeg-turbo: baseline, progressive, arithmetic, restart intervals, any
/// chroma subsampling, grayscale, RGB, YCbCr, CMYK and YCCK (converted to RGB by the C shim, see
/// `jpeg_shim.h` for the formula). Accurate integer IDCT and fancy upsampling, as djpeg and Pillow.
enum JPEGDecoder {
    /// Decodes `bytes` (named `file` in errors) into 8-bit-valued samples, 1 channel for grayscale,
    /// 3 (RGB) otherwise. Refuses more than `maxPixels` pixels before allocating any pixel memory, and
    /// fails on any sign of damaged or truncated data.
    /// `maxScans` bounds the number of scans (progressive files), 1000 by default.
    static func decode(_ bytes: [UInt8], file: String, maxPixels: Int, maxScans: Int = Int(FB_JPEG_MAX_SCANS)) throws -> RawImage {
        var header = fb_jpeg_header()
        var exif = [UInt8](repeating: 0, count: Int(FB_JPEG_MAX_APP1))
        var message = ShimMessage.buffer()
        var channels: Int32 = 0
        // `bytes` stays pinned for both steps: libjpeg reads it during the header and the pixel pass.
        let samples: [Float]? = bytes.withUnsafeBufferPointer { data in
            var decoder: OpaquePointer?
            let started = exif.withUnsafeMutableBufferPointer { exifBuffer in
                fb_jpeg_decoder_start(data.baseAddress, data.count, UInt64(max(0, maxPixels)), Int32(clamping: maxScans), &header,
                                      exifBuffer.baseAddress, exifBuffer.count, &channels, &decoder,
                                      &message, message.count)
            }
            defer { fb_jpeg_decoder_destroy(decoder) }
            guard started == 0, let decoder else { return nil }
            // Checked against maxPixels by the shim before this allocation.
            let count = Int(header.width) * Int(header.height) * Int(channels)
            var status: Int32 = 0
            let samples = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                // A 12 MP photo is 144 MB of floats written once: huge pages spare ~35 000 page faults.
                HugePageAdvice.advise(UnsafeMutableRawBufferPointer(buffer))
                status = fb_jpeg_decoder_read(decoder, buffer.baseAddress, count, &message, message.count)
                initialized = status == 0 ? count : 0
            }
            return status == 0 ? samples : nil
        }
        guard let samples else {
            throw ImageCodecError(file: file, stage: .decode, message: ShimMessage.text(message, fallback: "invalid JPEG data"))
        }
        let info = JPEGHeader.info(header, exif: Array(exif.prefix(header.exif_length)))
        return RawImage(info: info, samples: samples, channels: Int(channels))
    }

    /// Header facts (SOF, Adobe, JFIF, EXIF orientation) without decoding the entropy-coded data.
    static func inspect(_ bytes: [UInt8], file: String) throws -> ImageInfo {
        var header = fb_jpeg_header()
        var exif = [UInt8](repeating: 0, count: Int(FB_JPEG_MAX_APP1))
        var message = ShimMessage.buffer()
        let status = bytes.withUnsafeBufferPointer { data in
            exif.withUnsafeMutableBufferPointer { exifBuffer in
                fb_jpeg_read_header(data.baseAddress, data.count, &header, exifBuffer.baseAddress, exifBuffer.count,
                                    &message, message.count)
            }
        }
        guard status == 0 else {
            throw ImageCodecError(file: file, stage: .decode, message: ShimMessage.text(message, fallback: "invalid JPEG data"))
        }
        return JPEGHeader.info(header, exif: Array(exif.prefix(header.exif_length)))
    }
}
