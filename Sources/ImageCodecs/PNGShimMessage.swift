/// The NUL-terminated text a C shim copied into `buffer`, as a Swift string (invalid UTF-8 repaired).
func pngShimMessage(_ buffer: [CChar]) -> String {
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return bytes.isEmpty ? "unknown libpng error" : String(decoding: bytes, as: UTF8.self)
}
