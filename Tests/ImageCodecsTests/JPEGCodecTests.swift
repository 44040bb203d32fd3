import Foundation
import Testing
@testable import ImageCodecs

/// Focused JPEG tests on images encoded here or crafted byte by byte. Expected values come from the
/// source pixels (round trips), from hand calculation (CMYK, orientation) or from the equivalence of
/// lossless re-codings (progressive / arithmetic / restart decode to the same pixels as baseline).
@Suite struct JPEGCodecTests {
    // MARK: Test images

    /// A smooth photo-like RGB image: gradients plus a soft blob, no hard edges (JPEG-friendly).
    static func smoothRGB(width: Int, height: Int) -> [UInt8] {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let fx = Double(x) / Double(width), fy = Double(y) / Double(height)
                let blob = exp(-((fx - 0.5) * (fx - 0.5) + (fy - 0.4) * (fy - 0.4)) * 8)
                let i = (y * width + x) * 3
                pixels[i] = UInt8(40 + 180 * fx)
                pixels[i + 1] = UInt8(30 + 150 * fy)
                pixels[i + 2] = UInt8(60 + 150 * blob)
            }
        }
        return pixels
    }

    static func smoothGray(width: Int, height: Int) -> [UInt8] {
        (0..<(width * height)).map { i in
            let x = i % width, y = i / width
            return UInt8(20 + (200 * (x + y)) / (width + height))
        }
    }

    static func meanAbsError(_ decoded: [Float], _ source: [UInt8]) -> Double {
        zip(decoded, source).reduce(0) { $0 + abs(Double($1.0) - Double($1.1)) } / Double(source.count)
    }

    static func maxAbsError(_ decoded: [Float], _ source: [UInt8]) -> Float {
        zip(decoded, source).reduce(0) { max($0, abs($1.0 - Float($1.1))) }
    }

    static func encode(_ pixels: [UInt8], _ width: Int, _ height: Int, _ channels: Int,
                       _ options: JPEGEncodeOptions = .init()) throws -> [UInt8] {
        try pixels.withUnsafeBufferPointer {
            try JPEGEncoder.encode(pixels: $0, width: width, height: height, channels: channels, options: options)
        }
    }

    static func encodeCMYK(_ pixels: [UInt8], _ width: Int, _ height: Int, adobe: Bool, ycck: Bool) throws -> [UInt8] {
        try pixels.withUnsafeBufferPointer {
            try JPEGEncoder.encodeAny(pixels: $0, width: width, height: height, channels: 4,
                                      options: JPEGEncodeOptions(quality: 100), cmyk: .init(adobeMarker: adobe, ycck: ycck),
                                      file: "cmyk")
        }
    }

    /// Offset of the first SOFn marker's height field in a JPEG stream, found by walking the segments.
    static func sofDimensionsOffset(_ jpeg: [UInt8]) -> Int? {
        var at = 2
        while at + 4 <= jpeg.count, jpeg[at] == 0xFF {
            let marker = jpeg[at + 1]
            let length = Int(jpeg[at + 2]) << 8 | Int(jpeg[at + 3])
            if (0xC0...0xCF).contains(marker), marker != 0xC4, marker != 0xC8, marker != 0xCC { return at + 5 }
            at += 2 + length
        }
        return nil
    }

    /// Offset just after the SOS segment header, where entropy-coded data starts.
    static func entropyStart(_ jpeg: [UInt8]) -> Int? {
        var at = 2
        while at + 4 <= jpeg.count, jpeg[at] == 0xFF {
            let length = Int(jpeg[at + 2]) << 8 | Int(jpeg[at + 3])
            if jpeg[at + 1] == 0xDA { return at + 2 + length }
            at += 2 + length
        }
        return nil
    }

    /// An APP1 segment holding "Exif\0\0" + a little-endian TIFF with one orientation entry.
    static func exifSegment(orientation: UInt16) -> [UInt8] {
        var tiff: [UInt8] = [0x49, 0x49, 42, 0, 8, 0, 0, 0]           // "II", 42, IFD at 8
        tiff += [1, 0]                                                  // one entry
        tiff += [0x12, 0x01, 3, 0, 1, 0, 0, 0]                          // tag 0x0112, SHORT, count 1
        tiff += [UInt8(orientation & 0xFF), UInt8(orientation >> 8), 0, 0]
        tiff += [0, 0, 0, 0]                                            // no next IFD
        let payload: [UInt8] = Array("Exif".utf8) + [0, 0] + tiff
        let length = payload.count + 2
        return [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }

    /// `jpeg` with `segments` inserted right after SOI.
    static func inserting(_ segments: [UInt8], into jpeg: [UInt8]) -> [UInt8] {
        Array(jpeg[0..<2]) + segments + Array(jpeg[2...])
    }

    // MARK: Round trips

    @Test(arguments: [50, 75, 90, 100])
    func grayRoundTrip(quality: Int) throws {
        let source = Self.smoothGray(width: 64, height: 40)
        let jpeg = try Self.encode(source, 64, 40, 1, JPEGEncodeOptions(quality: quality))
        let raw = try JPEGDecoder.decode(jpeg, file: "gray.jpg", maxPixels: 1 << 20)
        #expect(raw.channels == 1)
        #expect(raw.info.width == 64 && raw.info.height == 40 && raw.info.colorModel == "gray")
        // A smooth ramp survives JPEG almost untouched; allow more loss at low quality.
        #expect(Self.meanAbsError(raw.samples.floats, source) < (quality >= 90 ? 0.8 : 2.0))
        #expect(Self.maxAbsError(raw.samples.floats, source) <= (quality >= 90 ? 4 : 10))
    }

    @Test(arguments: [(JPEGEncodeOptions.Subsampling.none444, "4:4:4"), (.half422, "4:2:2"), (.quarter420, "4:2:0")])
    func rgbRoundTrip(subsampling: JPEGEncodeOptions.Subsampling, name: String) throws {
        let source = Self.smoothRGB(width: 80, height: 48)
        let jpeg = try Self.encode(source, 80, 48, 3, JPEGEncodeOptions(quality: 95, subsampling: subsampling))
        let raw = try JPEGDecoder.decode(jpeg, file: "rgb.jpg", maxPixels: 1 << 20)
        #expect(raw.channels == 3 && raw.info.channels == 3)
        #expect(raw.info.colorModel == "YCbCr \(name)")
        #expect(raw.info.interlaced == false)
        #expect(Self.meanAbsError(raw.samples.floats, source) < 1.5)
        #expect(Self.maxAbsError(raw.samples.floats, source) <= 8)
    }

    @Test func higherQualityIsLargerAndCloser() throws {
        let source = Self.smoothRGB(width: 96, height: 64)
        let low = try Self.encode(source, 96, 64, 3, JPEGEncodeOptions(quality: 30))
        let high = try Self.encode(source, 96, 64, 3, JPEGEncodeOptions(quality: 95))
        #expect(low.count < high.count)
        let lowError = Self.meanAbsError(try JPEGDecoder.decode(low, file: "l", maxPixels: 1 << 20).samples.floats, source)
        let highError = Self.meanAbsError(try JPEGDecoder.decode(high, file: "h", maxPixels: 1 << 20).samples.floats, source)
        #expect(highError < lowError)
    }

    @Test func defaultEncodeIsBaselineWithSubsamplingByQuality() throws {
        let source = Self.smoothRGB(width: 32, height: 32)
        let jpeg = try JPEGEncoder.encode(pixels: source, width: 32, height: 32, channels: 3)
        #expect(jpeg.starts(with: [0xFF, 0xD8, 0xFF]))
        #expect(jpeg.suffix(2) == [0xFF, 0xD9])
        // SOF0 (baseline Huffman) is present, not SOF2 (progressive).
        let sof = try #require(Self.sofDimensionsOffset(jpeg))
        #expect(jpeg[sof - 5 + 1] == 0xC0)
        // libvips's rule: no chroma subsampling at quality 90 and above, 4:2:0 below.
        #expect(try JPEGDecoder.header(jpeg, file: "d").info.colorModel == "YCbCr 4:4:4")
        let q89 = try JPEGEncoder.encode(pixels: source, width: 32, height: 32, channels: 3, quality: 89)
        #expect(try JPEGDecoder.header(q89, file: "d").info.colorModel == "YCbCr 4:2:0")
        for subsampling in JPEGEncodeOptions.Subsampling.allCases {
            let chosen = try JPEGEncoder.encode(pixels: source, width: 32, height: 32, channels: 3,
                                                options: JPEGEncodeOptions(quality: 95, subsampling: subsampling))
            let model = try JPEGDecoder.header(chosen, file: "d").info.colorModel
            #expect(model == "YCbCr 4:" + subsampling.rawValue.dropFirst().map(String.init).joined(separator: ":"))
        }
    }

    // MARK: Codings that must decode to the same pixels

    /// Progressive, arithmetic and restart-interval versions of one image hold the same quantised
    /// coefficients, so they must decode to exactly the baseline's pixels.
    @Test func progressiveArithmeticAndRestartDecodeLikeBaseline() throws {
        let source = Self.smoothRGB(width: 72, height: 56)
        let baseline = try JPEGDecoder.decode(Self.encode(source, 72, 56, 3), file: "b", maxPixels: 1 << 20)
        let variants: [(String, JPEGEncodeOptions)] = [
            ("progressive", JPEGEncodeOptions(progressive: true)),
            ("arithmetic", JPEGEncodeOptions(arithmetic: true)),
            ("progressive arithmetic", JPEGEncodeOptions(progressive: true, arithmetic: true)),
            ("restart", JPEGEncodeOptions(restartRows: 1)),
            ("optimized Huffman", JPEGEncodeOptions(optimizeHuffman: true)),
        ]
        for (name, options) in variants {
            let jpeg = try Self.encode(source, 72, 56, 3, options)
            let decoded = try JPEGDecoder.decode(jpeg, file: name, maxPixels: 1 << 20)
            #expect(decoded.samples.floats == baseline.samples.floats, "\(name)")
            #expect(decoded.info.interlaced == options.progressive, "\(name)")
        }
    }

    // MARK: CMYK and YCCK

    /// Flat colours at quality 100 survive encoding to within ±1, so the RGB values follow the
    /// documented formulas, computed here by hand.
    @Test func plainCMYKConvertsWithTheSubtractiveFormula() throws {
        // C=0, M=128, Y=255, K=64 → R = 255·(1−0)·(1−64/255) = 191, G = 127·191/255 = 95.1, B = 0.
        let pixels = (0..<(16 * 16 * 4)).map { ([0, 128, 255, 64] as [UInt8])[$0 % 4] }
        let jpeg = try Self.encodeCMYK(pixels, 16, 16, adobe: false, ycck: false)
        let raw = try JPEGDecoder.decode(jpeg, file: "cmyk.jpg", maxPixels: 1 << 20)
        #expect(raw.info.channels == 4 && raw.channels == 3 && raw.info.colorModel == "CMYK")
        for p in 0..<256 {
            #expect(abs(raw.samples.floats[p * 3] - 191) <= 1.5 && abs(raw.samples.floats[p * 3 + 1] - 95) <= 1.5 && raw.samples.floats[p * 3 + 2] <= 1.5)
        }
    }

    @Test(arguments: [false, true])
    func adobeInvertedCMYKAndYCCK(ycck: Bool) throws {
        // Stored (inverted) C=0, M=128, Y=255, K=64 → R = 0·64/255 = 0, G = 128·64/255 = 32.1, B = 255·64/255 = 64.
        let pixels = (0..<(16 * 16 * 4)).map { ([0, 128, 255, 64] as [UInt8])[$0 % 4] }
        let jpeg = try Self.encodeCMYK(pixels, 16, 16, adobe: true, ycck: ycck)
        let raw = try JPEGDecoder.decode(jpeg, file: "adobe.jpg", maxPixels: 1 << 20)
        #expect(raw.info.colorModel == (ycck ? "YCCK (Adobe)" : "CMYK (Adobe)"))
        let tolerance: Float = ycck ? 2.5 : 1.5
        for p in 0..<256 {
            #expect(raw.samples.floats[p * 3] <= tolerance)
            #expect(abs(raw.samples.floats[p * 3 + 1] - 32) <= tolerance)
            #expect(abs(raw.samples.floats[p * 3 + 2] - 64) <= tolerance)
        }
    }

    // MARK: Strictness and limits

    @Test func truncatedDataFailsNamingTheFile() throws {
        let jpeg = try Self.encode(Self.smoothRGB(width: 64, height: 64), 64, 64, 3)
        for cut in [jpeg.count / 2, jpeg.count - 2, 20] {
            let error = #expect(throws: ImageCodecError.self) {
                try JPEGDecoder.decode(Array(jpeg.prefix(cut)), file: "cut.jpg", maxPixels: 1 << 20)
            }
            #expect(error?.file == "cut.jpg")
            #expect(error?.message.contains("Premature end of JPEG file") == true, "\(error?.message ?? "")")
        }
    }

    @Test func truncatedProgressiveFails() throws {
        let jpeg = try Self.encode(Self.smoothRGB(width: 64, height: 64), 64, 64, 3, JPEGEncodeOptions(progressive: true))
        #expect(throws: ImageCodecError.self) {
            try JPEGDecoder.decode(Array(jpeg.prefix(jpeg.count * 2 / 3)), file: "p.jpg", maxPixels: 1 << 20)
        }
    }

    /// A stray RST marker and junk bytes inside the entropy-coded data: libjpeg warns ("Corrupt JPEG
    /// data") and would fill gray; strict decoding refuses.
    @Test func corruptEntropyDataFails() throws {
        let jpeg = try Self.encode(Self.smoothRGB(width: 64, height: 64), 64, 64, 3)
        let start = try #require(Self.entropyStart(jpeg))
        var corrupt = jpeg
        let middle = (start + jpeg.count) / 2
        corrupt.replaceSubrange(middle..<(middle + 4), with: [0xFF, 0xD3, 0x12, 0x34])
        let error = #expect(throws: ImageCodecError.self) {
            try JPEGDecoder.decode(corrupt, file: "corrupt.jpg", maxPixels: 1 << 20)
        }
        #expect(error?.message.contains("Corrupt JPEG data") == true, "\(error?.message ?? "")")
    }

    @Test func notAJPEGAfterTheSignatureFails() {
        let error = #expect(throws: ImageCodecError.self) {
            try JPEGDecoder.decode([0xFF, 0xD8, 0xFF, 0xE0, 0, 2, 0xFF, 0xD9], file: "junk.jpg", maxPixels: 100)
        }
        #expect(error?.file == "junk.jpg")
    }

    /// A small file whose SOF claims 60000 × 60000: refused from the header, fast, before the 3.6 GP
    /// pixel buffer could be allocated.
    @Test func oversizedHeaderIsRefusedBeforeAllocation() throws {
        var jpeg = try Self.encode(Self.smoothGray(width: 16, height: 16), 16, 16, 1)
        let sof = try #require(Self.sofDimensionsOffset(jpeg))
        jpeg.replaceSubrange(sof..<(sof + 4), with: [0xEA, 0x60, 0xEA, 0x60])
        let started = Date()
        let error = #expect(throws: ImageCodecError.self) {
            try JPEGDecoder.decode(jpeg, file: "huge.jpg", maxPixels: 100_000_000)
        }
        #expect(Date().timeIntervalSince(started) < 0.5)
        #expect(error?.message.contains("over the limit of 100000000") == true, "\(error?.message ?? "")")
        // Headers alone are fine to read.
        let info = try JPEGDecoder.header(jpeg, file: "huge.jpg").info
        #expect(info.width == 60000 && info.height == 60000)
    }

    /// libjpeg's default progressive script has 10 scans for YCbCr: a bound of 5 stops it, 10 lets it through.
    @Test func scanCountIsBounded() throws {
        let jpeg = try Self.encode(Self.smoothRGB(width: 24, height: 24), 24, 24, 3, JPEGEncodeOptions(progressive: true))
        let error = #expect(throws: ImageCodecError.self) {
            try JPEGDecoder.decode(jpeg, file: "scans.jpg", maxPixels: 1 << 20, maxScans: 5)
        }
        #expect(error?.message == "more than 5 scans")
        #expect(try JPEGDecoder.decode(jpeg, file: "scans.jpg", maxPixels: 1 << 20, maxScans: 10).samples.count == 24 * 24 * 3)
    }

    @Test func maxPixelsIsInclusive() throws {
        let jpeg = try Self.encode(Self.smoothGray(width: 10, height: 10), 10, 10, 1)
        #expect(try JPEGDecoder.decode(jpeg, file: "a", maxPixels: 100).samples.count == 100)
        #expect(throws: ImageCodecError.self) { try JPEGDecoder.decode(jpeg, file: "a", maxPixels: 99) }
    }

    // MARK: EXIF orientation

    @Test func orientationIsReadFromExifAndApplied() throws {
        // Left half dark (30), right half bright (220), 32 × 16: after orientation 6 (rotate 90° clockwise)
        // the image is 16 × 32 with the dark half on top.
        let source = (0..<(32 * 16)).map { UInt8($0 % 32 < 16 ? 30 : 220) }
        let plain = try Self.encode(source, 32, 16, 1, JPEGEncodeOptions(quality: 100))
        // An XMP APP1 first: only the "Exif\0\0" one counts.
        let xmpPayload = Array("http://ns.adobe.com/xap/1.0/\0<x/>".utf8)
        let xmp: [UInt8] = [0xFF, 0xE1, 0, UInt8(xmpPayload.count + 2)] + xmpPayload
        let jpeg = Self.inserting(xmp + Self.exifSegment(orientation: 6), into: plain)
        #expect(try JPEGDecoder.header(jpeg, file: "o.jpg").info.orientation == 6)

        let upright = try ImageDecoder.decode(bytes: jpeg, file: "o.jpg")
        #expect(upright.tensor.shape == [1, 32, 16, 1])
        #expect(abs(upright.tensor[0, 2, 8, 0] - 30) <= 3)
        #expect(abs(upright.tensor[0, 29, 8, 0] - 220) <= 3)

        let stored = try ImageDecoder.decode(bytes: jpeg, file: "o.jpg", options: DecodeOptions(applyOrientation: false))
        #expect(stored.tensor.shape == [1, 16, 32, 1])
    }

    @Test func malformedExifIsIgnored() throws {
        let plain = try Self.encode(Self.smoothGray(width: 8, height: 8), 8, 8, 1)
        var segment = Self.exifSegment(orientation: 6)
        segment[4 + 6 + 4] = 0xF0   // IFD offset now points far outside the block
        let jpeg = Self.inserting(segment, into: plain)
        #expect(try JPEGDecoder.decode(jpeg, file: "e.jpg", maxPixels: 100).info.orientation == 1)
        let nine = Self.inserting(Self.exifSegment(orientation: 9), into: plain)
        #expect(try JPEGDecoder.header(nine, file: "e.jpg").info.orientation == 1)
    }

    // MARK: Encoder argument checks

    @Test func encoderRejectsBadArguments() {
        let four = [UInt8](repeating: 0, count: 16)
        #expect(throws: ImageCodecError.self) { try JPEGEncoder.encode(pixels: four, width: 2, height: 2, channels: 4) }
        #expect(throws: ImageCodecError.self) { try JPEGEncoder.encode(pixels: four, width: 4, height: 4, channels: 1, quality: 0) }
        #expect(throws: ImageCodecError.self) { try JPEGEncoder.encode(pixels: four, width: 4, height: 5, channels: 1) }
        #expect(throws: ImageCodecError.self) { try JPEGEncoder.encode(pixels: [], width: 0, height: 0, channels: 1) }
    }
}

