import FeatureMaps
#if canImport(Glibc)
import Glibc
#endif

/// One libFuzzer input as a bank file with extension `ext`, through `BankLoader`'s public entry point
/// (the one `--bank FILE` uses, size checks included), then on to what a run does with the filters:
/// one `FilterSet` and the tf.nn.conv2d and depthwise banks for gray and RGB images. Every step must
/// return or throw a typed error, never crash, hang or allocate without bound.
func fuzzBankFile(_ data: UnsafePointer<UInt8>, _ size: Int, extension ext: String) -> Int32 {
    let path = scratchFile(extension: ext)
    guard let file = fopen(path, "wb") else { fatalError("cannot write the scratch file \(path)") }
    if size > 0 { fwrite(data, 1, size, file) }
    fclose(file)
    use(try? BankLoader.load(path: path))
    if ext == "npy" {
        // The same bytes as the bias of a valid bank: a bias's shape and count are checked too.
        use(try? BankLoader.load(path: validNPYBank, biasPath: path))
    }
    if ext == "txt", let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) {
        // `--kernel "3x3: …"` parses a kernel string given on the command line.
        if let filter = try? BankLoader.parse(kernelString: text, name: "fuzz") { use([filter]) }
    }
    return 0
}

/// What a run does with loaded filters.
private func use(_ filters: [NamedFilter]?) {
    guard let filters, let set = try? FilterSet(filters) else { return }
    for channels in [1, 3] {
        _ = try? set.convBank(channels: channels)
        _ = try? set.depthwise(channels: channels)
    }
}

/// A per-process scratch path in memory-backed /dev/shm when there is one (each run rewrites it).
private func scratchFile(extension ext: String) -> String {
    let folder = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
    return "\(folder)/filterbank-fuzz-\(getpid()).\(ext)"
}

/// A valid `[3, 3, 2]` .npy bank (two 3×3 filters), written once, for the bias path.
private let validNPYBank: String = {
    let path = scratchFile(extension: "bank.npy")
    var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 3, 2), }"
    while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
    bytes += Array(header.utf8)
    for index in 0..<18 { withUnsafeBytes(of: Float(index % 5 - 2).bitPattern.littleEndian) { bytes += $0 } }
    guard let file = fopen(path, "wb") else { fatalError("cannot write \(path)") }
    fwrite(bytes, 1, bytes.count, file)
    fclose(file)
    return path
}()
