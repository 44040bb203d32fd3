import Foundation
import Testing
import ImageCodecs

/// Every good file in the corpus decodes to its independent reference (PNG exactly, JPEG within IDCT noise).
@Suite struct CorpusDecodeTests {
    @Test func manifestListsEveryCorpusFile() throws {
        let manifest = try CodecFixtures.loadManifest()
        #expect(manifest.good.count >= 60)
        #expect(manifest.broken.count >= 14)
        let readme = try String(contentsOf: CodecFixtures.root.appendingPathComponent("README.md"), encoding: .utf8)
        for folder in ["good", "broken"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: CodecFixtures.path(folder))
            for name in names {
                let relative = "\(folder)/\(name)"
                let listed = manifest.good.contains { $0.file == relative } || manifest.broken.contains { $0.file == relative }
                #expect(listed, "\(relative) is not in manifest.json")
                #expect(readme.contains("`\(relative)`"), "\(relative) is not in README.md")
            }
        }
        let used = Set(manifest.good.flatMap { [$0.reference] + ($0.storedReference.map { [$0] } ?? []) })
        for reference in used {
            #expect(FileManager.default.fileExists(atPath: CodecFixtures.path(reference)), "\(reference) is missing")
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: CodecFixtures.path("reference")) {
            #expect(used.contains("reference/\(name)"), "reference/\(name) is used by no good file")
        }
    }

    @Test(arguments: CodecFixtures.good)
    func decodesToReference(_ fixture: GoodFixture) throws {
        let expected = try fixture.expected()
        let decoded = try ImageDecoder.decode(path: CodecFixtures.path(fixture.file))
        #expect(decoded.info.format.rawValue == fixture.format)
        if let problem = expected.mismatch(shape: decoded.tensor.shape, scalars: decoded.tensor.scalars) {
            Issue.record("\(fixture.file): \(problem)")
        }
    }

    @Test func everyRuleAndFormatIsCovered() {
        let rules = Set(CodecFixtures.good.map(\.rule))
        #expect(rules == ["exact8", "exact16", "bits1", "bits2", "bits4", "jpeg", "cmyk-adobe"])
        #expect(CodecFixtures.good.contains { $0.format == "png" && $0.interlaced })
        #expect(CodecFixtures.good.contains { $0.format == "jpeg" && $0.interlaced })
    }
}
