/// libFuzzer entry point for the PNG path of `ImageDecoder` (see FuzzOneInput.swift).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNG(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    fuzzOneInput(data, size, format: .png)
}
