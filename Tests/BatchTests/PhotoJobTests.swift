@testable import Batch
import FeatureMaps
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
        try folder.file("in/deep.png", try PNGEncoder.encode(pixels: deep, width: 6, height: 4, channels: 3))
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

/// Profiles and metadata through the photo job, with the codec fixtures (`Fixtures/images/metadata`).
@Suite struct PhotoMetadataJobTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/images/metadata").path

    static func block(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + name)))
    }

    @Test func profilesAndMetadataAreKeptUprightAndStrippedOnRequest() throws {
        let folder = try TestFolder("photo-metadata")
        defer { folder.remove() }
        for name in ["jpeg-icc2-exif6-xmp.jpg", "png-icc-exif8-xmp.png", "png-rgba16-icc-exif-xmp.png"] {
            try folder.file("in/" + name, try Self.block(name))
        }
        #expect(try FilterJob.plan(PhotoJobTests.photos(folder, ["in"], kernels: ["sharpen"])).run().succeeded)
        let jpeg = try ImageDecoder.decode(path: folder.path + "/out/jpeg-icc2-exif6-xmp.jpg")
        #expect(jpeg.info.format == .jpeg && jpeg.tensor.shape == [1, 40, 24, 3], "upright: orientation 6 turned the 40×24 photo")
        #expect(jpeg.metadata.iccProfile == (try Self.block("icc-rgb-large.icc")), "the 66 KB profile spans two APP2 segments again")
        #expect(jpeg.metadata.exif == (try Self.block("exif-orient6-upright.tiff")))
        #expect(jpeg.metadata.xmp == (try Self.block("xmp-orient6-upright.xml")))
        let png = try ImageDecoder.decode(path: folder.path + "/out/png-icc-exif8-xmp.png")
        #expect(png.metadata.iccProfile == (try Self.block("icc-rgb-large.icc")))
        #expect(png.metadata.exif == (try Self.block("exif-orient8-upright.tiff")) && png.metadata.exifOrientation == 1)
        let deep = try ImageDecoder.decode(path: folder.path + "/out/png-rgba16-icc-exif-xmp.png")
        #expect(deep.info.bitDepth == 16 && deep.info.channels == 4 && deep.metadata.iccProfile != nil && deep.metadata.xmp != nil)

        var stripped = PhotoJobTests.photos(folder, ["in"], kernels: ["sharpen"], output: "stripped")
        stripped.stripMetadata = true
        #expect(try FilterJob.plan(stripped).run().succeeded)
        for name in ["jpeg-icc2-exif6-xmp.jpg", "png-icc-exif8-xmp.png", "png-rgba16-icc-exif-xmp.png"] {
            #expect(try ImageDecoder.decode(path: folder.path + "/stripped/" + name).metadata.isEmpty, "\(name)")
        }
    }

    @Test func featureMapsCarryNoMetadataAndAGrayMapNoColourProfile() throws {
        let folder = try TestFolder("maps-metadata")
        defer { folder.remove() }
        try folder.file("in/p.png", try Self.block("png-icc-exif8-xmp.png"))
        var options = FilterJobOptions(inputs: [folder.path + "/in"], outputFolder: folder.path + "/out", filters: [.kernel("blur")])
        options.mode = .depthwise
        #expect(try FilterJob.plan(options).run().succeeded)
        #expect(try ImageDecoder.decode(path: folder.path + "/out/p/blur.png").metadata.isEmpty)
        // A photo filtered as gray keeps its EXIF but not its RGB profile.
        var gray = PhotoJobTests.photos(folder, ["in"], kernels: ["blur"], output: "gray")
        gray.channels = .gray
        #expect(try FilterJob.plan(gray).run().succeeded)
        let out = try ImageDecoder.decode(path: folder.path + "/gray/p.png")
        #expect(out.info.channels == 1 && out.metadata.iccProfile == nil && out.metadata.exif != nil)
    }
}

/// Failure levels through the job: harmless damage is a warning in the report, damage to pixels fails.
@Suite struct FailureLevelJobTests {
    static let pillow = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/images/pillow").path

