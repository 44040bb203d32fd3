import Testing
@testable import Batch

@Suite struct ShardTests {
    @Test func fnv1aMatchesPublishedVectors() {
        // Test vectors from the FNV reference (Fowler/Noll/Vo), 64-bit FNV-1a.
        #expect(Shard.fnv1a64("") == 0xcbf2_9ce4_8422_2325)
        #expect(Shard.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(Shard.fnv1a64("foobar") == 0x8594_4171_f739_67e8)
    }

    @Test(arguments: [1, 2, 3, 7, 16])
    func shardsCoverEveryPathExactlyOnce(count: Int) throws {
        let paths = (0..<500).map { "folder \($0 % 7)/image-\($0).jpg" }
        let shards = try (0..<count).map { try Shard(index: $0, count: count) }
        for path in paths {
            #expect(shards.filter { $0.contains(relativePath: path) }.count == 1)
        }
        if count > 1 {
            // A hash spreads work: no shard is empty on 500 paths.
            for shard in shards { #expect(paths.contains { shard.contains(relativePath: $0) }) }
        }
    }

    @Test func parsesAndRejects() throws {
        #expect(try Shard(parsing: "2/5") == Shard(index: 2, count: 5))
        for bad in ["5/5", "-1/3", "1/0", "1", "a/b", "1/2/3", ""] {
            #expect(throws: Shard.SpecificationError.self) { try Shard(parsing: bad) }
        }
    }

    @Test func environmentOfSlurmAndKubernetes() throws {
        #expect(try Shard.fromEnvironment([:]) == nil)
        #expect(try Shard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "8"]) == Shard(index: 3, count: 8))
        #expect(try Shard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1"]) == Shard(index: 3, count: 4))
        #expect(try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "0", "FILTERBANK_SHARD_COUNT": "10"]) == Shard(index: 0, count: 10))
        #expect(throws: Shard.SpecificationError.self) { try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "0"]) }
        #expect(throws: Shard.SpecificationError.self) { try Shard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "9", "SLURM_ARRAY_TASK_COUNT": "4"]) }
    }
}
