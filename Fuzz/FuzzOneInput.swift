import ImageCodecs

/// One libFuzzer input through `ImageDecoder`'s in-memory path: it must either decode or throw
/// `ImageCodecError`, never crash, hang, leak or touch memory it does not own. Inputs that do not sniff
/// as `format` are skipped, so every run of a target exercises its library and shim. Each input is
/// decoded at the strictest and the most tolerant failure level, which take different paths through the
/// shims (a tolerant decode keeps partial rows, CRC-damaged chunks and libjpeg's fill-ins), and its
/// metadata goes through the output rules.
func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int, format: ImageFormat) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let file = "fuzz.\(format.rawValue)"
    guard (try? ImageDecoder.sniff(bytes, file: file)) == format else { return 0 }
    // A small pixel limit keeps each run fast; the limit check itself is part of what is fuzzed.
    for level in [FailOn.warning, .none] {
        let options = DecodeOptions(channels: .keep, applyOrientation: true, maxPixels: 4_000_000, failOn: level)
        if let decoded = try? ImageDecoder.decode(bytes: bytes, file: file, options: options) {
            _ = decoded.metadata(forOutputChannels: decoded.tensor.channels)
        }
    }
    _ = try? ImageDecoder.header(bytes: bytes, file: file, failOn: .none)
    return 0
}
