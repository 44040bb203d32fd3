#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads and writes numpy `.npy` files (format versions 1.0, 2.0 and 3.0).
///
/// Reading accepts C-order arrays of `<f4`, `<f8`, `|u1`, `<u2` and `<i4` and converts them to Float32;
/// writing always produces version 1.0 `<f4` C-order, byte-identical to `np.save` of a float32 array.
/// Every size read from a header is checked against the bytes actually present before anything is
/// allocated, so a hostile header cannot trigger a huge allocation or a trap.
public enum NPYFile {
    /// `\x93NUMPY`.
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
    /// Headers longer than this are refused as corrupt (numpy's own default limit is 10 000 bytes).
    static let maximumHeaderLength = 1 << 20

    /// Reads and decodes the file at `path`.
    public static func read(path: String) throws -> NPYArray {
        if let array = readFloat32(path: path) { return array }
        return try decode(readBytes(path: path), file: path)
    }

    /// Decodes the bytes of a `.npy` file; `file` names it in error messages.
    public static func decode(_ bytes: [UInt8], file: String) throws -> NPYArray {
        let p = try preamble(bytes, file: file)
        let available = bytes.count - p.dataStart
        guard available >= p.byteCount else {
            throw NPYError(file: file, "truncated .npy file: shape \(p.shape) of '\(p.descr)' needs \(p.byteCount) data bytes, found \(available)")
        }
        guard available == p.byteCount else {
            throw NPYError(file: file, "shape/data size mismatch: shape \(p.shape) of '\(p.descr)' needs \(p.byteCount) data bytes, found \(available)")
        }
        let values = bytes.withUnsafeBytes { p.dtype.convert($0, offset: p.dataStart, count: p.count) }
        return NPYArray(checkedShape: p.shape, values: values)
    }

    /// A well-formed little-endian `<f4` file read straight into its Float storage, without a byte
    /// buffer and a converted copy (inputs can be hundreds of MB); nil for any other file, which the
    /// general path then reads or reports.
    private static func readFloat32(path: String) -> NPYArray? {
        #if _endian(little)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(status.st_size)
        var prefix = [UInt8](repeating: 0, count: min(size, 4096))
        let got = prefix.withUnsafeMutableBytes { readFully(fd, into: $0.baseAddress!, count: $0.count, at: 0) }
        guard got == prefix.count, let p = try? preamble(prefix, file: path),
              p.dtype == .float32, p.count > 0, p.dataStart <= prefix.count, size - p.dataStart == p.byteCount else { return nil }
        var complete = false
        let values = [Float](unsafeUninitializedCapacity: p.count) { buffer, initialized in
            HugePageAdvice.advise(buffer)
            complete = readFully(fd, into: UnsafeMutableRawPointer(buffer.baseAddress!), count: p.byteCount, at: p.dataStart) == p.byteCount
            initialized = complete ? p.count : 0
        }
        return complete ? NPYArray(checkedShape: p.shape, values: values) : nil
        #else
        return nil
        #endif
    }

    /// Bytes `offset ..< offset + count` of the file (fewer at its end or on an error).
    private static func readFully(_ fd: Int32, into target: UnsafeMutableRawPointer, count: Int, at offset: Int) -> Int {
        var filled = 0
        while filled < count {
            let n = pread(fd, target + filled, count - filled, off_t(offset + filled))
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            filled += n
        }
        return filled
    }

    /// What the bytes before the data say: the shape, the element type, where the data starts and
    /// how long it is; throws for a bad magic, version, header or dtype.
    private static func preamble(_ bytes: [UInt8], file: String) throws -> Preamble {
        func fail(_ message: String) -> NPYError { NPYError(file: file, message) }
        guard bytes.count >= 8 else {
            throw fail(bytes.count >= 6 && Array(bytes[0..<6]) == magic
                ? "truncated .npy file: \(bytes.count) bytes, shorter than the 8-byte preamble"
                : "not a .npy file (missing the \\x93NUMPY magic)")
        }
        guard Array(bytes[0..<6]) == magic else { throw fail("not a .npy file (missing the \\x93NUMPY magic)") }
        let major = bytes[6], minor = bytes[7]
        let lengthSize: Int
        switch major {
        case 1: lengthSize = 2
        case 2, 3: lengthSize = 4
        default: throw fail("unsupported .npy format version \(major).\(minor) (supported: 1.0, 2.0, 3.0)")
        }
        guard bytes.count >= 8 + lengthSize else { throw fail("truncated .npy file: the header length is cut off") }
        var headerLength = 0
        for i in 0..<lengthSize { headerLength |= Int(bytes[8 + i]) << (8 * i) }
        let headerStart = 8 + lengthSize
        guard headerLength <= maximumHeaderLength else {
            throw fail("header length \(headerLength) bytes is absurd (limit \(maximumHeaderLength)); the file is corrupt")
        }
        guard headerStart + headerLength <= bytes.count else {
            throw fail("truncated .npy file: the header needs \(headerLength) bytes but only \(bytes.count - headerStart) follow")
        }
        let headerBytes = bytes[headerStart..<headerStart + headerLength]
        let headerText: String
        if major == 3 {
            guard let text = String(validating: headerBytes, as: UTF8.self) else {
                throw fail("the version 3.0 header is not valid UTF-8")
            }
            headerText = text
        } else {
            // Versions 1 and 2 store the header as latin-1: each byte is one code point.
            headerText = String(String.UnicodeScalarView(headerBytes.map { Unicode.Scalar($0) }))
        }

        let header: NPYHeader
        let dtype: NPYDType
        do {
            header = try NPYHeader.parse(headerText)
            dtype = try NPYDType.parse(header.descr).get()
        } catch {
            throw fail("bad .npy header: \(error.message)")
        }
        guard !header.fortranOrder else {
            throw fail("Fortran-order (column-major) arrays are not supported; save np.ascontiguousarray(a) instead")
        }
        let (count, countOverflow) = Tensor.elementCount(header.shape)
        let (byteCount, bytesOverflow) = count.multipliedReportingOverflow(by: dtype.size)
        guard !countOverflow, !bytesOverflow else {
            throw fail("shape \(header.shape) has too many elements to address")
        }
        return Preamble(shape: header.shape, descr: header.descr, dtype: dtype, dataStart: headerStart + headerLength,
                        count: count, byteCount: byteCount)
    }

