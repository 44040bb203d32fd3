/// Reassembles an ICC profile from JPEG ICC_PROFILE APP2 segments: profiles over 64 KB span several,
/// numbered 1…N with N stored in each. Like libjpeg-turbo's jpeg_read_icc_profile, a set that does
/// not add up is not trusted.
enum ICCSegments {
    /// One segment as stored.
    struct Segment: Equatable {
        /// Sequence number (1-based, as stored).
        var sequence: Int
        /// Segment count (as stored).
        var count: Int
        /// Profile bytes.
        var bytes: [UInt8]
    }

    /// The profile in sequence order, nil when there are no segments, or the reason they do not form
    /// one profile (a missing, repeated or out-of-range sequence number, disagreeing counts).
    static func assemble(_ segments: [Segment], dropped: Int = 0) -> Result<[UInt8]?, Problem> {
        guard let first = segments.first else { return .success(nil) }
        guard dropped == 0 else { return .failure(Problem("more than 255 ICC_PROFILE segments")) }
        let count = first.count
        guard count >= 1, segments.allSatisfy({ $0.count == count }) else {
            return .failure(Problem("ICC_PROFILE segments disagree on their count"))
        }
        var slots = [[UInt8]?](repeating: nil, count: count)
        for segment in segments {
            guard (1...count).contains(segment.sequence) else {
                return .failure(Problem("ICC_PROFILE segment number \(segment.sequence) is outside 1…\(count)"))
            }
            guard slots[segment.sequence - 1] == nil else {
                return .failure(Problem("ICC_PROFILE segment \(segment.sequence) appears twice"))
            }
            slots[segment.sequence - 1] = segment.bytes
        }
        if let missing = slots.firstIndex(where: { $0 == nil }) {
            return .failure(Problem("ICC_PROFILE segment \(missing + 1) of \(count) is missing"))
        }
        return .success(slots.flatMap { $0! })
    }

    /// Why segments were not used.
    struct Problem: Error, Equatable {
        let message: String
        init(_ message: String) { self.message = message }
    }
}
