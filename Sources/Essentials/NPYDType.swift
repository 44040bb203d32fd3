/// The element types `.npy` reading accepts, each converted to Float32 on load.
enum NPYDType {
    case float32, float64, uint8, uint16, int32

    /// Bytes per element.
    var size: Int {
        switch self {
        case .uint8: return 1
        case .uint16: return 2
        case .float32, .int32: return 4
        case .float64: return 8
        }
    }

    /// The dtypes we read, for error messages.
    static let supported = "'<f4', '<f8', '|u1', '<u2', '<i4'"

    /// Interprets a numpy `descr`: '<' or '=' (little-endian, native on every platform we build for)
    /// for multi-byte types, '|' (or none, or '<'/'=') for one-byte types; '>' is refused.
    static func parse(_ descr: String) -> Result<NPYDType, HeaderParseError> {
        var code = Substring(descr)
        let order = code.first
        if let order, "<>=|".contains(order) { code = code.dropFirst() }
        let type: NPYDType
        switch code {
        case "f4": type = .float32
        case "f8": type = .float64
        case "u1": type = .uint8
        case "u2": type = .uint16
        case "i4": type = .int32
        default:
            return .failure(HeaderParseError("unsupported dtype '\(descr)' (supported: \(supported))"))
        }
        if order == ">" {
            return .failure(HeaderParseError(
                "big-endian dtype '\(descr)' is not supported; save with arr.astype('<\(code)')"))
        }
        if type.size > 1 && order != "<" && order != "=" {
            return .failure(HeaderParseError(
                "dtype '\(descr)' does not state little-endian byte order (expected '<\(code)')"))
        }
        return .success(type)
    }

    /// Converts `count` little-endian elements starting at `offset` to Float32.
    func convert(_ bytes: UnsafeRawBufferPointer, offset: Int, count: Int) -> [Float] {
        guard count > 0, let start = bytes.baseAddress else { return [] }
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            let base = start + offset
            switch self {
            case .float32:
                #if _endian(little)
                // '<f4' is the in-memory layout: one copy instead of a loop.
                UnsafeMutableRawPointer(out.baseAddress!).copyMemory(from: base, byteCount: count * 4)
                #else
                for i in 0..<count {
                    out[i] = Float(bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
                }
                #endif
            case .float64:
                for i in 0..<count {
                    out[i] = Float(Double(bitPattern: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))))
                }
            case .uint8:
                for i in 0..<count { out[i] = Float(base.load(fromByteOffset: i, as: UInt8.self)) }
            case .uint16:
                for i in 0..<count {
                    out[i] = Float(UInt16(littleEndian: base.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)))
                }
            case .int32:
                for i in 0..<count {
                    out[i] = Float(Int32(littleEndian: base.loadUnaligned(fromByteOffset: i * 4, as: Int32.self)))
                }
            }
            initialized = count
        }
    }
}
