/// libFuzzer entry point for libvips matrix bank (.mat) through `BankLoader` (see FuzzBankFile.swift).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBankMat(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    fuzzBankFile(data, size, extension: "mat")
}
