/// libFuzzer entry point for .npy bank (TF layout) and .npy bias through `BankLoader` (see FuzzBankFile.swift).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBankNPY(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    fuzzBankFile(data, size, extension: "npy")
}
