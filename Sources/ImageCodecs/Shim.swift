/// Copying what the C shims hand back into Swift values.
enum Shim {
    /// The NUL-terminated text a shim copied into `buffer` (invalid UTF-8 repaired), or `fallback`
    /// when the shim left it empty.
    static func message(_ buffer: [CChar], fallback: String) -> String {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return bytes.isEmpty ? fallback : String(decoding: bytes, as: UTF8.self)
    }

    /// An empty message buffer of the size every shim function accepts.
    static func messageBuffer() -> [CChar] { [CChar](repeating: 0, count: 256) }

    /// A copy of `count` bytes a shim owns, or nil when there are none.
    static func bytes(_ count: Int, _ pointer: UnsafePointer<UInt8>?) -> [UInt8]? {
        guard count > 0, let pointer else { return nil }
        return Array(UnsafeBufferPointer(start: pointer, count: count))
    }
}
