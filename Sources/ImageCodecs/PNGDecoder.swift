import CImageShims
import Essentials

/// PNG decoding through libpng: every colour type and bit depth, Adam7, palette and tRNS expanded,
/// no gamma applied. Damage fails the file, with libpng's message, as `FailOn` says (see
/// `fb_png_read_options` for how each libpng complaint is classified); a bad IHDR or a missing IDAT
/// always does.
enum PNGDecoder {
    /// Largest non-IDAT chunk accepted and largest decompressed zTXt/iTXt/iCCP kept: real metadata is far smaller.
    static let maxChunkBytes = 8 << 20
    /// Most ancillary chunks libpng caches from one file.
    static let maxCachedChunks: UInt32 = 1000

    /// Decodes every pixel onto the 0…255 scale: 16-bit samples / 257, 1/2/4-bit gray replicated to 8 bits;
    /// with `integers`, the stored 8- or 16-bit samples instead. `maxChunkBytes` is only lowered by tests.
    static func decode(_ bytes: [UInt8], file: String, maxPixels: Int, applyOrientation: Bool = false,
                       failOn: FailOn = .error, maxChunkBytes: Int = maxChunkBytes, integers: Bool = false) throws -> DecodedSamples {
        guard maxPixels > 0 else {
            throw ImageCodecError(file: file, stage: .decode, message: "pixel limit \(maxPixels) must be positive")
        }
        return try bytes.withUnsafeBufferPointer { data in
            let (reader, header) = try open(data, file: file, maxPixels: maxPixels, maxChunkBytes: maxChunkBytes,
                                            failOn: failOn, forDecoding: true)
            defer { fb_png_reader_close(reader) }
            // width × height ≤ maxPixels was checked from IHDR by the shim before anything was allocated.
            let pixels = Int(header.width) * Int(header.height)  // each factor < 2^31
            let (count, overflow) = pixels.multipliedReportingOverflow(by: Int(header.channels))
            guard !overflow else {
                throw ImageCodecError(file: file, stage: .decode, message: "image too large to address")
            }
            let wide = header.bytes_per_sample == 2
            let stored: ImageSamples = wide ? .uint16(try readStored(UInt16.self, count: count, from: reader, file: file))
                                            : .uint8(try readStored(UInt8.self, count: count, from: reader, file: file))
            var metadata = self.metadata(reader)
            let warnings = DecodeWarning.from(fb_png_reader_warnings(reader)) + MetadataCheck.problems(in: &metadata)
            let info = imageInfo(header, orientation: metadata.exifOrientation)
            let orientation = applyOrientation ? info.orientation : 1
            func upright<Sample>(_ values: [Sample]) -> (samples: [Sample], width: Int, height: Int) {
                Orientation.apply(orientation, to: values, width: info.width, height: info.height, channels: info.channels)
            }
            let samples: ImageSamples, width: Int, height: Int
            switch (stored, integers) {
            case (.uint8(let values), true): (samples, width, height) = { let u = upright(values); return (.uint8(u.samples), u.width, u.height) }()
            case (.uint16(let values), true): (samples, width, height) = { let u = upright(values); return (.uint16(u.samples), u.width, u.height) }()
            default:
                let u = upright(widened(stored))
                (samples, width, height) = (.float(u.samples), u.width, u.height)
            }
            return DecodedSamples(width: width, height: height, channels: Int(header.channels), samples: samples, info: info,
                                  metadata: metadata, orientationApplied: applyOrientation, warnings: warnings)
        }
    }

    /// Header facts and metadata from the chunks before the image data (eXIf or XMP after IDAT are not seen).
    static func header(_ bytes: [UInt8], file: String, failOn: FailOn = .error) throws -> ImageHeader {
        try bytes.withUnsafeBufferPointer { data in
            let (reader, header) = try open(data, file: file, maxPixels: 0, maxChunkBytes: maxChunkBytes,
                                            failOn: failOn, forDecoding: false)
            defer { fb_png_reader_close(reader) }
            var metadata = self.metadata(reader)
            let warnings = DecodeWarning.from(fb_png_reader_warnings(reader)) + MetadataCheck.problems(in: &metadata)
            return ImageHeader(info: imageInfo(header, orientation: metadata.exifOrientation), metadata: metadata,
                               warnings: warnings)
        }
    }

