import Foundation
import ImageCodecs
import Testing
import Essentials

/// `filterbank apply` as a batch: exit codes, failures among good inputs, resuming, sharding.
@Suite struct ApplyBatchTests {
    @Test func brokenFileAmongGoodOnesFailsOnlyItself() throws {
        let root = try ApplyKit.folder("broken")
        defer { ApplyKit.remove(root) }
        _ = try ApplyKit.writePNG(root + "/in/a.png", width: 6, height: 5, channels: 1, seed: 1)
        _ = try ApplyKit.writePNG(root + "/in/c.png", width: 6, height: 5, channels: 3, seed: 2)
        let good = try Data(contentsOf: URL(fileURLWithPath: root + "/in/a.png"))
        try good.prefix(good.count / 2).write(to: URL(fileURLWithPath: root + "/in/b truncated.png"))
        try Data("not an image".utf8).write(to: URL(fileURLWithPath: root + "/in/d.jpg"))
        let result = try CLI.run(["apply", root + "/in", "-o", root + "/out", "--kernel", "blur", "--kernel", "outline",
                                  "--report", root + "/r.json"])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n")
        // One line per failed input, then (stderr is not a terminal here) the summary line.
        #expect(lines.count == 3, "\(result.stderr)")
        #expect(lines.last?.hasPrefix("filterbank: 2 ok, 2 failed, 0 skipped; 4 files written in ") == true, "\(result.stderr)")
        #expect(lines.last?.hasSuffix("; report \(root)/r.json") == true, "\(result.stderr)")
        #expect(lines.contains { $0.contains(root + "/in/b truncated.png") })
        #expect(lines.contains { $0.contains(root + "/in/d.jpg") })
        #expect(try ApplyKit.files(root + "/out") == ["a/blur.png", "a/outline.png", "c/blur.png", "c/outline.png"])
        let inputs = try #require(try ApplyKit.json(root + "/r.json")["inputs"] as? [[String: Any]])
        let failed = inputs.filter { $0["status"] as? String == "failed" }
        #expect(failed.count == 2)
        #expect(failed.allSatisfy { ($0["reason"] as? String)?.isEmpty == false })
    }

    @Test(arguments: [
        (["--kernel", "no-such-kernel"], "no-such-kernel"),
        (["--kernel", "blur", "--bank", "/nonexistent/bank.json"], "/nonexistent/bank.json"),
        (["--kernel", "blur", "--shard", "3/3"], "shard"),
        (["--kernel", "blur", "--normalize", "none"], "npy"),
        ([], "filter"),
    ])
    func configurationErrorsStopBeforeAnyWork(extra: [String], mentioned: String) throws {
        let root = try ApplyKit.folder("usage")
        defer { ApplyKit.remove(root) }
        _ = try ApplyKit.writePNG(root + "/in/a.png", width: 4, height: 4, channels: 1, seed: 1)
        let result = try CLI.run(["apply", root + "/in", "-o", root + "/out"] + extra)
        #expect(result.status == 2)
        #expect(result.stderr.contains(mentioned), "\(result.stderr)")
        #expect(try ApplyKit.files(root + "/out").isEmpty)
    }

