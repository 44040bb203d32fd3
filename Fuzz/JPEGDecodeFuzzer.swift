import ImageCodecs

/// libFuzzer entry point for the JPEG path of `ImageDecoder` (in memory): any input must either decode
/// or throw `ImageCodecError`, never crash, hang, leak or touch memory it does not own. Inputs that do
/// not sniff as JPEG are skipped so every run exercises libjpeg and the shim.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJPEG(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard (try? ImageDecoder.sniff(bytes, file: "fuzz.jpg")) == .jpeg else { return 0 }
    // A small pixel limit keeps each run fast; the limit check itself is part of what is fuzzed.
    let options = DecodeOptions(channels: .keep, applyOrientation: true, maxPixels: 4_000_000)
    _ = try? ImageDecoder.decode(bytes: bytes, file: "fuzz.jpg", options: options)
    _ = try? ImageDecoder.inspect(bytes: bytes, file: "fuzz.jpg")
    return 0
}
