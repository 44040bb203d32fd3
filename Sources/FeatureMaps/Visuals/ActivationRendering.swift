import Essentials

/// Saved activations (any NHWC float tensor) as pictures: one 8- or 16-bit map per batch item and
/// channel, normalised per map or with one range shared by the whole tensor so maps compare.
public struct ActivationRendering: Sendable {
    /// Batch items, rows, columns and channels of the tensor.
    public let items: Int, height: Int, width: Int, channels: Int
    /// The tensor's values, NHWC.
    public let values: [Float]
    /// Per item, per channel: the raw range the maps are normalised with.
    public let statistics: [[MapStatistics]]
    /// Per item, per channel: each map's own raw range (for labels, whatever the normalisation range).
    public let ownStatistics: [[MapStatistics]]

    /// Why a tensor cannot be rendered.
    public struct ShapeError: Error, CustomStringConvertible {
        /// What is wrong with the shape.
        public let description: String
    }

    /// Accepts 4-D `[N,H,W,C]`, 3-D `[H,W,C]` (one item) and 2-D `[H,W]` (one gray map).
    /// `sharedRange` computes one min/max over the whole tensor for every map.
    public init(shape: [Int], values: [Float], sharedRange: Bool) throws {
        let full: [Int]
        switch shape.count {
        case 4: full = shape
        case 3: full = [1] + shape
        case 2: full = [1] + shape + [1]
        default:
            throw ShapeError(description: "expected an NHWC tensor (4-D [N,H,W,C], 3-D [H,W,C] or 2-D [H,W]), got shape \(shape)")
        }
        guard full.allSatisfy({ $0 > 0 }) else {
            throw ShapeError(description: "the tensor of shape \(shape) holds no pixels")
        }
        let (count, overflow) = Tensor.elementCount(full)
        guard !overflow, count == values.count else {
            throw ShapeError(description: "shape \(shape) does not match \(values.count) values")
        }
        items = full[0]; height = full[1]; width = full[2]; channels = full[3]
        self.values = values
        let itemSize = height * width * channels
        let channels = self.channels
        let own: [[MapStatistics]] = values.withUnsafeBufferPointer { all in
            (0..<full[0]).map { item in
                let slice = UnsafeBufferPointer(rebasing: all[(item * itemSize)..<((item + 1) * itemSize)])
                return MapStatistics.computeChannels(slice, channels: channels)  // one pass for all channels
            }
        }
        ownStatistics = own
        if sharedRange {
            let whole = MapStatistics.merging(own.flatMap { $0 })
            statistics = own.map { $0.map { _ in whole } }
        } else {
            statistics = own
        }
    }

    /// Folder name of batch item `item`: zero-padded to the digits of the last item ("0"…"9", "00"…"15").
    public func itemName(_ item: Int) -> String { ActivationRendering.padded(item, count: items) }

    /// File stem of channel `channel`: "c" and the zero-padded index ("c0"…"c9", "c00"…"c15").
    public func channelName(_ channel: Int) -> String { "c" + ActivationRendering.padded(channel, count: channels) }

    /// One map as 8-bit gray pixels (`height × width`).
    public func gray8(item: Int, channel: Int, mode: Normalization) -> [UInt8] {
        withMap(item: item) { slice in
            Quantizer.quantize8(slice, pixelStride: channels, channelOffsets: [channel], mode: mode,
                                statistics: statistics[item][channel])
        }
    }

    /// One map as 16-bit gray pixels (`height × width`).
    public func gray16(item: Int, channel: Int, mode: Normalization) -> [UInt16] {
        withMap(item: item) { slice in
            Quantizer.quantize16(slice, pixelStride: channels, channelOffsets: [channel], mode: mode,
                                 statistics: statistics[item][channel])
        }
    }

    /// `index` as text, zero-padded to as many digits as `count - 1` has.
    public static func padded(_ index: Int, count: Int) -> String {
        let digits = String(max(0, count - 1)).count
        let text = String(index)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    private func withMap<T>(item: Int, _ body: (UnsafeBufferPointer<Float>) -> T) -> T {
        let itemSize = height * width * channels
        return values.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[(item * itemSize)..<((item + 1) * itemSize)])) }
    }
}
