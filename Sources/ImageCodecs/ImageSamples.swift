/// Interleaved pixel samples as a decoder hands them over.
public enum ImageSamples: Sendable {
    /// Floats on the 0…255 scale (16-bit v is v / 257).
    case float([Float])
    /// 8-bit samples as stored (1/2/4-bit gray replicated to 8 bits, palettes expanded).
    case uint8([UInt8])
    /// 16-bit samples as stored.
    case uint16([UInt16])

    /// The number of samples.
    public var count: Int {
        switch self {
        case .float(let values): return values.count
        case .uint8(let values): return values.count
        case .uint16(let values): return values.count
        }
    }

    /// The samples as floats on the 0…255 scale.
    public var floats: [Float] {
        switch self {
        case .float(let values): return values
        case .uint8(let values): return values.map(Float.init)
        case .uint16(let values): return values.map { Float($0) / 257 }
        }
    }
}
