/// Applies a `ChannelPolicy` to interleaved 0…255 samples.
enum ChannelConversion {
    /// Returns the converted samples and their channel count. Gray uses BT.601 luma
    /// (0.299, 0.587, 0.114), the weights tf.image.rgb_to_grayscale uses.
    static func convert(_ samples: [Float], channels: Int, to policy: ChannelPolicy) -> ([Float], Int) {
        let pixels = channels == 0 ? 0 : samples.count / channels
        switch (policy, channels) {
        case (.keep, _), (.rgb, 3), (.gray, 1):
            return (samples, channels)
        case (.rgb, _):
            var out = [Float](repeating: 0, count: pixels * 3)
            for p in 0..<pixels {
                let base = p * channels
                if channels <= 2 {
                    let v = samples[base]
                    out[p * 3] = v; out[p * 3 + 1] = v; out[p * 3 + 2] = v
                } else {
                    out[p * 3] = samples[base]; out[p * 3 + 1] = samples[base + 1]; out[p * 3 + 2] = samples[base + 2]
                }
            }
            return (out, 3)
        case (.gray, _):
            var out = [Float](repeating: 0, count: pixels)
            for p in 0..<pixels {
                let base = p * channels
                if channels <= 2 {
                    out[p] = samples[base]
                } else {
                    out[p] = 0.299 * samples[base] + 0.587 * samples[base + 1] + 0.114 * samples[base + 2]
                }
            }
            return (out, 1)
        }
    }
}
