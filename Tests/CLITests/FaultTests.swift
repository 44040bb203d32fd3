import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Faults a batch meets on real machines, end to end through the binary: identical runs racing on one
/// output folder, a disk that fills up, a read-only destination. Whatever happens, a final name only
/// ever holds a whole, decodable file and no temporary is left behind. (SIGKILL and resume is in
/// ApplyBatchTests.)
@Suite struct FaultTests {
    @Test func threeIdenticalRunsAtOnceLeaveEveryFileWhole() throws {
        let root = try ApplyKit.folder("concurrent")
        defer { ApplyKit.remove(root) }
        let count = 8
        for index in 0..<count {
            try ApplyKit.writePNG(root + "/in/p\(index).png", width: 96, height: 72, channels: 3, seed: index)
        }
        let arguments = ["apply", root + "/in", "-o", root + "/out", "--kernel", "blur", "--kernel", "sobel-left", "--kernel", "emboss",
                         "--report", root + "/out/report.json"]
        let results = try FaultKit.runTogether(3, arguments)
        for result in results {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.hasPrefix("filterbank: \(count) ok, 0 failed, 0 skipped; \(count * 3) files written"), "\(result.stderr)")
        }
        let maps = (0..<count).flatMap { index in ["blur", "emboss", "sobel-left"].map { "p\(index)/\($0).png" } }
        #expect(try ApplyKit.files(root + "/out") == (maps + ["report.json"]).sorted())
        try FaultKit.expectWholeImages(under: root + "/out")
        let totals = try #require(try ApplyKit.json(root + "/out/report.json")["totals"] as? [String: Any])
        #expect(totals["ok"] as? Int == count)
    }

    @Test(.enabled(if: ScratchMount.available)) func fullDiskFailsOnlyWhatDidNotFit() throws {
        let root = try ApplyKit.folder("full-disk")
        defer { ApplyKit.remove(root) }
        let count = 12
        for index in 0..<count {
            try ApplyKit.writePNG(root + "/in/p\(index).png", width: 128, height: 96, channels: 1, seed: index)
        }
        let disk = try ScratchMount.tmpfs(bytes: 96 << 10, under: root)
        defer { disk.unmount() }
        let result = try CLI.run(["apply", root + "/in", "-o", disk.path + "/out", "--kernel", "blur", "--kernel", "emboss", "--quiet",
                                  "--report", root + "/report.json"])
        #expect(result.status == 1, "\(result.stderr)")
        let failures = result.stderr.split(separator: "\n").map(String.init)
        #expect(!failures.isEmpty)
        for line in failures {
            // "filterbank: <input>: cannot write <map file>: No space left on device" (or its folder).
            #expect(line.contains(root + "/in/p") && line.contains(disk.path + "/out/p") && line.contains("No space left on device"), "\(line)")
        }
        try FaultKit.expectWholeImages(under: disk.path)
        let inputs = try #require(try ApplyKit.json(root + "/report.json")["inputs"] as? [[String: Any]])
        let failed = inputs.filter { $0["status"] as? String == "failed" }
        #expect(inputs.count == count)
        #expect(failed.count == failures.count)
        #expect(failed.count < count, "the disk should hold the maps of the first images")
        #expect(failed.allSatisfy { ($0["reason"] as? String)?.contains("No space left on device") == true })
        // The inputs reported ok have every map, whole.
        let written = try ApplyKit.files(disk.path + "/out")
        for entry in inputs where entry["status"] as? String == "ok" {
            let folder = try #require(entry["outputFolder"] as? String)
            #expect(written.contains(folder + "/blur.png") && written.contains(folder + "/emboss.png"), "\(folder)")
        }
    }

    @Test(.enabled(if: ScratchMount.available)) func fullDiskReportIsAClearError() throws {
        let root = try ApplyKit.folder("full-report")
        defer { ApplyKit.remove(root) }
        try ApplyKit.writePNG(root + "/in/a.png", width: 64, height: 48, channels: 1, seed: 1)
        let disk = try ScratchMount.tmpfs(bytes: 64 << 10, under: root)
        defer { disk.unmount() }
        try FaultKit.fill(disk.path)
        let report = disk.path + "/report.json"
        let result = try CLI.run(["apply", root + "/in", "-o", disk.path + "/out", "--kernel", "blur", "--quiet", "--report", report])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("cannot write the report \(report)"), "\(result.stderr)")
        #expect(result.stderr.contains("No space left on device"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: report))
        #expect(try ApplyKit.files(disk.path) == ["filler"])
    }

    /// Root ignores permission bits, so a folder is made read-only the way a cluster's is: a read-only
    /// mount (EROFS for everyone). Without root, permission bits do the job.
    @Test func readOnlyOutputFolderStopsBeforeAnyWork() throws {
        let root = try ApplyKit.folder("read-only")
        defer { ApplyKit.remove(root) }
        try ApplyKit.writePNG(root + "/in/a.png", width: 8, height: 8, channels: 1, seed: 1)
        try Data("not an image".utf8).write(to: URL(fileURLWithPath: root + "/in/b.png"))
        try FileManager.default.createDirectory(atPath: root + "/target/maps", withIntermediateDirectories: true)
        let view: String, reason: String
        var mount: ScratchMount?
        if ScratchMount.available {
            mount = try ScratchMount.readOnlyView(of: root + "/target", under: root)
            view = mount!.path
            reason = "Read-only file system"
        } else {
            chmod(root + "/target/maps", 0o555)
            chmod(root + "/target", 0o555)
            view = root + "/target"
            reason = "Permission denied"
        }
        defer {
            mount?.unmount()
            chmod(root + "/target", 0o755)
            chmod(root + "/target/maps", 0o755)
        }
        // An existing read-only folder, one inside it, and one that would have to be created in it.
        for output in [view, view + "/maps", view + "/new/maps"] {
            let result = try CLI.run(["apply", root + "/in", "-o", output, "--kernel", "blur", "--report", root + "/report.json"])
            #expect(result.status == 2, "\(result.stderr)")
            // One line, before any input was touched (b.png would have failed with a line of its own).
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(result.stderr.contains("cannot create output folder \(output)") && result.stderr.contains(reason), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: root + "/report.json"))
        }
        let report = view + "/report.json"
        let result = try CLI.run(["apply", root + "/in", "-o", root + "/out", "--kernel", "blur", "--report", report])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("cannot write the report \(report)") && result.stderr.contains(reason), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root + "/out"))
        #expect(try ApplyKit.files(root + "/target").isEmpty)
    }
}
