import CHDF5Shims
import Essentials

/// One HDF5 file held in memory, read through the C shim (libhdf5 never prints or unwinds into Swift).
/// Every size the file declares is checked before anything is allocated for it.
final class HDF5File {
    /// Largest dataset read, in elements (1 GB of float32), and the most group members or strings listed.
    static let maximumElements = 1 << 28
    static let maximumMembers = 100_000
    static let maximumAttributeBytes = 64 << 20

    private let handle: Int64

    /// Opens the bytes of an HDF5 file (libhdf5 keeps its own copy).
    init(bytes: [UInt8]) throws {
        guard bytes.count >= 8, bytes.starts(with: [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            throw ModelFault("not an HDF5 file (missing the \\x89HDF signature)")
        }
        var message = [CChar](repeating: 0, count: 512)
        let file = bytes.withUnsafeBytes { fb_h5_open_image($0.baseAddress, $0.count, &message, message.count) }
        guard file >= 0 else { throw ModelFault(HDF5File.text(message)) }
        handle = file
    }

    deinit { fb_h5_close(handle) }

    /// What a path names.
    enum Kind { case missing, group, dataset, other }

    /// The kind of object at `path` (`missing` when any part of the path does not exist).
    func kind(_ path: String) throws -> Kind {
        var message = [CChar](repeating: 0, count: 512)
        switch fb_h5_kind(handle, path, &message, message.count) {
        case 0: return .missing
        case 1: return .group
        case 2: return .dataset
        case 3: return .other
        default: throw ModelFault("\(path): \(HDF5File.text(message))")
        }
    }

    /// The member names of the group at `path`, sorted by name.
    func members(_ path: String) throws -> [String] {
        var message = [CChar](repeating: 0, count: 512)
        var names: UnsafeMutablePointer<CChar>?
        var length = 0, count = 0
        guard fb_h5_list(handle, path, HDF5File.maximumMembers, &names, &length, &count, &message, message.count) == 0 else {
            throw ModelFault("\(path): \(HDF5File.text(message))")
        }
        defer { fb_h5_free(names) }
        return HDF5File.split(names, length: length)
    }

    /// The string attribute `name` of `path` (each element; one for a scalar), or nil when it is absent.
    func strings(_ path: String, attribute name: String) throws -> [String]? {
        var message = [CChar](repeating: 0, count: 512)
        var text: UnsafeMutablePointer<CChar>?
        var length = 0, count = 0
        let status = fb_h5_string_attribute(handle, path, name, HDF5File.maximumAttributeBytes, HDF5File.maximumMembers,
                                            &text, &length, &count, &message, message.count)
        if status == 1 { return nil }
        guard status == 0 else { throw ModelFault("\(path) attribute '\(name)': \(HDF5File.text(message))") }
        defer { fb_h5_free(text) }
        return HDF5File.split(text, length: length)
    }

    /// The dataset at `path` as float32, its shape checked against the data really stored before
    /// the values are allocated.
    func floats(_ path: String) throws -> (shape: [Int], values: [Float]) {
        var message = [CChar](repeating: 0, count: 512)
        var rank: Int32 = 0, elementBytes: Int32 = 0, isNumber: Int32 = 0
        var dims = [UInt64](repeating: 0, count: Int(FB_H5_MAX_RANK))
        var stored: UInt64 = 0
        guard fb_h5_dataset_shape(handle, path, &rank, &dims, &stored, &elementBytes, &isNumber, &message, message.count) == 0 else {
            throw ModelFault("\(path): \(HDF5File.text(message))")
        }
        guard isNumber != 0 else { throw ModelFault("\(path): the dataset does not hold numbers") }
        let shape = dims.prefix(Int(rank)).map { $0 > UInt64(Int.max) ? Int.max : Int($0) }
        let (count, overflow) = Tensor.elementCount(shape)
        guard !overflow, count <= HDF5File.maximumElements else {
            throw ModelFault("\(path): declared shape \(shape) is larger than the \(HDF5File.maximumElements) values a weight may have")
        }
        // Keras stores weights uncompressed; a generous ratio still admits compressed files while a
        // tiny file cannot make us allocate gigabytes.
        let declared = UInt64(count) * UInt64(max(1, elementBytes))
        guard count == 0 || (stored > 0 && declared <= stored * 64) else {
            throw ModelFault("\(path): declared shape \(shape) needs \(declared) bytes but the file stores \(stored)")
        }
        var values = [Float](repeating: 0, count: count)
        let status = values.withUnsafeMutableBufferPointer {
            fb_h5_read_floats(handle, path, $0.baseAddress, count, &message, message.count)
        }
        guard status == 0 else { throw ModelFault("\(path): \(HDF5File.text(message))") }
        return (shape, values)
    }

    private static func text(_ message: [CChar]) -> String {
        let bytes = message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Splits a NUL-separated buffer from the shim.
    private static func split(_ pointer: UnsafeMutablePointer<CChar>?, length: Int) -> [String] {
        guard let pointer, length > 0 else { return [] }
        let bytes = UnsafeRawBufferPointer(start: pointer, count: length)
        return bytes.split(separator: 0, omittingEmptySubsequences: false).dropLast().map {
            String(decoding: $0, as: UTF8.self)
        }
    }
}
