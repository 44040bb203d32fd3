import Essentials

/// Container formats FilterBank reads and writes.
public enum ImageFormat: String, Sendable, CaseIterable {
    /// Portable Network Graphics.
    case png
    /// JPEG (JFIF/EXIF, baseline, progressive, arithmetic).
    case jpeg
}

/// Which channels a decoded tensor gets.
public enum ChannelPolicy: String, Sendable, CaseIterable {
    /// What the file holds, alpha included (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA).
    case keep
    /// Three channels: gray expanded, alpha dropped.
    case rgb
    /// One channel: BT.601 luma 0.299 R + 0.587 G + 0.114 B (tf.image.rgb_to_grayscale), alpha dropped.
    case gray
}

/// How to decode.
public struct DecodeOptions: Sendable {
    /// Channels of the result.
    public var channels: ChannelPolicy
    /// Apply the EXIF orientation (1–8) so the image is upright, as photo viewers do.
    public var applyOrientation: Bool
    /// Largest width × height accepted, checked from the header before any pixel buffer is allocated.
    public var maxPixels: Int

    /// Defaults: keep channels, apply orientation, 100 megapixels at most.
    public init(channels: ChannelPolicy = .keep, applyOrientation: Bool = true, maxPixels: Int = 100_000_000) {
        self.channels = channels
        self.applyOrientation = applyOrientation
        self.maxPixels = maxPixels
    }
}

/// What the headers say about an image, read without decoding pixels.
public struct ImageInfo: Equatable, Sendable {
    /// Container format, from the magic bytes.
    public var format: ImageFormat
    /// Stored width in pixels (before orientation).
    public var width: Int
    /// Stored height in pixels (before orientation).
    public var height: Int
    /// Channels the file holds after palette expansion (1 gray, 2 gray+alpha, 3 colour, 4 colour+alpha or CMYK).
    public var channels: Int
    /// Bits per sample as stored (1, 2, 4, 8, 16; 8 for JPEG).
    public var bitDepth: Int
    /// PNG Adam7 interlacing or JPEG progressive coding.
    public var interlaced: Bool
    /// EXIF orientation 1–8 (1 when absent or malformed).
    public var orientation: Int
    /// Free-form colour description (e.g. "palette+tRNS", "YCbCr 4:2:0", "CMYK (Adobe)").
    public var colorModel: String
}

/// Pixels as a format decoder produced them, before orientation and channel policy.
public struct RawImage: Sendable {
    /// Header facts.
    public var info: ImageInfo
    /// Interleaved samples, `info.height * info.width * channels`, on a 0…255 scale whatever the bit depth.
    public var samples: [Float]
    /// Interleaved channel count of `samples` (1, 2, 3 or 4; CMYK already converted to 3).
    public var channels: Int
}

/// A decoded image: a `[1, H, W, C]` tensor on a 0…255 scale, plus its header facts.
public struct DecodedImage: Sendable {
    /// `[1, H, W, C]`, upright if orientation was applied.
    public var tensor: Tensor
    /// Header facts of the file.
    public var info: ImageInfo
}

/// A file that could not be read, decoded, encoded or written; the message names the file.
public struct ImageCodecError: Error, Equatable, CustomStringConvertible {
    /// Which step failed.
    public enum Stage: String, Sendable {
        case read, decode, encode, write
    }
    /// The file concerned.
    public var file: String
    /// Which step failed.
    public var stage: Stage
    /// What is wrong, in the library's words where it gave any.
    public var message: String

    /// Creates an error.
    public init(file: String, stage: Stage, message: String) {
        self.file = file
        self.stage = stage
        self.message = message
    }

    /// "<file>: <stage> failed: <message>".
    public var description: String { "\(file): \(stage.rawValue) failed: \(message)" }
}
