import Essentials

extension RGBImage {
    /// Batch item `item` of an NHWC tensor on the 0…255 scale (as decoded) as a picture: values are
    /// rounded and clipped; 1 channel stays gray, 3 stay RGB, 2 and 4 drop their alpha channel.
    /// Returns nil when `item` is out of range or the tensor has another channel count.
    public init?(tensor: Tensor, item: Int = 0) {
        guard tensor.shape.count == 4, item >= 0, item < tensor.batch else { return nil }
        let (height, width, sourceChannels) = (tensor.height, tensor.width, tensor.channels)
        let channels: Int
        switch sourceChannels {
        case 1, 2: channels = 1
        case 3, 4: channels = 3
        default: return nil
        }
        var pixels = [UInt8](repeating: 0, count: height * width * channels)
        let base = item * height * width * sourceChannels
        for pixel in 0..<(height * width) {
            for c in 0..<channels {
                let value = tensor.scalars[base + pixel * sourceChannels + c]
                pixels[pixel * channels + c] = value.isNaN ? 0 : UInt8(max(0, min(255, value.rounded())))
            }
        }
        self.init(unchecked: width, height, channels, pixels)
    }
}
