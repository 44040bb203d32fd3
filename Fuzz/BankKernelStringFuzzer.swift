/// libFuzzer entry point for kernel-string bank (any other extension) and --kernel strings through `BankLoader` (see FuzzBankFile.swift).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBankKernelString(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    fuzzBankFile(data, size, extension: "txt")
}
