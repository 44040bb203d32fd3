import Essentials

/// libFuzzer entry point for `.npy` tensors (`conv --input`, `render`): `NPYFile.decode` must return an
/// array whose values fill its shape, or throw `NPYError`; never crash or allocate what the header
/// claims before the bytes are there.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPYFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let array = try? NPYFile.decode(bytes, file: "fuzz.npy") else { return 0 }
    let (count, overflow) = Tensor.elementCount(array.shape)
    precondition(!overflow && count == array.values.count, "decoded shape \(array.shape) does not match \(array.values.count) values")
    _ = try? array.tensor()
    return 0
}
