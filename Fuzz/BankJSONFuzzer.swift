/// libFuzzer entry point for JSON bank (.json) through `BankLoader` (see FuzzBankFile.swift).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBankJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    fuzzBankFile(data, size, extension: "json")
}
