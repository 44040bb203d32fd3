/// A filter bank rearranged once for the fast core: per group, output channels are cut into panels of
/// `panelWidth` (8 or 16, one SIMD vector), and each panel stores one vector per tap (m, n, c) in tap
/// order, zero-filled past the group's last channel. The microkernel then reads one vector per tap and
/// never needs to know where the HWIO layout put each weight.
struct PackedFilterBank: ~Copyable {
    /// Output channels per panel: 16 for wide groups, 8 when a group has ≤ 8 output channels.
    let panelWidth: Int
    /// Groups of the (possibly grouped) convolution.
    let groups: Int
    /// Filter in-channels (per group).
    let inChannelsPerGroup: Int
    /// Output channels per group.
    let outChannelsPerGroup: Int
    /// Panels per group.
    let panelsPerGroup: Int
    /// Taps per output channel: height · width · inChannelsPerGroup, or those `keep` kept.
    let tapCount: Int
    /// `groups · panelsPerGroup · tapCount · panelWidth` floats, 64-byte aligned.
    let weights: UnsafeMutablePointer<Float>
    /// `groups · panelsPerGroup · panelWidth` bias values (zero when the bank has none).
    let bias: UnsafeMutablePointer<Float>

    /// Packs `bank` for a convolution with `groups` groups; with `keep` (one flag per tap (m, n, c)),
    /// only the kept taps, in order.
    init(_ bank: FilterBank, groups: Int, keep: [Bool]? = nil) {
        let outPerGroup = bank.outChannels / groups
        let width = outPerGroup <= 8 ? 8 : 16
        let panels = Self.lanes(outChannels: outPerGroup) / width
        let allTaps = bank.height * bank.width * bank.inChannels
        let kept = (0..<allTaps).filter { keep?[$0] ?? true }
        let taps = kept.count
        self.panelWidth = width
        self.groups = groups
        self.inChannelsPerGroup = bank.inChannels
        self.outChannelsPerGroup = outPerGroup
        self.panelsPerGroup = panels
        self.tapCount = taps
        let weightCount = groups * panels * taps * width
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, weightCount) * 4, alignment: 64)
        weights = raw.bindMemory(to: Float.self, capacity: max(1, weightCount))
        weights.initialize(repeating: 0, count: weightCount)
        let biasCount = groups * panels * width
        let rawBias = UnsafeMutableRawPointer.allocate(byteCount: max(1, biasCount) * 4, alignment: 64)
        bias = rawBias.bindMemory(to: Float.self, capacity: max(1, biasCount))
        bias.initialize(repeating: 0, count: biasCount)
        bank.weights.withUnsafeBufferPointer { hwio in
            for o in 0..<bank.outChannels {
                let group = o / outPerGroup
                let local = o % outPerGroup
                let panel = group * panels + local / width
                let lane = local % width
                for (tap, source) in kept.enumerated() {
                    // Tap order (m, n, c) is exactly the HWIO order of the first three axes.
                    weights[(panel * taps + tap) * width + lane] = hwio[source * bank.outChannels + o]
                }
                if let values = bank.bias { bias[panel * width + lane] = values[o] }
            }
        }
    }

    /// SIMD lanes the panels of a group with `outChannels` output channels compute (its channels
    /// rounded up to whole panels).
    static func lanes(outChannels: Int) -> Int {
        let width = outChannels <= 8 ? 8 : 16
        return (outChannels + width - 1) / width * width
    }

    /// First weight of panel `panel` of group `group`.
    func panelWeights(group: Int, panel: Int) -> UnsafePointer<Float> {
        UnsafePointer(weights + ((group * panelsPerGroup + panel) * tapCount) * panelWidth)
    }

    /// First bias value of panel `panel` of group `group`.
    func panelBias(group: Int, panel: Int) -> UnsafePointer<Float> {
        UnsafePointer(bias + (group * panelsPerGroup + panel) * panelWidth)
    }

    /// Frees the packed storage.
    deinit {
        UnsafeMutableRawPointer(weights).deallocate()
        UnsafeMutableRawPointer(bias).deallocate()
    }
}
