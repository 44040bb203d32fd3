import CImageShims

/// A JPEG written a band of rows at a time: the caller compresses rows as it makes them (a filtered
/// photo, band by band) and never holds the whole 8-bit image. Same output as `JPEGEncoder.encode`
/// for the same pixels, options and metadata. One encoder per image, used from one thread at a time.
public final class JPEGRowEncoder {
    private var encoder: OpaquePointer?
    private let file: String
    /// Samples per row (width × channels).
    public let rowSamples: Int
    /// Rows the image has.
    public let height: Int
    /// Rows written so far.
    public private(set) var rowsWritten = 0

    /// Starts a gray (1 channel) or RGB (3 channels) JPEG; throws what `JPEGEncoder.encode` would
    /// throw for these sizes, options and metadata, naming `file`.
    public init(width: Int, height: Int, channels: Int, options: JPEGEncodeOptions, metadata: ImageMetadata = .none,
                file: String = "<JPEG output>") throws {
        self.file = file
        guard channels == 1 || channels == 3 else {
            throw ImageCodecError(file: file, stage: .encode, message: "JPEG holds 1 (gray) or 3 (RGB) channels, not \(channels)")
        }
        var settings = try JPEGEncoder.shimSettings(width: width, height: height, channels: channels, options: options,
                                                    metadata: metadata, cmyk: nil, file: file)
        rowSamples = width * channels
        self.height = height
        var message = Shim.messageBuffer()
        var started: OpaquePointer?
        let status = metadata.withShimRecord { record in
            fb_jpeg_encoder_start(Int32(width), Int32(height), Int32(channels), &settings, record, &started, &message, message.count)
        }
        guard status == 0, let started else {
            throw ImageCodecError(file: file, stage: .encode, message: Shim.message(message, fallback: "cannot start the JPEG encoder"))
        }
        encoder = started
    }

    /// Compresses the next rows (`rows.count` a whole number of rows).
    public func write(_ rows: [UInt8]) throws {
        try rows.withUnsafeBufferPointer { try write($0) }
    }

    /// Compresses the next rows from memory the caller owns (a band being quantised).
    package func write(_ rows: UnsafeBufferPointer<UInt8>) throws {
        guard let encoder else { throw ImageCodecError(file: file, stage: .encode, message: "the JPEG encoder already failed or finished") }
        guard rows.count % rowSamples == 0, rowsWritten + rows.count / rowSamples <= height else {
            throw ImageCodecError(file: file, stage: .encode, message: "\(rows.count) samples are not whole rows of the image's remaining \(height - rowsWritten)")
        }
        let count = rows.count / rowSamples
        var message = Shim.messageBuffer()
        guard fb_jpeg_encoder_write(encoder, rows.baseAddress, Int32(count), &message, message.count) == 0 else {
            close()
            throw ImageCodecError(file: file, stage: .encode, message: Shim.message(message, fallback: "invalid JPEG data"))
        }
        rowsWritten += count
    }

    /// The finished JPEG, after every row was written.
    public func finish() throws -> [UInt8] {
        guard let encoder else { throw ImageCodecError(file: file, stage: .encode, message: "the JPEG encoder already failed or finished") }
        defer { close() }
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = Shim.messageBuffer()
        guard fb_jpeg_encoder_finish(encoder, &output, &size, &message, message.count) == 0, let output else {
            throw ImageCodecError(file: file, stage: .encode, message: Shim.message(message, fallback: "invalid JPEG data"))
        }
        defer { fb_jpeg_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }

    private func close() {
        fb_jpeg_encoder_destroy(encoder)
        encoder = nil
    }

    deinit { fb_jpeg_encoder_destroy(encoder) }
}
