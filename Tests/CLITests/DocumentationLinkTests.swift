import Foundation
import Testing

/// The README and every page under docs/: relative links resolve, and the README stays a front door.
@Suite struct DocumentationLinkTests {
    static let root = CLI.repositoryRoot

    static func pages() throws -> [URL] {
        let docs = root.appendingPathComponent("docs")
        let names = try FileManager.default.contentsOfDirectory(atPath: docs.path).filter { $0.hasSuffix(".md") }
        return [root.appendingPathComponent("README.md")] + names.sorted().map { docs.appendingPathComponent($0) }
    }

    /// Targets of `[text](target)` links outside code blocks, without their #fragment.
    static func relativeLinks(_ text: String) -> [String] {
        var inCode = false
        var links: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inCode.toggle(); continue }
            guard !inCode else { continue }
            let unquoted = line.replacingOccurrences(of: #"`[^`]*`"#, with: "", options: .regularExpression)
            var rest = Substring(unquoted)
            while let open = rest.range(of: "](") {
                let after = rest[open.upperBound...]
                guard let close = after.firstIndex(of: ")") else { break }
                let target = String(after[..<close])
                rest = after[after.index(after: close)...]
                if target.contains("://") || target.hasPrefix("mailto:") || target.hasPrefix("#") { continue }
                links.append(String(target.split(separator: "#", maxSplits: 1).first ?? ""))
            }
        }
        return links
    }

    @Test func everyRelativeLinkResolves() throws {
        for page in try Self.pages() {
            let text = try String(contentsOf: page, encoding: .utf8)
            for link in Self.relativeLinks(text) {
                let target = page.deletingLastPathComponent().appendingPathComponent(link).standardizedFileURL
                #expect(FileManager.default.fileExists(atPath: target.path), "\(page.lastPathComponent) links to \(link), which does not exist")
            }
        }
    }

    @Test func theReadmeIsShortAndItsQuickStartHasTwoCommands() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.split(separator: "\n", omittingEmptySubsequences: false).count <= 400)
        let start = try #require(readme.range(of: "## Quick start"))
        let block = readme[start.upperBound...].components(separatedBy: "```")[1]
        let commands = block.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("sh") }
        #expect(commands == ["Scripts/quickstart", "Scripts/test"])
    }
}