    private static func open(_ data: UnsafeBufferPointer<UInt8>, file: String, maxPixels: Int, maxChunkBytes: Int,
                             failOn: FailOn, forDecoding: Bool) throws -> (OpaquePointer, fb_png_header) {
        var limits = fb_png_read_options(max_pixels: UInt64(maxPixels), max_chunk_bytes: maxChunkBytes,
                                         max_chunks: maxCachedChunks, fail_on: failOn.shimValue)
        var header = fb_png_header()
        var message = Shim.messageBuffer()
        guard let base = data.baseAddress,
              let reader = fb_png_reader_open(base, data.count, &limits, forDecoding ? 1 : 0, &header,
                                              &message, message.count) else {
            throw ImageCodecError(file: file, stage: .decode, message: Shim.message(message, fallback: "unknown libpng error"))
        }
        return (reader, header)
    }

    /// Reads the rows as `Sample` integers in C.
    private static func readStored<Sample: FixedWidthInteger>(
        _: Sample.Type, count: Int, from reader: OpaquePointer, file: String
    ) throws -> [Sample] {
        var message = Shim.messageBuffer()
        let stored = [Sample](unsafeUninitializedCapacity: count) { buffer, initialized in
            let ok = fb_png_reader_read_pixels(reader, buffer.baseAddress, count * MemoryLayout<Sample>.stride,
                                               &message, message.count)
            initialized = ok == 1 ? count : 0
        }
        guard stored.count == count else {
            throw ImageCodecError(file: file, stage: .decode, message: Shim.message(message, fallback: "unknown libpng error"))
        }
        return stored
    }

    /// Stored samples widened to floats on the 0…255 scale in one tight loop.
    private static func widened(_ stored: ImageSamples) -> [Float] {
        func widen<Sample>(_ source: [Sample], _ toFloat: (Sample) -> Float) -> [Float] {
            source.withUnsafeBufferPointer { source in
                [Float](unsafeUninitializedCapacity: source.count) { out, initialized in
                    // Large images: huge pages spare tens of thousands of page faults on this one-time write.
                    HugePageAdvice.advise(UnsafeMutableRawBufferPointer(out))
                    for i in 0..<source.count { out[i] = toFloat(source[i]) }
                    initialized = source.count
                }
            }
        }
        switch stored {
        case .uint8(let values): return widen(values) { Float($0) }
        case .uint16(let values): return widen(values) { Float($0) / 257 }
        case .float(let values): return values
        }
    }

    /// The iCCP profile, eXIf block and XMP text libpng kept (each within `maxChunkBytes`).
    private static func metadata(_ reader: OpaquePointer) -> ImageMetadata {
        var bytes: UnsafePointer<UInt8>?
        let exif = Shim.bytes(fb_png_reader_exif(reader, &bytes), bytes)
        let icc = Shim.bytes(fb_png_reader_icc(reader, &bytes), bytes)
        let xmp = Shim.bytes(fb_png_reader_xmp(reader, &bytes), bytes)
        return ImageMetadata(iccProfile: icc, exif: exif, xmp: xmp)
    }

    private static func imageInfo(_ header: fb_png_header, orientation: Int) -> ImageInfo {
        let names = [0: "gray", 2: "rgb", 3: "palette", 4: "gray+alpha", 6: "rgba"]
        let model = (names[Int(header.color_type)] ?? "unknown") + (header.has_trns != 0 ? "+tRNS" : "")
        return ImageInfo(format: .png, width: Int(header.width), height: Int(header.height),
                         channels: Int(header.channels), bitDepth: Int(header.bit_depth),
                         interlaced: header.interlaced != 0, orientation: orientation, colorModel: model)
    }
}