/// `ImageDecoder.inspect(path:)` reads only a prefix of big JPEGs and falls back to the whole file
/// when the headers do not fit in it.
@Suite struct JPEGInspectPathTests {
    static func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("jpeg-inspect-\(UUID().uuidString)-\(name)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func bigFileWithHeadersInThePrefix() throws {
        let jpeg = try JPEGEncoder.encode(pixels: [UInt8](repeating: 90, count: 24 * 16), width: 24, height: 16, channels: 1)
        // Trailing bytes after EOI make the file bigger than the prefix; the header is at the start.
        let path = try Self.write(JPEGCodecTests.inserting(JPEGCodecTests.exifSegment(orientation: 3), into: jpeg)
                                  + [UInt8](repeating: 0, count: ImageDecoder.jpegHeaderPrefix + 10), "big.jpg")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let info = try ImageDecoder.inspect(path: path)
        #expect(info.width == 24 && info.height == 16 && info.orientation == 3)
    }

    @Test func headersLongerThanThePrefix() throws {
        let jpeg = try JPEGEncoder.encode(pixels: [UInt8](repeating: 90, count: 24 * 16), width: 24, height: 16, channels: 1)
        // 20 APP2 segments of 60 000 bytes (as a split ICC profile would be) push SOS past 1 MiB.
        let payload = [UInt8](repeating: 7, count: 60_000)
        let app2: [UInt8] = [0xFF, 0xE2, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
        let padded = JPEGCodecTests.inserting(Array([[UInt8]](repeating: app2, count: 20).joined()), into: jpeg)
        #expect(padded.count > ImageDecoder.jpegHeaderPrefix)
        let path = try Self.write(padded, "icc.jpg")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ImageDecoder.inspect(path: path).width == 24)
        // And a genuinely truncated header still fails, naming the file.
        let cut = try Self.write(Array(padded.prefix(ImageDecoder.jpegHeaderPrefix + 100)), "cut.jpg")
        defer { try? FileManager.default.removeItem(atPath: cut) }
        let error = #expect(throws: ImageCodecError.self) { try ImageDecoder.inspect(path: cut) }
        #expect(error?.file == cut)
    }
}
