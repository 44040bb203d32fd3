import ImageCodecs

/// libFuzzer entry point for the PNG path of `ImageDecoder` (in memory); see JPEGDecodeFuzzer.swift.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNG(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard (try? ImageDecoder.sniff(bytes, file: "fuzz.png")) == .png else { return 0 }
    let options = DecodeOptions(channels: .keep, applyOrientation: true, maxPixels: 4_000_000)
    _ = try? ImageDecoder.decode(bytes: bytes, file: "fuzz.png", options: options)
    _ = try? ImageDecoder.inspect(bytes: bytes, file: "fuzz.png")
    return 0
}
