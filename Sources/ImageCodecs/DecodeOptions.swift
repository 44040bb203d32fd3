/// How to decode.
public struct DecodeOptions: Sendable {
    /// Channels of the result.
    public var channels: ChannelPolicy
    /// Apply the EXIF orientation (1–8) so the image is upright, as photo viewers do.
    public var applyOrientation: Bool
    /// Largest width × height accepted, checked from the header before any pixel buffer is allocated.
    public var maxPixels: Int
    /// How much damage fails the decode (libvips's levels); what is accepted becomes a warning.
    public var failOn: FailOn

    /// Defaults: keep channels, apply orientation, 100 megapixels at most, fail on damage that changes pixels.
    public init(channels: ChannelPolicy = .keep, applyOrientation: Bool = true, maxPixels: Int = 100_000_000,
                failOn: FailOn = .error) {
        self.channels = channels
        self.applyOrientation = applyOrientation
        self.maxPixels = maxPixels
        self.failOn = failOn
    }
}
