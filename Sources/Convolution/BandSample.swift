/// A sample type the band fill reads: the float value each sample stands for is what the plan
/// convolves, so an 8- or 16-bit image gives exactly the result of its float tensor (on the decoder's
/// 0…255 scale: an 8-bit sample v is v, a 16-bit sample v/257) without that tensor ever existing.
package protocol BandSample {
    /// Writes the float values of `count` samples from `source` to `target`.
    static func convert(_ source: UnsafePointer<Self>, count: Int, to target: UnsafeMutablePointer<Float>)
}

extension Float: BandSample {
    /// Floats are copied as they are.
    @inline(__always)
    package static func convert(_ source: UnsafePointer<Float>, count: Int, to target: UnsafeMutablePointer<Float>) {
        target.update(from: source, count: count)
    }
}

extension UInt8: BandSample {
    /// v → Float(v): 0…255.
    @inline(__always)
    package static func convert(_ source: UnsafePointer<UInt8>, count: Int, to target: UnsafeMutablePointer<Float>) {
        for i in 0..<count { target[i] = Float(source[i]) }
    }
}

extension UInt16: BandSample {
    /// v → Float(v) / 257, exactly the decoder's division (not a multiplication by 1/257, which rounds differently).
    @inline(__always)
    package static func convert(_ source: UnsafePointer<UInt16>, count: Int, to target: UnsafeMutablePointer<Float>) {
        for i in 0..<count { target[i] = Float(source[i]) / 257 }
    }
}
