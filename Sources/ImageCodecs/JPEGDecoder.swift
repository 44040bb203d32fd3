import CImageShims
import Essentials

/// JPEG decoding through libjpeg-turbo: baseline, progressive, arithmetic, restart intervals, any
/// chroma subsampling, grayscale, RGB, YCbCr, CMYK and YCCK (converted to RGB by the C shim, see
/// `jpeg_shim.h` for the formula). Accurate integer IDCT and fancy upsampling, as djpeg and Pillow.
enum JPEGDecoder {
    /// Decodes `bytes` (named `file` in errors) into 8-bit-valued samples, 1 channel for grayscale,
    /// 3 (RGB) otherwise, turned upright by the EXIF orientation when `applyOrientation`. Refuses more
    /// than `maxPixels` pixels before allocating any pixel memory, and fails on damaged or truncated data
    /// as `failOn` says. `maxScans` bounds the number of scans (progressive files), 1000 by default.
    /// With `integers`, the 8-bit samples themselves (no widening to floats).
    static func decode(_ bytes: [UInt8], file: String, maxPixels: Int, applyOrientation: Bool = false,
                       failOn: FailOn = .error, maxScans: Int = Int(FB_JPEG_MAX_SCANS), integers: Bool = false) throws -> DecodedSamples {
        // `bytes` stays pinned for every step: libjpeg reads it during the header and the pixel pass.
        try bytes.withUnsafeBufferPointer { data in
            let (decoder, header) = try open(data, file: file, failOn: failOn)
            defer { fb_jpeg_decoder_destroy(decoder) }
            let (metadata, metadataWarnings) = self.metadata(decoder)
            let orientation = applyOrientation ? metadata.exifOrientation : 1
            var message = Shim.messageBuffer()
            var channels: Int32 = 0
            guard fb_jpeg_decoder_start(decoder, UInt64(max(0, maxPixels)), Int32(clamping: maxScans), &channels,
                                        &message, message.count) == 0 else {
                throw failure(file, message)
            }
            // Checked against maxPixels by the shim before this allocation.
            let count = Int(header.width) * Int(header.height) * Int(channels)
            var status: Int32 = 0
            let samples: ImageSamples
            if integers {
                samples = .uint8([UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                    status = fb_jpeg_decoder_read8(decoder, buffer.baseAddress, count, Int32(orientation), &message, message.count)
                    initialized = status == 0 ? count : 0
                })
            } else {
                samples = .float([Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                    // A 12 MP photo is 144 MB of floats written once: huge pages spare ~35 000 page faults.
                    HugePageAdvice.advise(UnsafeMutableRawBufferPointer(buffer))
                    status = fb_jpeg_decoder_read(decoder, buffer.baseAddress, count, Int32(orientation), &message, message.count)
                    initialized = status == 0 ? count : 0
                })
            }
            guard status == 0 else { throw failure(file, message) }
            let warnings = DecodeWarning.from(fb_jpeg_decoder_warnings(decoder)) + metadataWarnings
            let (width, height) = orientation >= 5 ? (Int(header.height), Int(header.width)) : (Int(header.width), Int(header.height))
            return DecodedSamples(width: width, height: height, channels: Int(channels), samples: samples,
                                  info: JPEGHeader.info(header, orientation: metadata.exifOrientation), metadata: metadata,
                                  orientationApplied: applyOrientation, warnings: warnings)
        }
    }

    /// Header facts and metadata (SOF, Adobe, JFIF, EXIF, XMP, ICC) without decoding the entropy-coded data.
    static func header(_ bytes: [UInt8], file: String, failOn: FailOn = .error) throws -> ImageHeader {
        try bytes.withUnsafeBufferPointer { data in
            let (decoder, header) = try open(data, file: file, failOn: failOn)
            defer { fb_jpeg_decoder_destroy(decoder) }
            let (metadata, warnings) = self.metadata(decoder)
            return ImageHeader(info: JPEGHeader.info(header, orientation: metadata.exifOrientation),
                               metadata: metadata, warnings: DecodeWarning.from(fb_jpeg_decoder_warnings(decoder)) + warnings)
        }
    }

    private static func open(_ data: UnsafeBufferPointer<UInt8>, file: String,
                             failOn: FailOn) throws -> (OpaquePointer, fb_jpeg_header) {
        var header = fb_jpeg_header()
        var decoder: OpaquePointer?
        var message = Shim.messageBuffer()
        guard fb_jpeg_decoder_open(data.baseAddress, data.count, failOn.shimValue, &header, &decoder, &message, message.count) == 0,
              let decoder else {
            throw failure(file, message)
        }
        return (decoder, header)
    }

    /// The EXIF, XMP and reassembled ICC profile the decoder kept, and why any was not used.
    private static func metadata(_ decoder: OpaquePointer) -> (ImageMetadata, [DecodeWarning]) {
        var metadata = ImageMetadata()
        var warnings: [DecodeWarning] = []
        var bytes: UnsafePointer<UInt8>?
        metadata.exif = Shim.bytes(fb_jpeg_decoder_exif(decoder, &bytes), bytes)
        metadata.xmp = Shim.bytes(fb_jpeg_decoder_xmp(decoder, &bytes), bytes)
        var dropped: Int32 = 0
        let segments = (0..<fb_jpeg_decoder_icc_segments(decoder, &dropped)).map { index in
            var sequence: Int32 = 0, count: Int32 = 0
            let length = fb_jpeg_decoder_icc_segment(decoder, index, &sequence, &count, &bytes)
            return ICCSegments.Segment(sequence: Int(sequence), count: Int(count), bytes: Shim.bytes(length, bytes) ?? [])
        }
        switch ICCSegments.assemble(segments, dropped: Int(dropped)) {
        case .success(let profile): metadata.iccProfile = profile
        case .failure(let problem): warnings.append(DecodeWarning(.metadata, "ICC profile not used: \(problem.message)"))
        }
        warnings += MetadataCheck.problems(in: &metadata)
        return (metadata, warnings)
    }

    private static func failure(_ file: String, _ message: [CChar]) -> ImageCodecError {
        ImageCodecError(file: file, stage: .decode, message: Shim.message(message, fallback: "invalid JPEG data"))
    }
}
