import Foundation
import ImageCodecs
import Testing

/// `filterbank filter` end to end: the photo defaults, the mirrored layout, refusals, resuming, exit codes.
@Suite struct FilterCommandTests {
    @Test func photosComeBackAsPhotosInTheirOwnLayoutAndFormat() throws {
        let root = try ApplyKit.folder("filter")
        defer { ApplyKit.remove(root) }
        try ApplyKit.writeJPEG(root + "/holiday/a.jpg", width: 16, height: 12, channels: 3, seed: 1)
        _ = try ApplyKit.writePNG(root + "/holiday/day2/b.png", width: 9, height: 7, channels: 3, seed: 2)
        _ = try ApplyKit.writePNG(root + "/single.png", width: 5, height: 5, channels: 1, seed: 3)
        let result = try CLI.run(["filter", root + "/holiday", root + "/single.png", "-o", root + "/out", "--kernel", "sharpen", "--recursive"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try ApplyKit.files(root + "/out") == ["a.jpg", "day2/b.png", "single.png"])
        #expect(result.stderr.hasPrefix("filterbank: 3 ok, 0 failed, 0 skipped; 3 files written in "), "\(result.stderr)")
        let jpeg = try ApplyKit.decode(root + "/out/a.jpg")
        #expect(jpeg.info.format == .jpeg && jpeg.tensor.shape == [1, 12, 16, 3])
        let gray = try ApplyKit.decode(root + "/out/single.png")
        #expect(gray.info.format == .png && gray.tensor.shape == [1, 5, 5, 1])

        let several = try CLI.run(["filter", root + "/holiday", "-o", root + "/looks", "--kernel", "blur,sharpen", "--quiet"])
        #expect(several.status == 0, "\(several.stderr)")
        #expect(try ApplyKit.files(root + "/looks") == ["blur/a.jpg", "sharpen/a.jpg"])
    }

    @Test func oneLetterRelativeFoldersWork() throws {
        let root = try ApplyKit.folder("filter-short")
        defer { ApplyKit.remove(root) }
        _ = try ApplyKit.writePNG(root + "/i/a.png", width: 6, height: 6, channels: 3, seed: 1)
        for command in ["filter", "apply"] {
            let result = try CLI.run([command, "i", "-o", "o", "--kernel", "blur", "--quiet", "--report", "r"], in: URL(fileURLWithPath: root))
            #expect(result.status == 0, "\(command): \(result.stderr)")
        }
        #expect(try ApplyKit.files(root + "/o") == ["a.png", "a/blur.png"])
    }

    @Test func anOutputFolderOnTheInputsIsRefusedBeforeAnyWork() throws {
        let root = try ApplyKit.folder("filter-protect")
        defer { ApplyKit.remove(root) }
        _ = try ApplyKit.writePNG(root + "/holiday/a.png", width: 6, height: 6, channels: 3, seed: 1)
        let before = try Data(contentsOf: URL(fileURLWithPath: root + "/holiday/a.png"))
        for arguments in [["filter", root + "/holiday", "-o", root + "/holiday", "--kernel", "blur"],
                          ["filter", root + "/holiday/a.png", "-o", root + "/holiday", "--kernel", "blur"]] {
            let result = try CLI.run(arguments)
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("input"), "\(result.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: root + "/holiday/a.png")) == before)
        #expect(try ApplyKit.files(root + "/holiday") == ["a.png"])
    }

    @Test func resumingRedoesOnlyTheMissingPhotoAndABrokenOneFailsAlone() throws {
        let root = try ApplyKit.folder("filter-resume")
        defer { ApplyKit.remove(root) }
        for name in ["a", "b", "c"] { _ = try ApplyKit.writePNG(root + "/in/\(name).png", width: 8, height: 6, channels: 3, seed: name.count) }
        try Data("no png".utf8).write(to: URL(fileURLWithPath: root + "/in/d.png"))
        let first = try CLI.run(["filter", root + "/in", "-o", root + "/out", "--kernel", "blur", "--quiet", "--report", root + "/r.json"])
        #expect(first.status == 1)
        #expect(first.stderr.split(separator: "\n").count == 1 && first.stderr.contains(root + "/in/d.png"), "\(first.stderr)")
        try FileManager.default.removeItem(atPath: root + "/out/b.png")
        let kept = try Data(contentsOf: URL(fileURLWithPath: root + "/out/a.png"))
        let again = try CLI.run(["filter", root + "/in", "-o", root + "/out", "--kernel", "blur", "--skip-existing", "--report", root + "/r2.json"])
        #expect(again.status == 1, "d.png still fails")
        #expect(again.stderr.contains("1 ok, 1 failed, 2 skipped"), "\(again.stderr)")
        #expect(try ApplyKit.files(root + "/out") == ["a.png", "b.png", "c.png"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: root + "/out/a.png")) == kept)
    }

    @Test func photoOptionsAreCheckedAgainstTheFormat() throws {
        let root = try ApplyKit.folder("filter-usage")
        defer { ApplyKit.remove(root) }
        _ = try ApplyKit.writePNG(root + "/in/a.png", width: 6, height: 6, channels: 3, seed: 1)
        let npy = try CLI.run(["filter", root + "/in", "-o", root + "/out", "--kernel", "blur", "--format", "npy"])
        #expect(npy.status == 2 && npy.stderr.contains("apply"), "\(npy.stderr)")
        let quality = try CLI.run(["filter", root + "/in", "-o", root + "/out", "--kernel", "blur", "--format", "png", "--quality", "80"])
        #expect(quality.status == 2 && quality.stderr.contains("--format jpeg"), "\(quality.stderr)")
        let jpeg = try CLI.run(["filter", root + "/in", "-o", root + "/out", "--kernel", "blur", "--format", "jpeg", "--quality", "80",
                                "--subsampling", "420", "--progressive", "--quiet"])
        #expect(jpeg.status == 0, "\(jpeg.stderr)")
        #expect(try ImageDecoder.inspect(path: root + "/out/a.jpg").interlaced, "progressive")
        #expect(try ApplyKit.files(root + "/out") == ["a.jpg"])
    }
}
