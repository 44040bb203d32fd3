/// Which channels a decoded tensor gets.
public enum ChannelPolicy: String, Sendable, CaseIterable {
    /// What the file holds, alpha included (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA).
    case keep
    /// Three channels: gray expanded, alpha dropped.
    case rgb
    /// One channel: BT.601 luma 0.299 R + 0.587 G + 0.114 B (tf.image.rgb_to_grayscale), alpha dropped.
    case gray
}
