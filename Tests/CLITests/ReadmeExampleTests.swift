import Foundation
import ImageCodecs
import Testing

/// The README's Swift example is the `filterbank-example` target, word for word, and it runs.
@Suite struct ReadmeExampleTests {
    /// The ```swift block under the README heading "Using FilterBank from Swift".
    static func readmeSnippet() throws -> String {
        let readme = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "## Using FilterBank from Swift"))
        let rest = readme[section.upperBound...]
        let open = try #require(rest.range(of: "```swift\n"))
        let close = try #require(rest[open.upperBound...].range(of: "```"))
        return String(rest[open.upperBound..<close.lowerBound])
    }

    @Test func readmeShowsTheCompiledExample() throws {
        let source = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("Sources/filterbank-example/main.swift"), encoding: .utf8)
        #expect(try Self.readmeSnippet() == source)
    }

    @Test func theExampleRunsAJob() throws {
        let folder = try CLI.temporaryDirectory("example")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Fixtures/photos"), withIntermediateDirectories: true)
        let pixels = (0..<(8 * 6 * 3)).map { UInt8(truncatingIfNeeded: $0 * 29) }
        try Data(try PNGEncoder.encode(pixels: pixels, width: 8, height: 6, channels: 3))
            .write(to: folder.appendingPathComponent("Fixtures/photos/tile.png"))
        let result = try CLI.run([], executable: "filterbank-example", in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "1/1 Fixtures/photos/tile.png: ok\n1 ok, 0 failed, 2 files written\n")
        for name in ["out/swift/tile/sharpen.png", "out/swift/tile/outline.png", "out/swift/report.json"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path), "\(name)")
        }
    }
}
