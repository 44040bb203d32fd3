import Convolution
import Foundation
import ImageCodecs
import Testing
import Essentials

/// `filterbank apply` pixel values against references computed here: the plain-loop reference
/// convolution plus the normalisation formulas written out from the issue.
@Suite struct ApplyValuesTests {
    /// A 9×7 gray test image and its pixels.
    private func grayImage(_ root: String) throws -> (path: String, input: Tensor) {
        let pixels = try ApplyKit.writePNG(root + "/in/g.png", width: 9, height: 7, channels: 1, seed: 5)
        return (root + "/in/g.png", try ApplyKit.tensor(pixels, width: 9, height: 7, channels: 1))
    }

    @Test(arguments: ["minmax", "clamp", "abs", "signed"])
    func eightBitNormalisation(mode: String) throws {
        let root = try ApplyKit.folder("norm-\(mode)")
        defer { ApplyKit.remove(root) }
        let (path, input) = try grayImage(root)
        let result = try CLI.run(["apply", path, "-o", root + "/out", "--kernel", "sobel-left", "--normalize", mode, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = ApplyKit.normalised(try ApplyKit.convolve(input, kernel: ApplyKit.sobelLeft), mode: mode, range: 255)
        let actual = try ApplyKit.decode(root + "/out/g/sobel-left.png").tensor
        #expect(actual.shape == [1, 7, 9, 1])
        // Integer inputs and weights make the raw map exact; min-max and signed divide, so a tie may round
        // the other way after one float step: allow one level there, none elsewhere.
        let tolerance: Float = mode == "clamp" || mode == "abs" ? 0 : 1
        #expect(zip(actual.scalars, expected).allSatisfy { abs($0 - $1) <= tolerance })
        #expect(zip(actual.scalars, expected).filter { $0 == $1 }.count >= expected.count * 9 / 10)
    }

    @Test func sixteenBitPNG() throws {
        let root = try ApplyKit.folder("png16")
        defer { ApplyKit.remove(root) }
        let (path, input) = try grayImage(root)
        let result = try CLI.run(["apply", path, "-o", root + "/out", "--kernel", "laplacian", "--format", "png16", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = ApplyKit.normalised(try ApplyKit.convolve(input, kernel: ApplyKit.laplacian), mode: "minmax", range: 65535)
        let info = try ImageDecoder.inspect(path: root + "/out/g/laplacian.png")
        #expect(info.bitDepth == 16)
        // The decoder scales 16-bit samples to 0…255; undo that to compare levels.
        let actual = try ApplyKit.decode(root + "/out/g/laplacian.png").tensor.scalars.map { ($0 * 257).rounded() }
        #expect(zip(actual, expected).allSatisfy { abs($0 - $1) <= 1 })
    }

    @Test func rawFloatsAsNPY() throws {
        let root = try ApplyKit.folder("npy")
        defer { ApplyKit.remove(root) }
        let pixels = try ApplyKit.writePNG(root + "/in/c.png", width: 6, height: 5, channels: 3, seed: 7)
        let input = try ApplyKit.tensor(pixels, width: 6, height: 5, channels: 3)
        let result = try CLI.run(["apply", root + "/in", "-o", root + "/out", "--kernel", "blur", "--format", "npy", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let array = try NPYFile.read(path: root + "/out/c/blur.npy")
        #expect(array.shape == [5, 6])
        // Conv mode on RGB: the 2-D kernel acts on the channel mean.
        let expected = try ApplyKit.convolve(input, kernel: ApplyKit.blur)
        #expect(zip(array.values, expected).allSatisfy { abs($0 - $1) < 1e-3 })
    }

    @Test func jpegOutputIsCloseToTheReference() throws {
        let root = try ApplyKit.folder("jpeg")
        defer { ApplyKit.remove(root) }
        let (path, input) = try grayImage(root)
        let result = try CLI.run(["apply", path, "-o", root + "/out", "--kernel", "blur", "--format", "jpeg", "--quality", "100", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = ApplyKit.normalised(try ApplyKit.convolve(input, kernel: ApplyKit.blur), mode: "minmax", range: 255)
        let actual = try ApplyKit.decode(root + "/out/g/blur.jpg").tensor
        #expect(actual.shape == [1, 7, 9, 1])
        let meanError = zip(actual.scalars, expected).map { abs($0 - $1) }.reduce(0, +) / Float(expected.count)
        #expect(meanError < 3)
    }

    @Test func depthwiseKeepsColour() throws {
        let root = try ApplyKit.folder("depthwise")
        defer { ApplyKit.remove(root) }
        let pixels = try ApplyKit.writePNG(root + "/in/c.png", width: 8, height: 6, channels: 3, seed: 3)
        let input = try ApplyKit.tensor(pixels, width: 8, height: 6, channels: 3)
        let result = try CLI.run(["apply", root + "/in", "-o", root + "/out", "--mode", "depthwise", "--kernel", "sharpen", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let sharpen: [Float] = [0, -1, 0, -1, 5, -1, 0, -1, 0]
        let filter = try DepthwiseFilter(kernel: sharpen, height: 3, width: 3, channels: 3)
        let raw = try ReferenceConvolution.depthwiseConv2D(input, filter).scalars
        let expected = ApplyKit.normalised(raw, mode: "clamp", range: 255)  // clamp is depthwise's default
        let actual = try ApplyKit.decode(root + "/out/c/sharpen.png").tensor
        #expect(actual.shape == [1, 6, 8, 3])
        #expect(actual.scalars == expected)
    }

    @Test func channelPolicies() throws {
        let root = try ApplyKit.folder("channels")
        defer { ApplyKit.remove(root) }
        let rgb = try ApplyKit.writePNG(root + "/in/c.png", width: 5, height: 4, channels: 3, seed: 6)
        _ = try ApplyKit.writePNG(root + "/in/g.png", width: 5, height: 4, channels: 1, seed: 8)
        let gray = try CLI.run(["apply", root + "/in/c.png", "-o", root + "/gray", "--channels", "gray", "--kernel", "identity", "--format", "npy", "--quiet"])
        #expect(gray.status == 0, "\(gray.stderr)")
        // BT.601 luma, as tf.image.rgb_to_grayscale.
        let luma: [Float] = stride(from: 0, to: rgb.count, by: 3).map { (i: Int) -> Float in
            let r = Float(rgb[i]), g = Float(rgb[i + 1]), b = Float(rgb[i + 2])
            return 0.299 * r + 0.587 * g + 0.114 * b
        }
        #expect(zip(try NPYFile.read(path: root + "/gray/c/identity.npy").values, luma).allSatisfy { abs($0 - $1) < 0.01 })

        let colour = try CLI.run(["apply", root + "/in/g.png", "-o", root + "/rgb", "--channels", "rgb", "--mode", "depthwise",
                                  "--kernel", "identity", "--format", "npy", "--quiet"])
        #expect(colour.status == 0, "\(colour.stderr)")
        #expect(try NPYFile.read(path: root + "/rgb/g/identity.npy").shape == [4, 5, 3])
    }

    @Test func filtersSplitIntoGroupsGiveTheSameMaps() throws {
        let root = try ApplyKit.folder("groups")
        defer { ApplyKit.remove(root) }
        _ = try ApplyKit.writePNG(root + "/in/c.png", width: 9, height: 8, channels: 3, seed: 4)
        let arguments = ["apply", root + "/in", "--kernel", "blur", "--kernel", "sobel-left", "--kernel", "emboss", "--grid", "--quiet"]
        let whole = try CLI.run(arguments + ["-o", root + "/whole", "--report", root + "/whole.json"])
        // 9×8 maps of one float need 288 bytes: a 300-byte budget forces one filter per group.
        let split = try CLI.run(arguments + ["-o", root + "/split", "--report", root + "/split.json", "--max-output-memory", "300"])
        #expect(whole.status == 0 && split.status == 0, "\(whole.stderr) \(split.stderr)")
        for name in ["blur.png", "sobel-left.png", "emboss.png", "grid.png"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: root + "/whole/c/" + name)) == Data(contentsOf: URL(fileURLWithPath: root + "/split/c/" + name)))
        }
        let ranges = { (path: String) throws -> [String] in
            let inputs = try #require(try ApplyKit.json(path)["inputs"] as? [[String: Any]])
            let maps = try #require(inputs.first?["outputs"] as? [[String: Any]])
            return maps.map { "\($0["filter"] ?? "") \($0["min"] ?? "") \($0["max"] ?? "") \($0["mean"] ?? "")" }
        }
        #expect(try ranges(root + "/whole.json") == ranges(root + "/split.json"))
    }

    @Test func stridesAndValidPaddingSetMapSizes() throws {
        let root = try ApplyKit.folder("stride")
        defer { ApplyKit.remove(root) }
        let (path, input) = try grayImage(root)
        for (padding, size) in [("valid", [3, 4]), ("same", [4, 5])] {
            let out = root + "/out-" + padding
            let result = try CLI.run(["apply", path, "-o", out, "--kernel", "sobel-left", "--strides", "2", "--padding", padding,
                                      "--format", "npy", "--quiet"])
            #expect(result.status == 0, "\(result.stderr)")
            let array = try NPYFile.read(path: out + "/g/sobel-left.npy")
            #expect(array.shape == size)
            let options = ConvolutionOptions(strides: (2, 2), padding: padding == "valid" ? .valid : .same, dilations: (1, 1))
            #expect(array.values == (try ApplyKit.convolve(input, kernel: ApplyKit.sobelLeft, options: options)))
        }
    }

    @Test func smallImagesStackedTogetherStayApart() throws {
        let root = try ApplyKit.folder("digits")
        defer { ApplyKit.remove(root) }
        var inputs: [Tensor] = []
        for index in 0..<12 {
            let pixels = try ApplyKit.writePNG(root + "/in/d\(index).png", width: 28, height: 28, channels: 1, seed: index * 3)
            inputs.append(try ApplyKit.tensor(pixels, width: 28, height: 28, channels: 1))
        }
        let result = try CLI.run(["apply", root + "/in", "-o", root + "/out", "--kernel", "laplacian", "--format", "npy", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        for (index, input) in inputs.enumerated() {
            let array = try NPYFile.read(path: root + "/out/d\(index)/laplacian.npy")
            #expect(array.values == (try ApplyKit.convolve(input, kernel: ApplyKit.laplacian)))
        }
    }

    @Test func banksInEveryFormatInOrder() throws {
        let root = try ApplyKit.folder("banks")
        defer { ApplyKit.remove(root) }
        let pixels = try ApplyKit.writePNG(root + "/in/c.png", width: 7, height: 6, channels: 3, seed: 9)
        let input = try ApplyKit.tensor(pixels, width: 7, height: 6, channels: 3)

        // JSON: a 2-D kernel with scale and bias.
        try Data(#"{"filters": [{"name": "edge", "kernel": [[1,1,1],[0,0,0],[-1,-1,-1]], "scale": 0.5, "bias": 3}]}"#.utf8)
            .write(to: URL(fileURLWithPath: root + "/edges.json"))
        // TF-layout HWIO .npy [3,3,3,2] with a bias .npy.
        let hwio = (0..<54).map { Float(($0 * 7) % 11) - 5 }
        try NPYFile.write(values: hwio, shape: [3, 3, 3, 2], to: root + "/w.npy")
        try NPYFile.write(values: [1.5, -2], shape: [2], to: root + "/b.npy")
        // libvips .mat: Σ/scale + offset.
        try Data("3 3 4 10\n1 2 1\n2 4 2\n1 2 1\n".utf8).write(to: URL(fileURLWithPath: root + "/gauss.mat"))

        let result = try CLI.run(["apply", root + "/in", "-o", root + "/out", "--format", "npy", "--quiet", "--report", root + "/r.json",
                                  "--bank", root + "/edges.json", "--kernel", "identity", "--bank", root + "/w.npy", "--bias", root + "/b.npy",
                                  "--bank", root + "/gauss.mat"])
        // 2-D and 3-D filters of different shapes run in one job, grouped by shape; maps keep the given order.
        #expect(result.status == 0, "\(result.stderr)")
        let mixed = try #require(((try ApplyKit.json(root + "/r.json")["inputs"] as? [[String: Any]])?.first?["outputs"]) as? [[String: Any]])
        #expect(mixed.compactMap { $0["filter"] as? String } == ["edge", "identity", "f0", "f1", "gauss"])
        let mixedBank = try FilterBank(height: 3, width: 3, inChannels: 3, outChannels: 2, weights: hwio, bias: [1.5, -2])
        let mixedReference = try ReferenceConvolution.conv2D(input, mixedBank).scalars
        for o in 0..<2 {
            let values = try NPYFile.read(path: root + "/out/c/f\(o).npy").values
            let expected = stride(from: o, to: mixedReference.count, by: 2).map { mixedReference[$0] }
            #expect(values.count == expected.count && zip(values, expected).allSatisfy { abs($0 - $1) < 1e-3 })
        }

        let twoD = try CLI.run(["apply", root + "/in", "-o", root + "/out2", "--format", "npy", "--quiet", "--report", root + "/r2.json",
                                "--bank", root + "/edges.json", "--kernel", "identity", "--bank", root + "/gauss.mat",
                                "--kernel", "3x3: 0,0,0 0,0,1 0,0,0"])
        #expect(twoD.status == 0, "\(twoD.stderr)")
        let report = try ApplyKit.json(root + "/r2.json")
        let maps = try #require(((report["inputs"] as? [[String: Any]])?.first?["outputs"]) as? [[String: Any]])
        let names = maps.compactMap { $0["filter"] as? String }
        try #require(names.count == 4)
        #expect(names.first == "edge" && names[1] == "identity")
        let files = maps.compactMap { $0["file"] as? String }
        let edge = try ApplyKit.convolve(input, kernel: [0.5, 0.5, 0.5, 0, 0, 0, -0.5, -0.5, -0.5]).map { $0 + 3 }
        #expect(zip(try NPYFile.read(path: files[0]).values, edge).allSatisfy { abs($0 - $1) < 1e-3 })
        let gauss = try ApplyKit.convolve(input, kernel: [1, 2, 1, 2, 4, 2, 1, 2, 1].map { $0 / 4 }).map { $0 + 10 }
        #expect(zip(try NPYFile.read(path: files[2]).values, gauss).allSatisfy { abs($0 - $1) < 1e-3 })
        let shifted = try ApplyKit.convolve(input, kernel: [0, 0, 0, 0, 0, 1, 0, 0, 0])
        #expect(zip(try NPYFile.read(path: files[3]).values, shifted).allSatisfy { abs($0 - $1) < 1e-3 })

        let hwioRun = try CLI.run(["apply", root + "/in", "-o", root + "/out3", "--format", "npy", "--quiet",
                                   "--bank", root + "/w.npy", "--bias", root + "/b.npy"])
        #expect(hwioRun.status == 0, "\(hwioRun.stderr)")
        let bank = try FilterBank(height: 3, width: 3, inChannels: 3, outChannels: 2, weights: hwio, bias: [1.5, -2])
        let reference = try ReferenceConvolution.conv2D(input, bank)
        let mapFiles = try ApplyKit.files(root + "/out3/c")
        try #require(mapFiles == ["f0.npy", "f1.npy"])
        for o in 0..<2 {
            let values = try NPYFile.read(path: root + "/out3/c/" + mapFiles[o]).values
            let expected = stride(from: o, to: reference.scalars.count, by: 2).map { reference.scalars[$0] }
            #expect(zip(values, expected).allSatisfy { abs($0 - $1) < 1e-3 })
        }
    }

    @Test func threeDimensionalBankOnAGrayImageFailsThatImageOnly() throws {
        let root = try ApplyKit.folder("mismatch")
        defer { ApplyKit.remove(root) }
        _ = try ApplyKit.writePNG(root + "/in/gray.png", width: 5, height: 5, channels: 1, seed: 1)
        _ = try ApplyKit.writePNG(root + "/in/rgb.png", width: 5, height: 5, channels: 3, seed: 2)
        // HWIO [3,3,3,1]: one filter expecting three input channels.
        try NPYFile.write(values: [Float](repeating: 1, count: 27), shape: [3, 3, 3, 1], to: root + "/w.npy")
        let result = try CLI.run(["apply", root + "/in", "-o", root + "/out", "--bank", root + "/w.npy", "--quiet"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("gray.png"))
        #expect(result.stderr.contains("use --channels rgb to convert gray images"), "\(result.stderr)")
        #expect(!result.stderr.contains("rgb.png"))
        #expect(try ApplyKit.files(root + "/out") == ["rgb/f0.png"])
        let converted = try CLI.run(["apply", root + "/in", "-o", root + "/out", "--bank", root + "/w.npy", "--channels", "rgb", "--quiet"])
        #expect(converted.status == 0, "\(converted.stderr)")
    }
}
