import Foundation

/// Reads filter bank files. The format is chosen by the file's extension (any case):
/// - `.json`: `{"filters": [{"name": "…", "kernel": K, "scale": s?, "bias": b?}]}`, K 2-D `[fh][fw]`
///   or 3-D `[fh][fw][in]`; weights are K·s, bias b (default 0); a missing name becomes f0, f1, ….
/// - `.npy`: a TF-layout array — 2-D `[fh,fw]` (one filter), 3-D `[fh,fw,out]` (out 2-D filters), 4-D
///   HWIO `[fh,fw,in,out]` (out filters with in channels); named f0, f1, … (zero-padded to the same
///   width when there are ten or more: f00…f15); `biasPath` may name a `[out]` .npy of biases.
/// - `.mat`: the libvips matrix text format — first line `width height [scale [offset]]`, then `height`
///   rows of `width` numbers; the kernel is values/scale and offset is the bias (what `vips conv` computes).
///   Text after the numbers on a line is a comment. The filter is named after the file's stem.
/// - `.npz`: an np.savez archive; `weights.npz:NAME` picks the array saved as NAME (an archive of one
///   array needs no name), read as a `.npy` bank.
/// - anything else: a text file holding ImageMagick-style kernel strings (`3x3: 1,1,1 0,0,0 -1,-1,-1`),
///   several separated by `;`, `#` starting a comment line; named after the stem (stem-1, stem-2… for several).
public enum BankLoader {
    /// Bank files larger than this are refused before reading (a real bank is kilobytes to megabytes).
    public static let maximumFileBytes = 256 << 20

    /// Reads every filter in the bank file at `path` (with an optional bias `.npy` for `.npy` banks).
    /// Throws `BankError` naming the file and the problem.
    public static func load(path: String, biasPath: String? = nil) throws -> [NamedFilter] {
        if let archive = NPZSelection(path) { return try loadNPZ(archive, biasPath: biasPath) }
        let ext = (path as NSString).pathExtension.lowercased()
        if biasPath != nil && ext != "npy" {
            throw BankError(file: path, "a bias file only goes with a .npy bank (JSON banks carry \"bias\", .mat files an offset)")
        }
        let filters: [NamedFilter]
        switch ext {
        case "npy":
            filters = try loadNPY(path: path, biasPath: biasPath)
        case "json":
            filters = try parseJSON(try readBytes(path), file: path)
        case "mat":
            filters = [try parseVipsMatrix(try readText(path), name: stem(of: path), file: path)]
        default:
            filters = try loadKernelStringFile(path: path, extension: ext)
        }
        guard !filters.isEmpty else { throw BankError(file: path, "the bank holds no filters") }
        return filters
    }

    /// Any other extension is read as kernel strings; when that fails the message says which formats exist.
    static func loadKernelStringFile(path: String, extension ext: String) throws -> [NamedFilter] {
        let hint = "files other than .json, .npy and .mat are read as ImageMagick-style kernel strings like '3x3: 1,1,1 0,0,0 -1,-1,-1'"
        let bytes = try readBytes(path)
        guard let text = String(validating: bytes, as: UTF8.self), !bytes.contains(0) else {
            let kind = ext.isEmpty ? "a file without extension" : "'.\(ext)'"
            throw BankError(file: path, "unknown bank format: \(kind) is not text (\(hint))")
        }
        do {
            return try parseKernelStringFile(text, stem: stem(of: path), file: path)
        } catch let error as BankError where !["txt", "kernel", ""].contains(ext) {
            throw BankError(file: path, "\(error.reason) (unknown extension '.\(ext)': \(hint))")
        }
    }

    /// The file name without folder and extension (the default filter name for single-kernel files).
    static func stem(of path: String) -> String {
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return name.isEmpty || name == "." || name == ".." ? "kernel" : name
    }

    /// Reads a whole text bank file as UTF-8, refusing huge or unreadable files with a clear message.
    static func readText(_ path: String) throws -> String {
        let bytes = try readBytes(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw BankError(file: path, "is not UTF-8 text")
        }
        return text
    }

    /// Reads a whole file, checking it is a regular file of a sane size first.
    static func readBytes(_ path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw BankError(file: path, "no such file")
        }
        guard !isDirectory.boolValue else { throw BankError(file: path, "is a folder, not a bank file") }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumFileBytes {
            throw BankError(file: path, "is \(size) bytes, more than the \(maximumFileBytes >> 20) MB a bank file may have")
        }
        // A FileHandle, not FileManager.contents(atPath:), which in this Foundation leaks 4 KB per empty file.
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw BankError(file: path, "cannot be read (permissions?)")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumFileBytes + 1) ?? Data()
        } catch {
            throw BankError(file: path, "cannot be read: \(error.localizedDescription)")
        }
        guard data.count <= maximumFileBytes else {
            throw BankError(file: path, "is more than the \(maximumFileBytes >> 20) MB a bank file may have")
        }
        return [UInt8](data)
    }

    /// Default names for `count` unnamed filters: f0…f9, or zero-padded (f00…f15) when there are ten or more.
    static func defaultNames(count: Int) -> [String] {
        let digits = max(String(max(count - 1, 0)).count, count >= 10 ? 2 : 1)
        return (0..<count).map { index in
            let number = String(index)
            return "f" + String(repeating: "0", count: digits - number.count) + number
        }
    }

    /// Turns a Float conversion of parsed numbers into an error if any is NaN or infinite.
    static func checkFinite(_ values: [Float], what: String, file: String?) throws {
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw BankError(file: file, "\(what) has a NaN or infinite value (\(values[bad])) at position \(bad)")
        }
    }
}
