import Foundation
import Models

/// Where each input is written before it is loaded (FILTERBANK_FUZZ_LAST_INPUT): libhdf5's endless loops
/// end the process through the watchdog's `_exit`, which leaves libFuzzer no chance to save the input.
private let lastInputPath = ProcessInfo.processInfo.environment["FILTERBANK_FUZZ_LAST_INPUT"]

/// libFuzzer entry point for model files: one input is the bytes of a `.keras` or `.h5` file. It must
/// load or throw `ModelError`, never crash, hang or allocate what its bytes do not justify; a model
/// that loads with a small input is also run to its output (errors are fine, crashes are findings).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModel(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let lastInputPath { FileManager.default.createFile(atPath: lastInputPath, contents: Data(bytes)) }
    guard let model = try? KerasModel(bytes: bytes, file: "fuzz.keras") else { return 0 }
    let shape = [1] + model.inputShape.map { $0 ?? 4 }
    let count = shape.reduce(1) { $0.multipliedReportingOverflow(by: max(0, $1)).overflow ? Int.max : $0 * max(0, $1) }
    // Small inputs only: the fuzzer looks for crashes, not for slow but valid big convolutions.
    guard count <= 4096, let input = try? ModelArray(shape: shape, values: [Float](repeating: 0.5, count: count)) else { return 0 }
    let names = model.layers.filter(\.isSupported).prefix(64).map(\.name)
    _ = try? model.run(input, keep: names, includeOutput: true)
    return 0
}
