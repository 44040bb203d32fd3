/// Depthwise weights (multiplier 1) as SIMD8 vectors per tap and phase: lane l of phase p's vector for
/// tap t is w[t, (p + l) mod C], the weight of the value 8 lanes of a flattened row starting at channel p.
struct PhaseWeights: ~Copyable {
    /// Input channels C (the period of the weights along a flattened row).
    let channels: Int
    /// Taps per kernel: height · width.
    let tapCount: Int
    /// How far the phase moves per 8 values: 8 mod C.
    let step: Int
    /// `C · tapCount · 8` floats.
    let storage: UnsafeMutablePointer<Float>

    /// Builds every phase's vectors for a multiplier-1 filter.
    init(_ filter: DepthwiseFilter) {
        channels = filter.channels
        tapCount = filter.height * filter.width
        step = 8 % filter.channels
        storage = UnsafeMutablePointer<Float>.allocate(capacity: channels * tapCount * 8)
        for phase in 0..<channels {
            for t in 0..<tapCount {
                for lane in 0..<8 {
                    storage[(phase * tapCount + t) * 8 + lane] = filter.weights[t * channels + (phase + lane) % channels]
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
