import Convolution
import Foundation
import ImageCodecs
import Testing
import Essentials

/// `filterbank apply`: where outputs go, which inputs are read, and the report.
@Suite struct ApplyLayoutTests {
    @Test func folderLayoutReportAndSkippedFiles() throws {
        let root = try ApplyKit.folder("layout")
        defer { ApplyKit.remove(root) }
        let a = try ApplyKit.writePNG(root + "/in/a.png", width: 9, height: 7, channels: 1, seed: 1)
        _ = try ApplyKit.writePNG(root + "/in/sub/b.PNG", width: 5, height: 6, channels: 3, seed: 2)
        try Data("notes".utf8).write(to: URL(fileURLWithPath: root + "/in/notes.txt"))
        let result = try CLI.run(["apply", root + "/in", "-o", root + "/out", "--kernel", "sobel-left", "--kernel", "identity",
                                  "--recursive", "--quiet", "--report", root + "/report.json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try ApplyKit.files(root + "/out") == ["a/identity.png", "a/sobel-left.png", "sub/b/identity.png", "sub/b/sobel-left.png"])

        let report = try ApplyKit.json(root + "/report.json")
        let inputs = try #require(report["inputs"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: inputs.map { (($0["input"] as? String) ?? "", $0) })
        #expect(byName[root + "/in/a.png"]?["status"] as? String == "ok")
        #expect(byName[root + "/in/sub/b.PNG"]?["status"] as? String == "ok")
        #expect(byName[root + "/in/notes.txt"]?["status"] as? String == "skipped")
        let totals = try #require(report["totals"] as? [String: Any])
        #expect(totals["ok"] as? Int == 2 && totals["skipped"] as? Int == 1 && totals["failed"] as? Int == 0)
        #expect(totals["outputFiles"] as? Int == 4)

        // The raw range is the map before normalisation: compare with an independent convolution.
        let maps = try #require(byName[root + "/in/a.png"]?["outputs"] as? [[String: Any]])
        #expect(maps.map { $0["filter"] as? String } == ["sobel-left", "identity"])
        let expected = try ApplyKit.convolve(ApplyKit.tensor(a, width: 9, height: 7, channels: 1), kernel: ApplyKit.sobelLeft)
        #expect(maps[0]["min"] as? Double == Double(expected.min()!))
        #expect(maps[0]["max"] as? Double == Double(expected.max()!))
        let mean = expected.reduce(0, +) / Float(expected.count)
        #expect(abs((maps[0]["mean"] as? Double ?? .nan) - Double(mean)) < 1e-3)
        #expect(maps[1]["min"] as? Double == Double(a.min()!))
        #expect((maps[0]["shape"] as? [Int]) == [7, 9, 1])
    }

    @Test func fileGivenDirectlyAndSameStemInputs() throws {
        let root = try ApplyKit.folder("stem")
        defer { ApplyKit.remove(root) }
        _ = try ApplyKit.writePNG(root + "/in/x.png", width: 4, height: 4, channels: 1, seed: 1)
        _ = try ApplyKit.writeJPEG(root + "/in/x.jpg", width: 8, height: 8, channels: 3, seed: 2)
        _ = try ApplyKit.writePNG(root + "/single.png", width: 4, height: 4, channels: 1, seed: 3)
        // No --quiet: stderr is a pipe here, not a terminal, so no progress line may appear on it, only
        // the one summary line a log wants.
        let result = try CLI.run(["apply", root + "/in", root + "/single.png", "-o", root + "/out", "--kernel", "blur"])
        #expect(result.status == 0)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "\(result.stderr)")
        #expect(lines[0].hasPrefix("filterbank: 3 ok, 0 failed, 0 skipped; 3 files written in "), "\(result.stderr)")
        #expect(!result.stderr.contains("\r") && !result.stderr.contains("\u{1B}"), "\(result.stderr)")
        let quiet = try CLI.run(["apply", root + "/in", "-o", root + "/out", "--kernel", "blur", "--quiet"])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet.stderr)")
        #expect(try ApplyKit.files(root + "/out") == ["single/blur.png", "x.jpg/blur.png", "x.png/blur.png"])
        #expect(try ApplyKit.decode(root + "/out/x.jpg/blur.png").tensor.shape == [1, 8, 8, 1])
        #expect(try ApplyKit.decode(root + "/out/x.png/blur.png").tensor.shape == [1, 4, 4, 1])
    }

    @Test func oddNamesWork() throws {
        let root = try ApplyKit.folder("odd")
        defer { ApplyKit.remove(root) }
        let names = ["-lead.png", "100% sure.png", "café ü.png", "with space.jpg"]
        for (index, name) in names.enumerated() {
            _ = try ApplyKit.writePNG(root + "/in/" + name, width: 4, height: 3, channels: 1, seed: index)
        }
        let result = try CLI.run(["apply", "--kernel", "identity", "--quiet", "-o", root + "/out", "--", root + "/in", root + "/in/-lead.png"])
        #expect(result.status == 0, "\(result.stderr)")
        let files = try ApplyKit.files(root + "/out")
        // The folder's -lead.png and the same file given directly share a relative path: the second gets ~2.
        #expect(files == ["-lead/identity.png", "-lead~2/identity.png", "100% sure/identity.png", "café ü/identity.png", "with space/identity.png"])
    }

    @Test func symlinkLoopAndOutputInsideInput() throws {
        let root = try ApplyKit.folder("loop")
        defer { ApplyKit.remove(root) }
        _ = try ApplyKit.writePNG(root + "/in/a.png", width: 4, height: 4, channels: 1, seed: 1)
        _ = try ApplyKit.writePNG(root + "/in/sub/b.png", width: 4, height: 4, channels: 1, seed: 2)
        #expect(symlink(root + "/in", root + "/in/sub/loop") == 0)
        for _ in 0..<2 {
            // The second run would find the first run's maps if the output folder were read as input.
            let result = try CLI.run(["apply", root + "/in", "-o", root + "/in/out", "--recursive", "--kernel", "blur", "--quiet"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect(try ApplyKit.files(root + "/in/out") == ["a/blur.png", "sub/b/blur.png"])
    }

    @Test func gridAndColormap() throws {
        let root = try ApplyKit.folder("grid")
        defer { ApplyKit.remove(root) }
        _ = try ApplyKit.writePNG(root + "/in/a.png", width: 12, height: 10, channels: 3, seed: 4)
        let result = try CLI.run(["apply", root + "/in", "-o", root + "/out", "--kernel", "sobel-left", "--kernel", "blur",
                                  "--grid", "--colormap", "viridis", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try ApplyKit.files(root + "/out") == ["a/blur.png", "a/grid.png", "a/sobel-left.png"])
        let map = try ApplyKit.decode(root + "/out/a/sobel-left.png").tensor
        #expect(map.shape == [1, 10, 12, 3])
        // min-max puts the map's minimum at 0 and maximum at 255: viridis' first and last entries.
        let colours = Set(stride(from: 0, to: map.scalars.count, by: 3).map { [map.scalars[$0], map.scalars[$0 + 1], map.scalars[$0 + 2]] })
        #expect(colours.contains([68, 1, 84]))
        #expect(colours.contains([253, 231, 37]))
        let sheet = try ApplyKit.decode(root + "/out/a/grid.png").tensor
        #expect(sheet.channels == 3 && sheet.width > 3 * 12 && sheet.height > 10)
    }
}

/// Small images, independent references and file helpers for the `apply` tests.
enum ApplyKit {
    static let sobelLeft: [Float] = [1, 0, -1, 2, 0, -2, 1, 0, -1]
    static let blur: [Float] = Array(repeating: 1.0 / 9, count: 9)
    static let identity: [Float] = [0, 0, 0, 0, 1, 0, 0, 0, 0]
    static let laplacian: [Float] = [0, 1, 0, 1, -4, 1, 0, 1, 0]

    /// A fresh folder under the temporary directory.
    static func folder(_ label: String) throws -> String {
        try CLI.temporaryDirectory("apply-\(label)").path
    }

    static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    /// A varied deterministic pattern with values across 0…255.
    static func pattern(width: Int, height: Int, channels: Int, seed: Int) -> [UInt8] {
        var pixels: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<channels { pixels.append(UInt8((x * 37 + y * 91 + c * 53 + seed * 17 + (x * y) % 7 * 29) % 256)) }
            }
        }
        return pixels
    }

    /// Writes a lossless test image and returns its pixels.
    @discardableResult
    static func writePNG(_ path: String, width: Int, height: Int, channels: Int, seed: Int) throws -> [UInt8] {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let pixels = pattern(width: width, height: height, channels: channels, seed: seed)
        try AtomicFile.write(try PNGEncoder.encode(pixels: pixels, width: width, height: height, channels: channels), to: path)
        return pixels
    }

    /// Writes a JPEG test image (lossy: tests use it for sizes, not values).
    static func writeJPEG(_ path: String, width: Int, height: Int, channels: Int, seed: Int) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let pixels = pattern(width: width, height: height, channels: channels, seed: seed)
        try AtomicFile.write(try JPEGEncoder.encode(pixels: pixels, width: width, height: height, channels: channels, quality: 90), to: path)
    }

    static func tensor(_ pixels: [UInt8], width: Int, height: Int, channels: Int) throws -> Tensor {
        try Tensor(shape: [1, height, width, channels], scalars: pixels.map(Float.init))
    }

    /// tf.nn.conv2d with a 2-D 3×3 kernel acting on the channel mean (weights k/C), via the plain-loop reference.
    static func convolve(_ input: Tensor, kernel: [Float], options: ConvolutionOptions = .init()) throws -> [Float] {
        let c = input.channels
        var weights: [Float] = []
        for tap in kernel { weights += Array(repeating: tap / Float(c), count: c) }
        let bank = try FilterBank(height: 3, width: 3, inChannels: c, outChannels: 1, weights: weights)
        return try ReferenceConvolution.conv2D(input, bank, options: options).scalars
    }

    static func decode(_ path: String) throws -> DecodedImage {
        try ImageDecoder.decode(path: path, options: DecodeOptions(channels: .keep))
    }

    /// Files under `folder`, relative and sorted, temporaries included (so leftovers would show).
    static func files(_ folder: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var found: [String] = []
        while let name = enumerator.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder), !isFolder.boolValue { found.append(name) }
        }
        return found.sorted()
    }

    static func json(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    /// The normalisations, written out from their definitions (R = 255 or 65535).
    static func normalised(_ map: [Float], mode: String, range r: Float) -> [Float] {
        let low = map.min()!, high = map.max()!
        let peak = map.map { abs($0) }.max()!
        return map.map { v in
            let value: Float
            switch mode {
            case "minmax": value = high > low ? (v - low) * r / (high - low) : 0
            case "clamp": value = min(max(v * r / 255, 0), r)
            case "abs": value = min(abs(v) * r / 255, r)
            case "signed": value = peak > 0 ? r / 2 + r / 2 * v / peak : r / 2
            default: value = .nan
            }
            return value.rounded(.toNearestOrEven)
        }
    }
}