    @Test func imagesOverMaxPixelsFailOnTheirOwn() throws {
        let root = try ApplyKit.folder("maxpixels")
        defer { ApplyKit.remove(root) }
        _ = try ApplyKit.writePNG(root + "/in/big.png", width: 20, height: 10, channels: 1, seed: 1)
        _ = try ApplyKit.writePNG(root + "/in/small.png", width: 5, height: 5, channels: 1, seed: 2)
        let result = try CLI.run(["apply", root + "/in", "-o", root + "/out", "--kernel", "blur", "--max-pixels", "100", "--quiet"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("big.png"))
        #expect(try ApplyKit.files(root + "/out") == ["small/blur.png"])
    }

    @Test func missingInputIsAUsageError() throws {
        let root = try ApplyKit.folder("missing")
        defer { ApplyKit.remove(root) }
        _ = try ApplyKit.writePNG(root + "/in/a.png", width: 4, height: 4, channels: 1, seed: 1)
        let result = try CLI.run(["apply", root + "/in", root + "/nope.png", "-o", root + "/out", "--kernel", "blur"])
        #expect(result.status == 2)
        #expect(result.stderr.contains(root + "/nope.png"))
        #expect(try ApplyKit.files(root + "/out").isEmpty)
    }

    /// Tests run as root, and root ignores permission bits, so `chmod` cannot make a folder unwritable
    /// here. An output path below a regular FILE can never be created, for root or anyone.
    @Test func unwritableOutputIsAUsageError() throws {
        let root = try ApplyKit.folder("readonly")
        defer { ApplyKit.remove(root) }
        _ = try ApplyKit.writePNG(root + "/in/a.png", width: 4, height: 4, channels: 1, seed: 1)
        try Data("a file".utf8).write(to: URL(fileURLWithPath: root + "/occupied"))
        let result = try CLI.run(["apply", root + "/in", "-o", root + "/occupied/out", "--kernel", "blur"])
        #expect(result.status == 2)
        #expect(result.stderr.contains(root + "/occupied/out"))
    }

    @Test func shardsCoverAFolderExactlyOnce() throws {
        let root = try ApplyKit.folder("shards")
        defer { ApplyKit.remove(root) }
        for index in 0..<12 { _ = try ApplyKit.writePNG(root + "/in/p\(index).png", width: 4, height: 4, channels: 1, seed: index) }
        var seen: [String] = []
        for index in 0..<3 {
            let out = root + "/out\(index)"
            // Shard 1 comes from Slurm's variables, shard 2 from a Kubernetes Indexed Job's.
            let (arguments, environment): ([String], [String: String]) = switch index {
            case 0: (["--shard", "0/3"], [:])
            case 1: ([], ["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "3"])
            default: ([], ["JOB_COMPLETION_INDEX": "2", "FILTERBANK_SHARD_COUNT": "3"])
            }
            let result = try CLI.run(["apply", root + "/in", "-o", out, "--kernel", "blur", "--quiet"] + arguments, environment: environment)
            #expect(result.status == 0, "\(result.stderr)")
            seen += try ApplyKit.files(out)
        }
        #expect(seen.sorted() == (0..<12).map { "p\($0)/blur.png" }.sorted())
        #expect(Set(seen).count == 12)
        // FNV-1a spreads 12 names over three shards; a stable hash gives the same split every time.
        let again = try CLI.run(["apply", root + "/in", "-o", root + "/again", "--kernel", "blur", "--quiet", "--shard", "0/3"])
        #expect(again.status == 0)
        #expect(try ApplyKit.files(root + "/again") == (try ApplyKit.files(root + "/out0")))
    }

    @Test func skipExistingResumesAndCleansLeftovers() throws {
        let root = try ApplyKit.folder("resume")
        defer { ApplyKit.remove(root) }
        for index in 0..<3 { _ = try ApplyKit.writePNG(root + "/in/p\(index).png", width: 5, height: 5, channels: 1, seed: index) }
        // A run killed earlier: p0 complete, p1 half done with a leftover temporary, p2 not started.
        let first = try CLI.run(["apply", root + "/in/p0.png", "-o", root + "/out", "--kernel", "blur", "--kernel", "emboss", "--quiet"])
        #expect(first.status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: root + "/out/p0/blur.png"))
        try FileManager.default.createDirectory(atPath: root + "/out/p1", withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: root + "/out/p1/.emboss.png\(AtomicFile.temporaryMarker)999-1"))
        _ = try CLI.run(["apply", root + "/in/p1.png", "-o", root + "/out", "--kernel", "blur", "--quiet"])

        try Data([9]).write(to: URL(fileURLWithPath: root + "/out/p0/blur.png"))  // marks p0 as not redone
        let result = try CLI.run(["apply", root + "/in", "-o", root + "/out", "--kernel", "blur", "--kernel", "emboss",
                                  "--skip-existing", "--quiet", "--report", root + "/r.json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try ApplyKit.files(root + "/out") == ["p0/blur.png", "p0/emboss.png", "p1/blur.png", "p1/emboss.png", "p2/blur.png", "p2/emboss.png"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: root + "/out/p0/blur.png")) == Data([9]))
        #expect(before.count > 1)
        let statuses = try #require(try ApplyKit.json(root + "/r.json")["inputs"] as? [[String: Any]]).map { $0["status"] as? String ?? "" }
        #expect(statuses.sorted() == ["ok", "ok", "skipped"])
    }

    @Test func sigkillMidRunLeavesNoTruncatedFileThenResumes() throws {
        let root = try ApplyKit.folder("kill")
        defer { ApplyKit.remove(root) }
        let count = 10, kernels = ["blur", "sobel-left", "emboss"]
        for index in 0..<count { _ = try ApplyKit.writePNG(root + "/in/p\(index).png", width: 140, height: 120, channels: 3, seed: index) }
        let arguments = ["apply", root + "/in", "-o", root + "/out", "--quiet"] + kernels.flatMap { ["--kernel", $0] }
        let process = Process()
        process.executableURL = CLI.binary()
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Kill mid-run, as soon as the first image has all its maps: later images are then in flight.
        let deadline = Date().addingTimeInterval(30)
        while try process.isRunning && Date() < deadline && ApplyKit.files(root + "/out").filter({ $0.hasSuffix(".png") }).count < kernels.count {
            usleep(200)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the run ended before it could be killed")

        // Every file under a final name is complete; only marked temporaries may be partial.
        let finished = try ApplyKit.files(root + "/out").filter { !$0.contains(AtomicFile.temporaryMarker) }
        #expect(finished.count < count * kernels.count, "the kill came after the last map: nothing to resume")
        for file in finished {
            #expect(throws: Never.self) { try ImageDecoder.decode(path: root + "/out/" + file) }
        }
        let complete = Set((0..<count).map { "p\($0)" }.filter { folder in kernels.allSatisfy { finished.contains("\(folder)/\($0).png") } })
        #expect(!complete.isEmpty, "no image was complete at the kill: nothing to skip")
        let inodes = try Dictionary(uniqueKeysWithValues: finished.map { ($0, try FaultKit.inode(root + "/out/" + $0)) })

        let resumed = try CLI.run(arguments + ["--skip-existing", "--report", root + "/r.json"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let files = try ApplyKit.files(root + "/out")
        #expect(files == (0..<count).flatMap { index in kernels.map { "p\(index)/\($0).png" } }.sorted())
        for file in files { #expect(throws: Never.self) { try ImageDecoder.decode(path: root + "/out/" + file) } }
        // Exactly the images complete at the kill were skipped, and their maps were not rewritten.
        let entries = try #require(try ApplyKit.json(root + "/r.json")["inputs"] as? [[String: Any]])
        let skipped = Set(entries.filter { $0["status"] as? String == "skipped" }.compactMap { ($0["input"] as? String)?.split(separator: "/").last })
        #expect(skipped == Set(complete.map { Substring($0 + ".png") }))
        #expect(entries.filter { $0["status"] as? String == "ok" }.count == count - complete.count)
        for folder in complete {
            for kernel in kernels {
                let file = "\(folder)/\(kernel).png"
                #expect(try FaultKit.inode(root + "/out/" + file) == inodes[file], "\(file) was rewritten")
            }
        }
    }
}
