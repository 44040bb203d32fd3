import Foundation
import Testing
import ImageCodecs

/// Every broken file is refused with an `ImageCodecError` naming the file, quickly and without allocating
/// from the header's claims.
@Suite struct BrokenFileTests {
    /// Generous for a debug build on a busy machine; a refusal takes milliseconds.
    static let timeLimit = Duration.seconds(1)

    @Test(arguments: CodecFixtures.broken)
    func isRefusedQuickly(_ fixture: BrokenFixture) {
        let path = CodecFixtures.path(fixture.file)
        let name = (fixture.file as NSString).lastPathComponent
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let image = try ImageDecoder.decode(path: path)
            Issue.record("\(fixture.file) decoded to \(image.tensor.shape) instead of being refused")
        } catch let error as ImageCodecError {
            #expect(error.description.contains(name), "message does not name the file: \(error)")
            switch fixture.expect {
            case "limit": #expect(mentionsPixelLimit(error.message), "not refused on the pixel limit: \(error)")
            case "scans": #expect(error.message.lowercased().contains("scans"), "not refused on the scan bound: \(error)")
            default: break
            }
        } catch {
            Issue.record("\(fixture.file): \(type(of: error)) is not an ImageCodecError: \(error)")
        }
        let elapsed = clock.now - start
        #expect(elapsed < Self.timeLimit, "\(fixture.file) took \(elapsed)")
    }

    /// Bounded memory. The peak resident size only grows, and other tests run in parallel (some decode these
    /// files too), so there are two checks: the rise while this loop decodes each file, and the whole test
    /// process's peak afterwards (a normal run stays far below it; a 2 GB allocation from a header does not).
    @Test func peakMemoryStaysBounded() {
        let allowedRiseKB = 256 * 1024, allowedPeakKB = 1536 * 1024
        for fixture in CodecFixtures.broken {
            let before = peakResidentKB()
            _ = try? ImageDecoder.decode(path: CodecFixtures.path(fixture.file))
            _ = try? ImageDecoder.decode(path: CodecFixtures.path(fixture.file), options: DecodeOptions(failOn: .none))
            _ = try? ImageDecoder.inspect(path: CodecFixtures.path(fixture.file))
            let rise = peakResidentKB() - before
            #expect(rise < allowedRiseKB, "\(fixture.file) raised the peak resident size by \(rise / 1024) MB")
        }
        let peak = peakResidentKB()
        #expect(peak < allowedPeakKB, "the test process peaked at \(peak / 1024) MB while broken files were decoded")
    }

    /// Below the default level a broken file may decode, but never silently: it carries a warning that
    /// the default level would have refused.
    @Test(arguments: CodecFixtures.broken)
    func tolerantLevelsDecodeOnlyWithAWarning(_ fixture: BrokenFixture) throws {
        for level in [FailOn.none, .truncated] {
            guard let decoded = try? ImageDecoder.decode(path: CodecFixtures.path(fixture.file), options: DecodeOptions(failOn: level))
            else { continue }
            #expect(decoded.warnings.contains { FailOn.error.refuses($0.kind) && !level.refuses($0.kind) },
                    "\(fixture.file) decoded at \(level.rawValue) with \(decoded.warnings)")
        }
        #expect(throws: ImageCodecError.self) {
            try ImageDecoder.decode(path: CodecFixtures.path(fixture.file), options: DecodeOptions(failOn: .warning))
        }
    }

    /// Files whose header itself is wrong cannot be inspected either.
    @Test(arguments: ["broken/empty.png", "broken/text.png", "broken/bad-signature.png",
                      "broken/bad-ihdr-crc.png", "broken/bad-color-type.png", "broken/bad-bit-depth.png"])
    func badHeaderIsRefusedByInspect(_ file: String) {
        #expect {
            _ = try ImageDecoder.inspect(path: CodecFixtures.path(file))
        } throws: { error in
            guard let error = error as? ImageCodecError else { return false }
            return error.description.contains((file as NSString).lastPathComponent)
        }
    }

    @Test(arguments: ["good/png-rgb8.png", "good/jpeg-444.jpg", "good/png-rgb8-adam7.png", "good/jpeg-progressive.jpg"])
    func pixelLimitIsConfigurable(_ file: String) throws {
        let path = CodecFixtures.path(file)
        let fixture = try #require(CodecFixtures.good(file))
        let pixels = fixture.width * fixture.height
        let atLimit = try ImageDecoder.decode(path: path, options: DecodeOptions(maxPixels: pixels))
        #expect(atLimit.tensor.shape[1] * atLimit.tensor.shape[2] == pixels)
        #expect {
            _ = try ImageDecoder.decode(path: path, options: DecodeOptions(maxPixels: pixels - 1))
        } throws: { error in
            guard let error = error as? ImageCodecError else { return false }
            return error.description.contains((file as NSString).lastPathComponent) && mentionsPixelLimit(error.message)
        }
    }

    @Test func missingFileIsAReadError() {
        #expect {
            _ = try ImageDecoder.decode(path: CodecFixtures.path("good/no-such-file.png"))
        } throws: { error in
            (error as? ImageCodecError)?.description.contains("no-such-file.png") == true
        }
    }
}

/// The process's peak resident set size in KB (getrusage).
func peakResidentKB() -> Int {
    var usage = rusage()
    #if os(Linux)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return usage.ru_maxrss
    #else
    getrusage(RUSAGE_SELF, &usage)
    return usage.ru_maxrss / 1024  // bytes on Darwin
    #endif
}

/// Whether a refusal message talks about the image size or the limit, not some later failure.
func mentionsPixelLimit(_ message: String) -> Bool {
    let lower = message.lowercased()
    return ["limit", "too large", "too big", "megapixel", "exceeds"].contains { lower.contains($0) }
}
