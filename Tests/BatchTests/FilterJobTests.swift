@testable import Batch
import Convolution
import Essentials
import FeatureMaps
import Foundation
import ImageCodecs
import Testing

/// The filter job in process, no binary launched: layout, resume, shards, failures, the report, events.
@Suite struct FilterJobTests {
    /// A varied deterministic 8-bit pattern.
    static func pattern(width: Int, height: Int, channels: Int, seed: Int) -> [UInt8] {
        (0..<(width * height * channels)).map { UInt8(truncatingIfNeeded: $0 * 37 + seed * 91 + ($0 % 7) * 29) }
    }

    /// Writes a PNG of the pattern at `folder/relative`.
    @discardableResult
    static func png(_ folder: TestFolder, _ relative: String, width: Int = 6, height: Int = 5, channels: Int = 1, seed: Int = 1) throws -> String {
        let pixels = pattern(width: width, height: height, channels: channels, seed: seed)
        return try folder.file(relative, try PNGEncoder.encode(pixels: pixels, width: width, height: height, channels: channels))
    }

    static func options(_ folder: TestFolder, _ inputs: [String], kernels: [String] = ["blur", "outline"]) -> FilterJobOptions {
        FilterJobOptions(inputs: inputs.map { folder.path + "/" + $0 }, outputFolder: folder.path + "/out", filters: kernels.map(FilterSource.kernel))
    }

    @Test func plansTheLayoutBeforeAnyWorkAndWritesIt() throws {
        let folder = try TestFolder("job-layout")
        defer { folder.remove() }
        try Self.png(folder, "in/a.png")
        try Self.png(folder, "in/sub/b.png", channels: 3)
        try folder.file("in/notes.txt")
        var options = Self.options(folder, ["in"])
        options.recursive = true
        let job = try FilterJob.plan(options)
        #expect(job.inputs.map(\.outputFolder) == ["a", "sub/b"])
        #expect(job.inputs[1].mapFiles == [folder.path + "/out/sub/b/blur.png", folder.path + "/out/sub/b/outline.png"])
        #expect(job.skippedFiles.map(\.path) == [folder.path + "/in/notes.txt"])
        // Planning writes nothing: not even the output folder.
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/out"))

        var events: [String] = []
        let outcome = job.run { event in
            switch event {
            case .started(let pending, let done): events.append("started \(pending) \(done)")
            case .inputFinished(let result, let progress): events.append("\(result.status) \(progress.done)/\(progress.total)")
            case .reportFailed(let message): events.append("report failed \(message)")
            case .finished(let outcome): events.append("finished \(outcome.ok)")
            }
        }
        #expect(events == ["started 2 0", "ok 1/2", "ok 2/2", "finished 2"])
        #expect(outcome.ok == 2 && outcome.failed == 0 && outcome.skipped == 1 && outcome.outputFiles == 4 && outcome.succeeded)
        #expect(try folder.names("out/sub/b") == ["blur.png", "outline.png"])
    }

