import Foundation
import Essentials

/// Decodes PNG and JPEG files into NHWC tensors. The format comes from the magic bytes, never the
/// extension; the format decoders turn pixels upright (JPEG fused with the widening to Float32), the
/// channel policy is applied here, once, for every format.
public enum ImageDecoder {
    /// Files larger than this are refused before being read: no real 100-megapixel image needs more.
    public static let maxFileBytes = 1 << 30

    /// Decodes `path` into a `[1, H, W, C]` tensor on a 0…255 scale.
    public static func decode(path: String, options: DecodeOptions = .init()) throws -> DecodedImage {
        try decode(bytes: readFile(path), file: path, options: options)
    }

    /// Decodes an in-memory PNG or JPEG; `file` names it in errors (used by the fuzzers and for
    /// data that did not come from a file).
    public static func decode(bytes: [UInt8], file: String, options: DecodeOptions = .init()) throws -> DecodedImage {
        let decoded = try formatDecode(bytes, file: file, options: options, integers: false)
        let (samples, channels) = ChannelConversion.convert(decoded.samples.floats, channels: decoded.channels, to: options.channels)
        let tensor = try Tensor(shape: [1, decoded.height, decoded.width, channels], scalars: samples)
        return DecodedImage(tensor: tensor, info: decoded.info, metadata: decoded.metadata,
                            orientationApplied: decoded.orientationApplied, warnings: decoded.warnings)
    }

    /// Decodes `path` into its stored samples — 8-bit (`.uint8`) or 16-bit PNG (`.uint16`), upright as
    /// `options` says, every channel kept (alpha included): a 12 MP photo is 36 MB instead of a 144 MB
    /// float tensor, for callers that convert where they read (the convolution's band fill). The
    /// channel policy must be `.keep`; use `decode(path:options:)` to convert channels.
    public static func decodeSamples(path: String, options: DecodeOptions = .init()) throws -> DecodedSamples {
        try decodeSamples(bytes: readFile(path), file: path, options: options)
    }

    /// `decodeSamples(path:options:)` for in-memory bytes; `file` names them in errors.
    public static func decodeSamples(bytes: [UInt8], file: String, options: DecodeOptions = .init()) throws -> DecodedSamples {
        guard options.channels == .keep else {
            throw ImageCodecError(file: file, stage: .decode, message: "stored samples keep every channel; convert channels with decode(path:options:)")
        }
        return try formatDecode(bytes, file: file, options: options, integers: true)
    }

    /// The format decoder's output for `bytes`: floats on 0…255, or with `integers` the stored 8/16-bit samples.
    private static func formatDecode(_ bytes: [UInt8], file: String, options: DecodeOptions, integers: Bool) throws -> DecodedSamples {
        switch try sniff(bytes, file: file) {
        case .png: return try PNGDecoder.decode(bytes, file: file, maxPixels: options.maxPixels, applyOrientation: options.applyOrientation,
                                                failOn: options.failOn, integers: integers)
        case .jpeg: return try JPEGDecoder.decode(bytes, file: file, maxPixels: options.maxPixels, applyOrientation: options.applyOrientation,
                                                  failOn: options.failOn, integers: integers)
        }
    }

    /// Header facts of `path`, without decoding pixels (see `header(path:failOn:)`).
    public static func inspect(path: String, failOn: FailOn = .error) throws -> ImageInfo {
        try header(path: path, failOn: failOn).info
    }

    /// Header facts of an in-memory PNG or JPEG; `file` names it in errors.
    public static func inspect(bytes: [UInt8], file: String, failOn: FailOn = .error) throws -> ImageInfo {
        try header(bytes: bytes, file: file, failOn: failOn).info
    }

    /// Header facts and metadata of `path`, without decoding pixels; damage in the headers fails as
    /// `failOn` says. JPEG headers (up to the first scan) are read from the first `jpegHeaderPrefix`
    /// bytes when they fit there, so big photos are not read whole; a PNG's chunks after the image data
    /// are not read.
    public static func header(path: String, failOn: FailOn = .error) throws -> ImageHeader {
        let head = try readFile(path, limit: jpegHeaderPrefix)
        if head.count < jpegHeaderPrefix { return try header(bytes: head, file: path, failOn: failOn) }  // the whole file
        // The prefix must end after the headers: its end may not pass for a truncated file.
        if (try? sniff(head, file: path)) == .jpeg,
           let found = try? JPEGDecoder.header(head, file: path, failOn: max(failOn, .truncated)) {
            return found
        }
        return try header(bytes: readFile(path), file: path, failOn: failOn)
    }

    /// Header facts and metadata of an in-memory PNG or JPEG; `file` names it in errors.
    public static func header(bytes: [UInt8], file: String, failOn: FailOn = .error) throws -> ImageHeader {
        switch try sniff(bytes, file: file) {
        case .png: return try PNGDecoder.header(bytes, file: file, failOn: failOn)
        case .jpeg: return try JPEGDecoder.header(bytes, file: file, failOn: failOn)
        }
    }

    /// Bytes read first by `header(path:)` for a JPEG: room for EXIF, ICC profiles and thumbnails.
    static let jpegHeaderPrefix = 1 << 20

    /// The format named by the first bytes: `89 50 4E 47 0D 0A 1A 0A` for PNG, `FF D8 FF` for JPEG.
    public static func sniff(_ bytes: [UInt8], file: String) throws -> ImageFormat {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        let what = bytes.isEmpty ? "the file is empty" : "not a PNG or JPEG file (unrecognised signature)"
        throw ImageCodecError(file: file, stage: .decode, message: what)
    }

    /// The file's bytes, or only its first `limit` bytes.
    static func readFile(_ path: String, limit: Int? = nil) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
            throw ImageCodecError(file: path, stage: .read, message: reason)
        }
        defer { try? handle.close() }
        if let limit {
            do {
                return [UInt8](try handle.read(upToCount: limit) ?? Data())
            } catch {
                throw ImageCodecError(file: path, stage: .read, message: "\(error.localizedDescription)")
            }
        }
        let size = (try? handle.seekToEnd()) ?? 0
        guard size <= UInt64(maxFileBytes) else {
            throw ImageCodecError(file: path, stage: .read, message: "file is \(size) bytes, over the \(maxFileBytes)-byte limit")
        }
        try? handle.seek(toOffset: 0)
        do {
            return [UInt8](try handle.readToEnd() ?? Data())
        } catch {
            throw ImageCodecError(file: path, stage: .read, message: "\(error.localizedDescription)")
        }
    }
}
