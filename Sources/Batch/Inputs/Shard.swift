/// One of N disjoint parts of a run. An input belongs to shard `fnv1a64(relativePath) % count`, a hash
/// fixed by its definition (not Swift's per-process seeded `Hasher`), so every machine agrees and every
/// image lands in exactly one shard.
public struct Shard: Equatable, Sendable, CustomStringConvertible {
    /// 0-based index, `0 ..< count`.
    public let index: Int
    /// Number of shards, ≥ 1.
    public let count: Int

    /// The whole run as one shard.
    public static let all = Shard(uncheckedIndex: 0, count: 1)

    /// A bad shard specification; a configuration error.
    public struct SpecificationError: Error, CustomStringConvertible {
        /// What is wrong.
        public let description: String
    }

    private init(uncheckedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// A shard with `0 ≤ index < count`.
    public init(index: Int, count: Int) throws {
        guard count >= 1, (0..<count).contains(index) else {
            throw SpecificationError(description: "shard \(index)/\(count) is out of range: need a count ≥ 1 and 0 ≤ index < count")
        }
        self.init(uncheckedIndex: index, count: count)
    }

    /// Parses "I/N" (0-based I), as given to `--shard`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw SpecificationError(description: "--shard expects I/N with 0 ≤ I < N (e.g. 0/4), got '\(text)'")
        }
        try self.init(index: index, count: count)
    }

    /// The shard named by a cluster scheduler's environment, or nil when none is set:
    /// Slurm job arrays (`SLURM_ARRAY_TASK_ID` − `SLURM_ARRAY_TASK_MIN` of `SLURM_ARRAY_TASK_COUNT`),
    /// then Kubernetes Indexed Jobs (`JOB_COMPLETION_INDEX` of `FILTERBANK_SHARD_COUNT`, which the
    /// Job spec sets to its `completions`).
    public static func fromEnvironment(_ environment: [String: String]) throws -> Shard? {
        if let task = environment["SLURM_ARRAY_TASK_ID"] {
            guard let id = Int(task), let count = environment["SLURM_ARRAY_TASK_COUNT"].flatMap({ Int($0) }) else {
                throw SpecificationError(description: "SLURM_ARRAY_TASK_ID=\(task) needs an integer SLURM_ARRAY_TASK_COUNT")
            }
            let minimum = environment["SLURM_ARRAY_TASK_MIN"].flatMap { Int($0) } ?? 0
            do { return try Shard(index: id - minimum, count: count) } catch {
                throw SpecificationError(description: "Slurm array task \(id) (min \(minimum)) of \(count) tasks: use --array=0-\(max(count - 1, 0)) or a contiguous range")
            }
        }
        if let completion = environment["JOB_COMPLETION_INDEX"] {
            guard let index = Int(completion) else {
                throw SpecificationError(description: "JOB_COMPLETION_INDEX=\(completion) is not an integer")
            }
            guard let countText = environment["FILTERBANK_SHARD_COUNT"], let count = Int(countText) else {
                throw SpecificationError(description: "JOB_COMPLETION_INDEX is set: set FILTERBANK_SHARD_COUNT to the Job's completions")
            }
            return try Shard(index: index, count: count)
        }
        return nil
    }

    /// Whether the input with this relative path belongs to the shard.
    public func contains(relativePath: String) -> Bool {
        count == 1 || Int(Self.fnv1a64(relativePath) % UInt64(count)) == index
    }

    /// FNV-1a 64-bit of the UTF-8 bytes: offset basis 0xcbf29ce484222325, prime 0x100000001b3.
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// "I/N".
    public var description: String { "\(index)/\(count)" }
}
