import Foundation
import Testing

/// What a user tries on day one: exit codes of the root command, the version, names that look like
/// options, runs that would do nothing.
@Suite struct UsageTests {
    @Test func unknownOptionIsAUsageError() throws {
        let result = try CLI.run(["--no-such-option"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--no-such-option"))
    }

    @Test func helpSucceeds() throws {
        let result = try CLI.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("conv"))
    }

    @Test func versionIsPrinted() throws {
        let result = try CLI.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(result.stdout)")
    }

    @Test func aFileThatLooksLikeAnOptionIsNotTakenForHelp() throws {
        let root = try ApplyKit.folder("dash")
        defer { ApplyKit.remove(root) }
        _ = try ApplyKit.writePNG(root + "/-dash.png", width: 4, height: 4, channels: 1, seed: 1)
        let result = try CLI.run(["apply", "-dash.png", "-o", "out", "--kernel", "blur"], in: URL(fileURLWithPath: root))
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty, "no help text: \(result.stdout)")
        #expect(result.stderr.contains("'-dash.png' is a file") && result.stderr.contains("--"), "\(result.stderr)")
        // The two ways out the message names both work.
        let dotted = try CLI.run(["apply", "./-dash.png", "-o", "out", "--kernel", "blur", "--quiet"], in: URL(fileURLWithPath: root))
        let ended = try CLI.run(["apply", "-o", "out2", "--kernel", "blur", "--quiet", "--", "-dash.png"], in: URL(fileURLWithPath: root))
        #expect(dotted.status == 0 && ended.status == 0, "\(dotted.stderr) \(ended.stderr)")
        #expect(try ApplyKit.files(root + "/out2") == ["-dash/blur.png"])
    }

    @Test(arguments: [
        ("empty", "no images to process: ", "holds no files"),
        ("nested", "no images to process: ", "2 images in sub-folders; add --recursive"),
        ("notes", "no images to process: ", "holds 1 file but no .png, .jpg or .jpeg"),
    ])
    func aRunThatWouldProcessNothingIsAnError(folder: String, prefix: String, detail: String) throws {
        let root = try ApplyKit.folder("nothing")
        defer { ApplyKit.remove(root) }
        try FileManager.default.createDirectory(atPath: root + "/empty", withIntermediateDirectories: true)
        _ = try ApplyKit.writePNG(root + "/nested/a/x.png", width: 4, height: 4, channels: 1, seed: 1)
        _ = try ApplyKit.writePNG(root + "/nested/b/y.png", width: 4, height: 4, channels: 1, seed: 2)
        try FileManager.default.createDirectory(atPath: root + "/notes", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/notes/n.txt"))
        let result = try CLI.run(["apply", root + "/" + folder, "-o", root + "/out", "--kernel", "blur"])
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains(prefix) && lines[0].contains(detail), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root + "/out"))
    }

    @Test func qualityWithoutJPEGIsAUsageError() throws {
        let root = try ApplyKit.folder("quality")
        defer { ApplyKit.remove(root) }
        _ = try ApplyKit.writePNG(root + "/in/a.png", width: 4, height: 4, channels: 1, seed: 1)
        let png = try CLI.run(["apply", root + "/in", "-o", root + "/out", "--kernel", "blur", "--quality", "80"])
        #expect(png.status == 2 && png.stderr.contains("--format jpeg"), "\(png.stderr)")
        let jpeg = try CLI.run(["apply", root + "/in", "-o", root + "/out", "--kernel", "blur", "--quality", "80", "--format", "jpeg", "--quiet"])
        #expect(jpeg.status == 0, "\(jpeg.stderr)")
    }

    @Test func optionValuesAreCheckedAndCompleted() throws {
        let bad = try CLI.run(["apply", "x", "-o", "y", "--kernel", "blur", "--format", "gif"])
        #expect(bad.status == 2 && bad.stderr.contains("png") && bad.stderr.contains("jpeg"), "\(bad.stderr)")
        let script = try CLI.run(["--generate-completion-script", "bash"])
        #expect(script.status == 0)
        for value in ["depthwise", "png16", "coolwarm", "signed", "sobel-left"] {
            #expect(script.stdout.contains(value), "\(value) is offered by shell completion")
        }
    }
}