    /// A parsed preamble (magic, version, header).
    private struct Preamble {
        let shape: [Int]
        let descr: String
        let dtype: NPYDType
        let dataStart: Int
        let count: Int
        let byteCount: Int
    }

    /// Encodes a C-order float32 array as numpy's `np.save` does: version 1.0 (2.0 only if the header
    /// would not fit in 65 535 bytes), `<f4`, header padded with spaces to a multiple of 64 bytes and
    /// ending in a newline. `values.count` should equal the product of `shape`.
    public static func encode(values: [Float], shape: [Int]) -> [UInt8] {
        let dictionary = Array(NPYHeader.literal(descr: "<f4", shape: shape).utf8)
        var lengthSize = 2
        var padded = paddedLength(dictionary.count, prefix: 8 + lengthSize)
        if padded > Int(UInt16.max) {
            lengthSize = 4
            padded = paddedLength(dictionary.count, prefix: 8 + lengthSize)
        }
        var bytes = magic
        bytes.reserveCapacity(8 + lengthSize + padded + values.count * 4)
        bytes += [lengthSize == 2 ? 1 : 2, 0]
        for i in 0..<lengthSize { bytes.append(UInt8(truncatingIfNeeded: padded >> (8 * i))) }
        bytes += dictionary
        bytes += [UInt8](repeating: 0x20, count: padded - dictionary.count - 1)
        bytes.append(0x0A)
        #if _endian(little)
        // Float32 in memory already is '<f4': one copy instead of a loop (maps can be 50 MB).
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
        for value in values {
            let bits = value.bitPattern.littleEndian
            bytes += [UInt8(truncatingIfNeeded: bits), UInt8(truncatingIfNeeded: bits >> 8),
                      UInt8(truncatingIfNeeded: bits >> 16), UInt8(truncatingIfNeeded: bits >> 24)]
        }
        #endif
        return bytes
    }

    /// Writes a float32 `.npy` atomically (temporary file + rename): `path` never holds a partial file.
    /// Throws `NPYError` if `values` do not fill `shape`, or if the file cannot be written.
    public static func write(values: [Float], shape: [Int], to path: String) throws {
        let (count, overflow) = Tensor.elementCount(shape)
        guard shape.allSatisfy({ $0 >= 0 }), !overflow, count == values.count else {
            throw NPYError(file: path, "cannot write: shape \(shape) does not hold \(values.count) values")
        }
        do {
            #if _endian(little)
            // The header, then the values straight from their storage (maps can be 50 MB: no joined copy).
            let header = encode(values: [], shape: shape)
            try header.withUnsafeBytes { head in
                try values.withUnsafeBytes { body in try AtomicFile.write(parts: [head, body], to: path) }
            }
            #else
            try AtomicFile.write(encode(values: values, shape: shape), to: path)
            #endif
        } catch let error as AtomicFile.WriteError {
            throw NPYError(file: path, "cannot write: \(error.reason)")
        }
    }

    /// Writes an NHWC tensor as a 4-D float32 `.npy`, atomically.
    public static func write(_ tensor: Tensor, to path: String) throws {
        try write(values: tensor.scalars, shape: tensor.shape, to: path)
    }

    /// Header + newline length, rounded up so that prefix + header is a multiple of 64 (numpy's alignment).
    private static func paddedLength(_ dictionaryLength: Int, prefix: Int) -> Int {
        let unpadded = prefix + dictionaryLength + 1
        return (unpadded + 63) / 64 * 64 - prefix
    }

    /// The whole file, sized from fstat so the read is bounded by what is really on disk.
    static func readBytes(path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw NPYError(file: path, "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            throw NPYError(file: path, "cannot read: \(String(cString: strerror(errno)))")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw NPYError(file: path, "not a regular file") }
        let size = Int(status.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, size - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw NPYError(file: path, "cannot read: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            filled += n
        }
        return filled == size ? bytes : Array(bytes[0..<filled])
    }
}
