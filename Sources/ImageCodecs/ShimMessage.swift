/// The NUL-terminated text a C shim copied into a message buffer, as a Swift string.
enum ShimMessage {
    /// The text in `buffer` (invalid UTF-8 repaired), or `fallback` when the shim left it empty.
    static func text(_ buffer: [CChar], fallback: String) -> String {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return bytes.isEmpty ? fallback : String(decoding: bytes, as: UTF8.self)
    }

    /// An empty message buffer of the size every shim function accepts.
    static func buffer() -> [CChar] { [CChar](repeating: 0, count: 256) }
}
