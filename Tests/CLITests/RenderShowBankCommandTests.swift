import Foundation
import Testing
import ImageCodecs
import Essentials

/// `filterbank render` and `filterbank show-bank` end to end, on tiny tensors written here.
@Suite struct RenderShowBankCommandTests {
    /// Writes a float32 .npy with the project's writer.
    func writeTensor(_ values: [Float], shape: [Int], in folder: URL, name: String = "act.npy") throws -> String {
        let path = folder.appendingPathComponent(name).path
        try NPYFile.write(values: values, shape: shape, to: path)
        return path
    }

    func decode(_ path: String) throws -> DecodedImage {
        try ImageDecoder.decode(path: path, options: DecodeOptions())
    }

    func files(under folder: URL) -> [String] {
        let walker = FileManager.default.enumerator(atPath: folder.path)
        return (walker?.allObjects as? [String] ?? []).sorted()
    }

    @Test func oneImagePerItemAndChannelWithPaddedNames() throws {
        let folder = try CLI.temporaryDirectory("render")
        // 11 items × 2×3 × 12 channels: items 00…10, channels c00…c11.
        let shape = [11, 2, 3, 12]
        let count = 11 * 2 * 3 * 12
        let values: [Float] = (0..<count).map { (index: Int) -> Float in Float(index % 7) - 3 }
        let tensor = try writeTensor(values, shape: shape, in: folder)
        let out = folder.appendingPathComponent("out")
        let result = try CLI.run(["render", tensor, "--output", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let listed = files(under: out)
        let maps = listed.filter { (name: String) -> Bool in name.hasSuffix(".png") }
        #expect(maps.count == 11 * 12)
        #expect(listed.contains("00/c00.png") && listed.contains("10/c11.png") && !listed.contains("0/c0.png"))
        #expect(!listed.contains { (name: String) -> Bool in name.contains(AtomicFile.temporaryMarker) })
        let map = try decode(out.appendingPathComponent("03/c05.png").path)
        #expect(map.tensor.shape == [1, 2, 3, 1])
    }

    @Test func gridIsOneLabelledSheetPerItem() throws {
        let folder = try CLI.temporaryDirectory("rendergrid")
        // 2 items of 16×16 × 5 channels; 5 tiles in 2 columns make 3 rows.
        let values: [Float] = (0..<(2 * 16 * 16 * 5)).map { (index: Int) -> Float in Float(index % 13) }
        let tensor = try writeTensor(values, shape: [2, 16, 16, 5], in: folder)
        let out = folder.appendingPathComponent("out")
        let result = try CLI.run(["render", tensor, "--output", out.path, "--grid", "--grid-columns", "2", "--colormap", "viridis"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(files(under: out).filter { (name: String) -> Bool in name.hasSuffix("grid.png") } == ["0/grid.png", "1/grid.png"])
        let sheet = try decode(out.appendingPathComponent("1/grid.png").path).tensor
        // 16 px maps are enlarged ×8 to 128 px tiles: 2 columns of 128 plus 3 paddings of 8.
        #expect(sheet.shape == [1, sheet.height, 2 * 128 + 3 * 8, 3])
        #expect(sheet.height > 3 * 128 + 4 * 8)
    }

    @Test func inputsAddATileAndLabelsMustMatchTheChannels() throws {
        let folder = try CLI.temporaryDirectory("renderinputs")
        let values: [Float] = (0..<(16 * 16 * 3)).map { (index: Int) -> Float in Float(index % 5) }
        let tensor = try writeTensor(values, shape: [1, 16, 16, 3], in: folder)
        let inputs = try writeTensor(values.map { $0 / 4 }, shape: [16, 16, 3], in: folder, name: "inputs.npy")
        let with = folder.appendingPathComponent("with"), without = folder.appendingPathComponent("without")
        let common = ["--grid", "--grid-columns", "4", "--labels", "red,green,blue"]
        let a = try CLI.run(["render", tensor, "--output", with.path, "--inputs", inputs] + common)
        let b = try CLI.run(["render", tensor, "--output", without.path] + common)
        #expect(a.status == 0 && b.status == 0, "\(a.stderr)\(b.stderr)")
        // 4 tiles (input + 3 maps) fill 4 columns; without the input, 3 tiles need only 3.
        #expect(try decode(with.appendingPathComponent("0/grid.png").path).tensor.width == 4 * 128 + 5 * 8)
        #expect(try decode(without.appendingPathComponent("0/grid.png").path).tensor.width == 3 * 128 + 4 * 8)
        let wrong = try CLI.run(["render", tensor, "--output", without.path, "--grid", "--labels", "a,b"])
        #expect(wrong.status == 2 && wrong.stderr.contains("--labels"))
        let mismatch = try writeTensor([Float](repeating: 0, count: 2 * 16 * 16 * 3), shape: [2, 16, 16, 3], in: folder, name: "two.npy")
        let batch = try CLI.run(["render", tensor, "--output", without.path, "--grid", "--inputs", mismatch])
        #expect(batch.status == 2 && batch.stderr.contains("two.npy"))
    }

    @Test func threeDimensionalTensorIsOneItem() throws {
        let folder = try CLI.temporaryDirectory("render3d")
        let tensor = try writeTensor([1, 2, 3, 4, 5, 6], shape: [1, 3, 2], in: folder)
        let out = folder.appendingPathComponent("out")
        let result = try CLI.run(["render", tensor, "--output", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(files(under: out) == ["0", "0/c0.png", "0/c1.png"])
        // minmax per map: channel 0 holds 1, 3, 5 → 0, 127.5→128 (half to even), 255.
        let c0 = try decode(out.appendingPathComponent("0/c0.png").path)
        #expect(c0.tensor.scalars == [0, 128, 255])
    }

    @Test func sharedRangeUsesOneMinMaxForTheWholeTensor() throws {
        let folder = try CLI.temporaryDirectory("shared")
        // Two channels: c0 spans 0…10, c1 spans 0…5 (one pixel row of three).
        let tensor = try writeTensor([0, 0, 5, 2.5, 10, 5], shape: [1, 1, 3, 2], in: folder)
        let own = folder.appendingPathComponent("own"), shared = folder.appendingPathComponent("shared")
        #expect(try CLI.run(["render", tensor, "--output", own.path]).status == 0)
        #expect(try CLI.run(["render", tensor, "--output", shared.path, "--shared-range"]).status == 0)
        // Per map, c1 is stretched to the full range; shared, 5 of 0…10 is 127.5 → 128 (half to even).
        #expect(try decode(own.appendingPathComponent("0/c1.png").path).tensor.scalars == [0, 128, 255])
        #expect(try decode(shared.appendingPathComponent("0/c1.png").path).tensor.scalars == [0, 64, 128])
        #expect(try decode(shared.appendingPathComponent("0/c0.png").path).tensor.scalars == [0, 128, 255])
    }

    @Test func colormapGivesRGBAndSignedCentresZero() throws {
        let folder = try CLI.temporaryDirectory("cmap")
        let tensor = try writeTensor([-4, 0, 4], shape: [1, 1, 3, 1], in: folder)
        let out = folder.appendingPathComponent("out")
        let result = try CLI.run(["render", tensor, "--output", out.path, "--normalize", "signed", "--colormap", "coolwarm"])
        #expect(result.status == 0, "\(result.stderr)")
        let image = try decode(out.appendingPathComponent("0/c0.png").path)
        #expect(image.tensor.shape == [1, 1, 3, 3])
        // signed: -4 → 0, 0 → 128, 4 → 255; coolwarm ends are Moreland's (59,76,192) and (180,4,38).
        #expect(Array(image.tensor.scalars[0..<3]) == [59, 76, 192])
        #expect(Array(image.tensor.scalars[6..<9]) == [180, 4, 38])
        let middle = image.tensor.scalars[3..<6]
        #expect(middle.max()! - middle.min()! <= 12 && middle.min()! > 200)
    }

    @Test func badTensorsAndOptionsExitTwoNamingTheFile() throws {
        let folder = try CLI.temporaryDirectory("renderbad")
        let notNPY = folder.appendingPathComponent("broken.npy")
        try Data("not a numpy file".utf8).write(to: notNPY)
        let broken = try CLI.run(["render", notNPY.path, "--output", folder.appendingPathComponent("o").path])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("broken.npy"))
        let fiveD = try writeTensor([1, 2], shape: [1, 1, 1, 1, 2], in: folder, name: "five.npy")
        let wrongShape = try CLI.run(["render", fiveD, "--output", folder.appendingPathComponent("o").path])
        #expect(wrongShape.status == 2 && wrongShape.stderr.contains("five.npy"))
        let good = try writeTensor([1, 2], shape: [1, 2, 1], in: folder)
        let badMode = try CLI.run(["render", good, "--output", folder.appendingPathComponent("o").path, "--normalize", "none"])
        #expect(badMode.status == 2)
        let missing = try CLI.run(["render", folder.appendingPathComponent("missing.npy").path, "--output", folder.path])
        #expect(missing.status == 2 && missing.stderr.contains("missing.npy"))
    }

    @Test func showBankDrawsOneRowPerFilterAndOneColumnPerChannel() throws {
        let folder = try CLI.temporaryDirectory("showbank")
        // Two filters of 1×2 over 3 channels ([fh][fw][in] kernels).
        let bank = folder.appendingPathComponent("bank.json").path
        try Data("""
            {"filters": [{"name": "a", "kernel": [[[1, 2, 3], [-1, -2, -3]]]},
                         {"name": "b", "kernel": [[[0, 0, 0], [4, 5, 6]]]}]}
            """.utf8).write(to: URL(fileURLWithPath: bank))
        let small = folder.appendingPathComponent("one.png"), wide = folder.appendingPathComponent("wide.png")
        #expect(try CLI.run(["show-bank", bank, "--output", small.path, "--cell", "60"]).status == 0)
        #expect(try CLI.run(["show-bank", bank, "--output", wide.path, "--cell", "90"]).status == 0)
        let a = try decode(small.path).tensor, b = try decode(wide.path).tensor
        #expect(a.channels == 3)
        // 30 px more per cell adds 3 columns × 2 weights × 30 px of width and 2 rows × 1 weight × 30 px
        // of height (the kernel grid is wider than title and legend, text is the same size in both).
        #expect(b.width - a.width == 3 * 2 * 30)
        #expect(b.height - a.height == 2 * 1 * 30)
    }

    @Test func showBankAcceptsBuiltinNamesAndRejectsUnknownOnes() throws {
        let folder = try CLI.temporaryDirectory("showbuiltin")
        let out = folder.appendingPathComponent("k.png")
        let ok = try CLI.run(["show-bank", "sobel-left,horizontal-edge", "--output", out.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.path))
        let bad = try CLI.run(["show-bank", "no-such-kernel", "--output", folder.appendingPathComponent("x.png").path])
        #expect(bad.status == 2 && bad.stderr.contains("no-such-kernel"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("x.png").path))
    }

    @Test func showBankDrawsAModelLayerWithEachFiltersShape() throws {
        let folder = try CLI.temporaryDirectory("showmodel")
        let model = CLI.fixtures.appendingPathComponent("models/zoo.keras").path
        let rgb = folder.appendingPathComponent("rgb.png"), depthwise = folder.appendingPathComponent("dw.png")
        let a = try CLI.run(["show-bank", model, "--layer", "conv_s2", "-o", rgb.path, "--cell", "10"])
        let b = try CLI.run(["show-bank", model, "--layer", "depthwise", "-o", depthwise.path, "--cell", "10"])
        #expect(a.status == 0 && b.status == 0, "\(a.stderr)\(b.stderr)")
        #expect(a.stdout.contains("4 filters") && b.stdout.contains("8 filters"), "\(a.stdout)\(b.stdout)")
        // conv_s2 is 3x3x3, so it gets colour patches: pixels off the coolwarm scale, where both
        // red and blue are both high with green low (magenta), appear.
        let picture = try decode(rgb.path).tensor
        var offScale = 0
        for p in stride(from: 0, to: picture.scalars.count, by: 3) {
            let (r, g, b) = (picture.scalars[p], picture.scalars[p + 1], picture.scalars[p + 2])
            if r > 150 && b > 150 && g < 90 { offScale += 1 }
        }
        #expect(offScale > 0)
        let dense = try CLI.run(["show-bank", model, "--layer", "dense1", "-o", folder.appendingPathComponent("x.png").path])
        #expect(dense.status == 2 && dense.stderr.contains("dense1") && dense.stderr.contains("conv_s2"))
        let missing = try CLI.run(["show-bank", model, "--layer", "nope", "-o", folder.appendingPathComponent("x.png").path])
        #expect(missing.status == 2 && missing.stderr.contains("'nope'"))
    }

    @Test func npzBanksPickAnArrayByName() throws {
        let folder = try CLI.temporaryDirectory("npz")
        // np.savez of two arrays: a [3,3] kernel and a [2] vector, written here as a stored zip.
        let archive = folder.appendingPathComponent("w.npz").path
        let kernel = NPYFile.encode(values: [1, 2, 3, 4, 5, 6, 7, 8, 9], shape: [3, 3])
        let vector = NPYFile.encode(values: [1, 2], shape: [2])
        try AtomicFile.write(StoredZip.archive([("edge.npy", kernel), ("other.npy", vector)]), to: archive)
        let out = folder.appendingPathComponent("k.png").path
        let ok = try CLI.run(["show-bank", archive + ":edge", "-o", out])
        #expect(ok.status == 0 && ok.stdout.contains("1 filter"), "\(ok.stderr)")
        let ambiguous = try CLI.run(["show-bank", archive, "-o", out])
        #expect(ambiguous.status == 2 && ambiguous.stderr.contains("edge, other") && ambiguous.stderr.contains(":NAME"))
        let unknown = try CLI.run(["show-bank", archive + ":nope", "-o", out])
        #expect(unknown.status == 2 && unknown.stderr.contains("'nope'"))
    }

    @Test func renderRefusesQualityWithoutJPEG() throws {
        let folder = try CLI.temporaryDirectory("renderquality")
        let tensor = try writeTensor([1, 2], shape: [1, 2, 1], in: folder)
        let result = try CLI.run(["render", tensor, "-o", folder.appendingPathComponent("o").path, "--quality", "80"])
        #expect(result.status == 2 && result.stderr.contains("--quality"))
    }
}

/// A minimal zip writer (stored entries) so tests can build .npz archives without numpy.
enum StoredZip {
    static func archive(_ entries: [(name: String, data: [UInt8])]) -> [UInt8] {
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * UInt32($0))) & 0xFF) } }
        var body = [UInt8](), central = [UInt8]()
        for (name, data) in entries {
            let crc = crc32(data), offset = UInt32(body.count), nameBytes = Array(name.utf8)
            body += le32(0x0403_4B50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(crc)
            body += le32(UInt32(data.count)) + le32(UInt32(data.count)) + le16(nameBytes.count) + le16(0) + nameBytes + data
            central += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(crc)
            central += le32(UInt32(data.count)) + le32(UInt32(data.count)) + le16(nameBytes.count) + le16(0) + le16(0)
            central += le16(0) + le16(0) + le32(0) + le32(offset) + nameBytes
        }
        let end = le32(0x0605_4B50) + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
            + le32(UInt32(central.count)) + le32(UInt32(body.count)) + le16(0)
        return body + central + end
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }
}

