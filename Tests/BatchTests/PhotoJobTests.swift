import Batch
import Essentials
import Foundation
import ImageCodecs
import Testing

/// The photo job (`filterbank filter`) in process: mirrored outputs, each photo's own format and depth,
/// alpha unchanged, inputs never touched.
@Suite struct PhotoJobTests {
    static func photos(_ folder: TestFolder, _ inputs: [String], kernels: [String] = ["identity"], output: String = "out") -> FilterJobOptions {
        FilterJobOptions.photos(inputs: inputs.map { folder.path + "/" + $0 }, outputFolder: folder.path + "/" + output,
                                filters: kernels.map(FilterSource.kernel))
    }

    static func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    @Test func oneKernelMirrorsTheTreeSeveralKernelsGetAFolderEach() throws {
        let folder = try TestFolder("photo-layout")
        defer { folder.remove() }
        try FilterJobTests.png(folder, "holiday/a.png", channels: 3)
        try FilterJobTests.png(folder, "holiday/day2/b.png", channels: 3, seed: 2)
        try folder.file("holiday/day2/c.jpg", try JPEGEncoder.encode(pixels: FilterJobTests.pattern(width: 8, height: 8, channels: 3, seed: 3),
                                                                       width: 8, height: 8, channels: 3, quality: 90))
        var one = Self.photos(folder, ["holiday"])
        one.recursive = true
        #expect(try FilterJob.plan(one).run().succeeded)
        #expect(try ApplyFiles.list(folder.path + "/out") == ["a.png", "day2/b.png", "day2/c.jpg"])
        #expect(try ImageDecoder.inspect(path: folder.path + "/out/day2/c.jpg").format == .jpeg)

        var two = Self.photos(folder, ["holiday", "holiday/a.png"], kernels: ["identity", "blur"], output: "two")
        two.recursive = true
        #expect(try FilterJob.plan(two).run().succeeded)
        #expect(try ApplyFiles.list(folder.path + "/two") == [
            "blur/a.png", "blur/a~2.png", "blur/day2/b.png", "blur/day2/c.jpg",
            "identity/a.png", "identity/a~2.png", "identity/day2/b.png", "identity/day2/c.jpg",
        ])
    }

    @Test func identityKeepsPixelsAlphaAndSixteenBitsExactly() throws {
        let folder = try TestFolder("photo-exact")
        defer { folder.remove() }
        let rgba = FilterJobTests.pattern(width: 7, height: 5, channels: 4, seed: 5)
        try folder.file("in/rgba.png", try PNGEncoder.encode(pixels: rgba, width: 7, height: 5, channels: 4))
        let deep = (0..<(6 * 4 * 3)).map { UInt16(truncatingIfNeeded: $0 &* 2654435761 >> 7) }
        try folder.file("in/deep.png", try PNGEncoder.encode16(pixels: deep, width: 6, height: 4, channels: 3))
        let before = try ["rgba.png", "deep.png"].map { try Self.bytes(folder.path + "/in/" + $0) }
        #expect(try FilterJob.plan(Self.photos(folder, ["in"])).run().succeeded)

        let outRGBA = try ImageDecoder.decode(path: folder.path + "/out/rgba.png", options: DecodeOptions(channels: .keep))
        #expect(outRGBA.info.channels == 4 && outRGBA.tensor.scalars.map { UInt8($0) } == rgba)
        let outDeep = try ImageDecoder.decode(path: folder.path + "/out/deep.png", options: DecodeOptions(channels: .keep))
        #expect(outDeep.info.bitDepth == 16)
        #expect(outDeep.tensor.scalars.map { UInt16(($0 * 257).rounded()) } == deep)
        // Inputs are never modified.
        #expect(try ["rgba.png", "deep.png"].map { try Self.bytes(folder.path + "/in/" + $0) } == before)
    }

    @Test func colourIsFilteredAndAlphaStaysAsItWas() throws {
        let folder = try TestFolder("photo-alpha")
        defer { folder.remove() }
        let rgba = FilterJobTests.pattern(width: 9, height: 6, channels: 4, seed: 7)
        try folder.file("in/p.png", try PNGEncoder.encode(pixels: rgba, width: 9, height: 6, channels: 4))
        #expect(try FilterJob.plan(Self.photos(folder, ["in"], kernels: ["blur"])).run().succeeded)
        let out = try ImageDecoder.decode(path: folder.path + "/out/p.png", options: DecodeOptions(channels: .keep))
        let values = out.tensor.scalars.map { UInt8($0) }
        #expect(stride(from: 3, to: values.count, by: 4).map { values[$0] } == stride(from: 3, to: rgba.count, by: 4).map { rgba[$0] })
        #expect(stride(from: 0, to: values.count, by: 4).map { values[$0] } != stride(from: 0, to: rgba.count, by: 4).map { rgba[$0] })
    }

    @Test func theEdgeIsExtendedSoNoFrameIsPainted() throws {
        let folder = try TestFolder("photo-border")
        defer { folder.remove() }
        let flat = [UInt8](repeating: 105, count: 10 * 8 * 3)
        try folder.file("in/flat.png", try PNGEncoder.encode(pixels: flat, width: 10, height: 8, channels: 3))
        #expect(try FilterJob.plan(Self.photos(folder, ["in"], kernels: ["sharpen", "blur"])).run().succeeded)
        for kernel in ["sharpen", "blur"] {
            let out = try ImageDecoder.decode(path: folder.path + "/out/\(kernel)/flat.png").tensor.scalars
            #expect(out.allSatisfy { $0 == 105 }, "\(kernel): a flat photo stays flat up to its edges")
        }
        var framed = Self.photos(folder, ["in"], kernels: ["sharpen"], output: "zero")
        framed.geometry.border = .zero
        #expect(try FilterJob.plan(framed).run().succeeded)
        let zero = try ImageDecoder.decode(path: folder.path + "/zero/flat.png").tensor
        #expect(zero[0, 0, 0, 0] == 255 && zero[0, 4, 5, 0] == 105, "zero padding brightens the border after sharpen")
    }

    @Test func anOutputThatWouldLandOnAnInputIsRefusedAndNothingIsTouched() throws {
        let folder = try TestFolder("photo-protect")
        defer { folder.remove() }
        let input = try FilterJobTests.png(folder, "holiday/a.png", channels: 3)
        let before = try Self.bytes(input)
        let cases: [(FilterJobOptions, String)] = [
            (Self.photos(folder, ["holiday"], output: "holiday"), "is the input folder"),
            (Self.photos(folder, ["holiday/a.png"], output: "holiday"), "would overwrite the input"),
            (Self.photos(folder, ["holiday"], output: "holiday/."), "is the input folder"),
        ]
        for (options, fragment) in cases {
            #expect { try FilterJob.plan(options) } throws: { error in
                (error as? FilterJobError)?.description.contains(fragment) == true
            }
        }
        #expect(try Self.bytes(input) == before)
        #expect(try folder.names("holiday") == ["a.png"])
    }
}

/// Files under a folder, relative and sorted (temporaries included, so leftovers would show).
enum ApplyFiles {
    static func list(_ folder: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var found: [String] = []
        while let name = enumerator.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder), !isFolder.boolValue { found.append(name) }
        }
        return found.sorted()
    }
}
