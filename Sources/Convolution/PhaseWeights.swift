/// Per-channel tap weights as SIMD8 vectors per tap and phase: lane l of phase p's vector for tap t is
/// w(t, (p + l) mod C), the weight of the value l places after one at channel p along a flattened row.
struct PhaseWeights: ~Copyable {
    /// Channels C (the period of the weights along a flattened row).
    let channels: Int
    /// Taps per kernel.
    let tapCount: Int
    /// How far the phase moves per 8 values: 8 mod C.
    let step: Int
    /// `C · tapCount · 8` floats.
    let storage: UnsafeMutablePointer<Float>

    /// Builds every phase's vectors for `taps` taps of `channels` channels, tap t of channel c weighing `weight(t, c)`.
    init(taps: Int, channels: Int, weight: (_ tap: Int, _ channel: Int) -> Float) {
        self.channels = channels
        tapCount = taps
        step = 8 % channels
        storage = UnsafeMutablePointer<Float>.allocate(capacity: max(1, channels * taps * 8))
        for phase in 0..<channels {
            for t in 0..<taps {
                for lane in 0..<8 {
                    storage[(phase * taps + t) * 8 + lane] = weight(t, (phase + lane) % channels)
                }
            }
        }
    }

    /// The phase 8 values further along the row.
    @inline(__always)
    func advance(_ phase: Int) -> Int {
        let next = phase + step
        return next >= channels ? next - channels : next
    }

    /// The tap vectors of one phase.
    @inline(__always)
    func vectors(phase: Int) -> UnsafeRawPointer { UnsafeRawPointer(storage + phase * tapCount * 8) }

    deinit { storage.deallocate() }
}