    @Test func aBrokenInputFailsAloneAndTheReportSaysWhy() throws {
        let folder = try TestFolder("job-failure")
        defer { folder.remove() }
        try Self.png(folder, "in/a.png")
        try folder.file("in/b.png", Array("not a png".utf8))
        var options = Self.options(folder, ["in"])
        options.reportPath = folder.path + "/report.json"
        let outcome = try FilterJob.plan(options).run()
        #expect(outcome.ok == 1 && outcome.failed == 1 && !outcome.succeeded)
        #expect(outcome.reportPath == folder.path + "/report.json")
        let report = try RunReport.decode(Array(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/report.json"))))
        let failed = try #require(report.inputs.first { $0.status == .failed })
        #expect(failed.input == folder.path + "/in/b.png")
        #expect(failed.reason?.contains("b.png") == true)
        #expect(report.totals.ok == 1 && report.totals.failed == 1 && report.settings["filters"] == "blur,outline")
        #expect(try folder.names("out") == ["a"])
    }

    @Test func skipExistingRedoesOnlyWhatIsMissing() throws {
        let folder = try TestFolder("job-resume")
        defer { folder.remove() }
        for name in ["a", "b", "c"] { try Self.png(folder, "in/\(name).png", seed: name.count) }
        var options = Self.options(folder, ["in"])
        #expect(try FilterJob.plan(options).run().ok == 3)
        let kept = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/out/a/blur.png"))
        try FileManager.default.removeItem(atPath: folder.path + "/out/b/outline.png")
        try folder.file("out/c/.blur.png" + AtomicFile.temporaryMarker + "1-2", [0])
        options.resume = .skipExisting
        let outcome = try FilterJob.plan(options).run()
        #expect(outcome.ok == 1 && outcome.skipped == 2)
        #expect(try folder.names("out/b") == ["blur.png", "outline.png"])
        #expect(try folder.names("out/c") == ["blur.png", "outline.png"], "the leftover of a killed run is cleaned")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/out/a/blur.png")) == kept)
    }

    @Test func shardsSplitTheInputsExactlyOnce() throws {
        let folder = try TestFolder("job-shards")
        defer { folder.remove() }
        for i in 0..<9 { try Self.png(folder, "in/p\(i).png", seed: i) }
        var seen: [String] = []
        for index in 0..<3 {
            var options = Self.options(folder, ["in"])
            options.shard = .shard(try Shard(index: index, count: 3))
            seen += try FilterJob.plan(options).inputs.map(\.item.relativePath)
        }
        #expect(seen.sorted() == (0..<9).map { "p\($0).png" })
        var slurm = Self.options(folder, ["in"])
        slurm.shard = .fromEnvironment(["SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "4", "SLURM_ARRAY_TASK_COUNT": "3"])
        #expect(try FilterJob.plan(slurm).shard == Shard(index: 1, count: 3))
    }

    @Test func aSmallMemoryBudgetSplitsTheBankWithoutChangingTheMaps() throws {
        let folder = try TestFolder("job-budget")
        defer { folder.remove() }
        try Self.png(folder, "in/c.png", width: 9, height: 8, channels: 3)
        var whole = Self.options(folder, ["in"], kernels: ["blur", "sobel-left", "emboss"])
        whole.reportPath = folder.path + "/whole.json"
        var split = whole
        split.outputFolder = folder.path + "/split"
        split.reportPath = folder.path + "/split.json"
        // 9×8 maps (plus the stride margin) hold 90 values: 360 bytes as floats, 90 as the 8-bit planes
        // these PNGs are written from. 100 bytes force one filter per group either way.
        split.outputMemoryBudget = 100
        let tensor = try Tensor(zeros: [1, 8, 9, 3])
        let singles: [Range<Int>] = [0..<1, 1..<2, 2..<3]
        #expect(MapWriter(try FilterJob.plan(split)).filterGroups(count: 3, for: tensor.shape) == singles)
        #expect(MapWriter(try FilterJob.plan(split)).filterGroups(count: 3, for: tensor.shape, bytesPerValue: 1) == singles)
        #expect(MapWriter(try FilterJob.plan(whole)).filterGroups(count: 3, for: tensor.shape) == [0..<3])
        // 300 bytes hold three 8-bit planes but not one float map; streamed JPEGs hold no plane at all.
        var mid = split
        mid.outputMemoryBudget = 300
        #expect(MapWriter(try FilterJob.plan(mid)).filterGroups(count: 3, for: tensor.shape) == singles)
        #expect(MapWriter(try FilterJob.plan(mid)).filterGroups(count: 3, for: tensor.shape, bytesPerValue: 1) == [0..<3])
        #expect(MapWriter(try FilterJob.plan(split)).filterGroups(count: 3, for: tensor.shape, bytesPerValue: 0) == [0..<3])
        #expect(try FilterJob.plan(whole).run().succeeded && FilterJob.plan(split).run().succeeded)
        for name in ["blur.png", "sobel-left.png", "emboss.png"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/out/c/" + name))
                == Data(contentsOf: URL(fileURLWithPath: folder.path + "/split/c/" + name)))
        }
        let maps = { (path: String) throws -> [RunReport.MapReport] in
            try RunReport.decode(Array(Data(contentsOf: URL(fileURLWithPath: path)))).inputs[0].outputs.map {
                RunReport.MapReport(filter: $0.filter, file: "", shape: $0.shape, min: $0.min, max: $0.max, mean: $0.mean)
            }
        }
        #expect(try maps(folder.path + "/whole.json") == maps(folder.path + "/split.json"))
    }

    @Test(arguments: [
        ("empty", "holds no files"),
        ("nested", "1 image in sub-folders; add --recursive"),
        ("text", "holds 1 file but no .png, .jpg or .jpeg"),
    ])
    func aJobThatWouldProcessNothingIsRefused(input: String, message: String) throws {
        let folder = try TestFolder("job-nothing")
        defer { folder.remove() }
        try folder.folder("empty")
        try Self.png(folder, "nested/deeper/a.png")
        try folder.file("text/readme.txt")
        #expect { try FilterJob.plan(Self.options(folder, [input])) } throws: { error in
            (error as? FilterJobError)?.description.contains(message) == true
        }
    }

    @Test func usageErrorsComeFromThePlanAndTouchNothing() throws {
        let folder = try TestFolder("job-usage")
        defer { folder.remove() }
        try Self.png(folder, "in/a.png")
        var quality = Self.options(folder, ["in"])
        quality.jpeg.quality = 80
        var unknown = Self.options(folder, ["in"], kernels: ["blurr"])
        unknown.format = .jpeg
        var raw = Self.options(folder, ["in"])
        raw.normalization = Normalization.none
        let cases: [(FilterJobOptions, String)] = [(quality, "--format jpeg"), (unknown, "blurr"), (raw, "npy")]
        for (options, fragment) in cases {
            #expect { try FilterJob.plan(options) } throws: { error in
                (error as? FilterJobError)?.description.contains(fragment) == true
            }
        }
        #expect(try folder.names() == ["in"])
    }

    @Test func eventsArriveAsAnAsyncSequence() async throws {
        let folder = try TestFolder("job-async")
        defer { folder.remove() }
        try Self.png(folder, "in/a.png")
        try Self.png(folder, "in/b.png", seed: 2)
        var finished = 0
        var last: FilterJobOutcome?
        for await event in try FilterJob.plan(Self.options(folder, ["in"])).events() {
            if case .inputFinished = event { finished += 1 }
            if case .finished(let outcome) = event { last = outcome }
        }
        #expect(finished == 2 && last?.ok == 2)
    }
}

/// Kernels of different sizes in one job.
@Suite struct MixedShapeJobTests {
    @Test func kernelsOfEverySizeRunTogetherDecodedOnceMapsInOrder() throws {
        let folder = try TestFolder("job-mixed")
        defer { folder.remove() }
        try FilterJobTests.png(folder, "in/a.png", width: 11, height: 9, channels: 3)
        var options = FilterJobOptions(inputs: [folder.path + "/in"], outputFolder: folder.path + "/out",
                                       filters: [.kernel("blur"), .kernel("box5"), .kernel("sharpen"), .kernel("1x3: 1,0,-1")])
        options.format = .npy
        options.geometry = ConvolutionOptions(padding: .valid)
        options.reportPath = folder.path + "/r.json"
        let job = try FilterJob.plan(options)
        #expect(job.filters.shapeGroups == [[0, 2], [1], [3]])
        #expect(try job.run().succeeded)
        let report = try RunReport.decode(Array(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/r.json"))))
        let maps = report.inputs[0].outputs
        #expect(maps.map(\.filter) == ["blur", "box5", "sharpen", "kernel1"])
        // VALID padding: each kernel size gives its own map size.
        #expect(maps.map(\.shape) == [[7, 9, 1], [5, 7, 1], [7, 9, 1], [7, 11, 1]], "a 1x3 kernel string is 1 wide, 3 high")
        let image = try ImageDecoder.decode(path: folder.path + "/in/a.png").tensor
        for (index, name) in ["blur", "box5", "sharpen"].enumerated() {
            let filter = try #require(BuiltinKernels.named(name))
            let bank = try FilterSet([filter]).convBank(channels: 3)
            let expected = try ReferenceConvolution.conv2D(image, bank, options: options.geometry).scalars
            let written = try NPYFile.read(path: maps[index].file).values
            #expect(written.count == expected.count && zip(written, expected).allSatisfy { abs($0 - $1) < 1e-3 }, "\(name)")
        }
    }
}

/// `--kernel` values: comma lists and parametric specs, the same everywhere.
@Suite struct KernelValueJobTests {
    @Test func commaListsAndParametricSpecsNameTheirMaps() throws {
        let folder = try TestFolder("job-specs")
        defer { folder.remove() }
        try FilterJobTests.png(folder, "in/a.png", width: 12, height: 10)
        let options = FilterJobOptions(inputs: [folder.path + "/in"], outputFolder: folder.path + "/out",
                                       filters: [.kernel("blur,gaussian:1,5,sharpen"), .kernel("motion:5,30")])
        let job = try FilterJob.plan(options)
        #expect(job.filters.names == ["blur", "gaussian-1-5", "sharpen", "motion-5-30"])
        #expect(try job.run().succeeded)
        #expect(try folder.names("out/a") == ["blur.png", "gaussian-1-5.png", "motion-5-30.png", "sharpen.png"])
        #expect { try FilterJob.plan(FilterJobOptions(inputs: [folder.path + "/in"], outputFolder: folder.path + "/x",
                                                      filters: [.kernel("blur,gausian:2")])) } throws: { error in
            "\(error)".contains("gausian") && "\(error)".contains("gaussian")
        }
    }
}
