/// libFuzzer entry point for the JPEG path of `ImageDecoder` (see FuzzOneInput.swift).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJPEG(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    fuzzOneInput(data, size, format: .jpeg)
}
