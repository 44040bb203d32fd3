import Convolution
import Foundation

/// Decodes PNG and JPEG files into NHWC tensors. The format comes from the magic bytes, never the
/// extension; orientation and channel policy are applied here, once, for every format.
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
        let raw: RawImage
        switch try sniff(bytes, file: file) {
        case .png: raw = try PNGDecoder.decode(bytes, file: file, maxPixels: options.maxPixels)
        case .jpeg: raw = try JPEGDecoder.decode(bytes, file: file, maxPixels: options.maxPixels)
        }
        let upright = Orientation.apply(options.applyOrientation ? raw.info.orientation : 1, to: raw)
        let (samples, channels) = ChannelConversion.convert(upright.samples, channels: raw.channels, to: options.channels)
        let tensor = try Tensor(shape: [1, upright.height, upright.width, channels], scalars: samples)
        return DecodedImage(tensor: tensor, info: raw.info)
    }

    /// Header facts of `path`, without decoding pixels.
    public static func inspect(path: String) throws -> ImageInfo {
        let bytes = try readFile(path)
        switch try sniff(bytes, file: path) {
        case .png: return try PNGDecoder.inspect(bytes, file: path)
        case .jpeg: return try JPEGDecoder.inspect(bytes, file: path)
        }
    }

    /// The format named by the first bytes: `89 50 4E 47 0D 0A 1A 0A` for PNG, `FF D8 FF` for JPEG.
    public static func sniff(_ bytes: [UInt8], file: String) throws -> ImageFormat {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        let what = bytes.isEmpty ? "the file is empty" : "not a PNG or JPEG file (unrecognised signature)"
        throw ImageCodecError(file: file, stage: .decode, message: what)
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
            throw ImageCodecError(file: path, stage: .read, message: reason)
        }
        defer { try? handle.close() }
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