    @Test func harmlessDamageIsAWarningAndTheLevelDecides() throws {
        let folder = try TestFolder("fail-on")
        defer { folder.remove() }
        for name in ["junk_jpeg_header.jpg", "truncated_jpeg.jpg"] {
            try folder.file("in/" + name, Array(try Data(contentsOf: URL(fileURLWithPath: Self.pillow + "/" + name))))
        }
        func run(_ level: FailOn, _ output: String) throws -> RunReport {
            var options = PhotoJobTests.photos(folder, ["in"], kernels: ["blur"], output: output)
            options.failOn = level
            options.reportPath = folder.path + "/\(output).json"
            _ = try FilterJob.plan(options).run()
            return try RunReport.decode(Array(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/\(output).json"))))
        }
        let byName = { (report: RunReport) in Dictionary(uniqueKeysWithValues: report.inputs.map { (($0.input as NSString).lastPathComponent, $0) }) }
        let normal = byName(try run(.error, "error"))
        #expect(normal["junk_jpeg_header.jpg"]?.status == .ok)
        #expect(normal["junk_jpeg_header.jpg"]?.warnings?.first?.hasPrefix("damage") == true, "\(String(describing: normal["junk_jpeg_header.jpg"]))")
        #expect(normal["truncated_jpeg.jpg"]?.status == .failed)
        let strict = byName(try run(.warning, "warning"))
        #expect(strict["junk_jpeg_header.jpg"]?.status == .failed)
        let lenient = byName(try run(.none, "none"))
        #expect(lenient["truncated_jpeg.jpg"]?.status == .ok && lenient["truncated_jpeg.jpg"]?.warnings?.isEmpty == false)
    }
}

/// JPEG maps streamed band by band into the encoder are the bytes the whole-plane path writes.
@Suite struct StreamedJPEGJobTests {
    @Test(arguments: [Normalization.clamp, .minmax])
    func streamingWritesTheSameJPEGsAndStatistics(normalization: Normalization) throws {
        let folder = try TestFolder("stream")
        defer { folder.remove() }
        try FilterJobTests.png(folder, "in/a.png", width: 67, height: 45, channels: 3)
        func options(_ output: String, sheet: Bool) -> FilterJobOptions {
            var options = FilterJobOptions(inputs: [folder.path + "/in"], outputFolder: folder.path + "/" + output,
                                           filters: [.kernel("blur,sharpen,outline")])
            options.mode = .depthwise
            options.format = .jpeg
            options.normalization = normalization
            options.reportPath = folder.path + "/\(output).json"
            options.contactSheet = sheet ? ContactSheetOptions() : nil
            return options
        }
        let streamed = try FilterJob.plan(options("streamed", sheet: false))
        #expect(MapWriter(streamed).contactSheet == nil)
        #expect(try streamed.run().succeeded && FilterJob.plan(options("planes", sheet: true)).run().succeeded)
        for name in ["blur.jpg", "sharpen.jpg", "outline.jpg"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/streamed/a/" + name))
                == Data(contentsOf: URL(fileURLWithPath: folder.path + "/planes/a/" + name)), "\(name)")
        }
        let ranges = { (name: String) throws -> [String] in
            try RunReport.decode(Array(Data(contentsOf: URL(fileURLWithPath: folder.path + "/\(name).json")))).inputs[0].outputs.map {
                "\($0.filter) \($0.min) \($0.max) \(($0.mean * 1000).rounded())"
            }
        }
        #expect(try ranges("streamed") == ranges("planes"))
    }

    @Test func streamedPhotoMapsHoldNoPlaneSoTheMemoryBudgetNeverSplitsTheirKernels() throws {
        let folder = try TestFolder("photo-held")
        defer { folder.remove() }
        try FilterJobTests.png(folder, "in/a.png", channels: 3)
        var options = PhotoJobTests.photos(folder, ["in"], kernels: ["blur", "sharpen", "outline", "emboss"])
        options.outputMemoryBudget = 1
        let writer = MapWriter(try FilterJob.plan(options))
        let jpeg = DecodedSide(format: .jpeg, bitDepth: 8), png = DecodedSide(format: .png, bitDepth: 8)
        #expect(writer.bytesHeldPerValue(sides: [jpeg, jpeg]) == 0)
        #expect(writer.bytesHeldPerValue(sides: [jpeg, png]) == 1)
        #expect(writer.bytesHeldPerValue(sides: [DecodedSide(format: .png, bitDepth: 16)]) == 2)
        #expect(writer.filterGroups(count: 4, for: [1, 3000, 4000, 3], bytesPerValue: 0) == [0..<4])
        // Feature maps of a conv bank: one part with every map, quantised into planes.
        var maps = FilterJobTests.options(folder, ["in"])
        maps.format = .jpeg
        #expect(MapWriter(try FilterJob.plan(maps)).bytesHeldPerValue(sides: [jpeg]) == 1)
    }
}
