import Essentials

/// A decoded image: a `[1, H, W, C]` tensor on a 0…255 scale, plus its header facts.
public struct DecodedImage: Sendable {
    /// `[1, H, W, C]`, upright if orientation was applied.
    public var tensor: Tensor
    /// Header facts of the file.
    public var info: ImageInfo
}
