import Foundation
import Testing

/// The package's layering as declared is the layering the code uses: every Swift target imports exactly
/// the targets and products Package.swift lets it depend on, and no source file outgrows 400 lines.
@Suite struct PackageLayoutTests {
    /// Modules every target may import without declaring them (the toolchain's and the C library's).
    static let toolchainModules: Set<String> = ["Foundation", "Dispatch", "Glibc", "Darwin", "Synchronization"]

    /// Swift targets under Sources/ and the names their `dependencies:` list in Package.swift.
    static func declaredDependencies() throws -> [String: Set<String>] {
        let manifest = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        var declared = [String: Set<String>]()
        var rest = manifest[...]
        while let open = rest.range(of: #"\.(target|executableTarget)\("#, options: .regularExpression) {
            let body = try Self.balanced(rest[open.upperBound...])
            rest = rest[open.upperBound...]
            let name = try #require(Self.quoted(after: "name:", in: body).first)
            guard let list = body.range(of: "dependencies: [") else { declared[name] = []; continue }
            let dependencies = try Self.balanced(body[list.upperBound...], opening: "[", closing: "]")
            // "Target" entries, and .product(name: "Product", package: …) entries by their product name.
            let products = Self.quoted(after: ".product(name:", in: dependencies)
            let targets = Self.quoted(after: "", in: dependencies[...].replacingOccurrences(
                of: #"\.product\([^)]*\)"#, with: "", options: .regularExpression)[...])
            declared[name] = Set(products + targets)
        }
        return declared
    }

    @Test func everySwiftTargetImportsWhatItDeclares() throws {
        let declared = try Self.declaredDependencies()
        let sources = CLI.repositoryRoot.appendingPathComponent("Sources")
        var swiftTargets = 0
        for (target, dependencies) in declared.sorted(by: { $0.key < $1.key }) {
            let files = Self.files(under: sources.appendingPathComponent(target)).filter { $0.pathExtension == "swift" }
            guard !files.isEmpty else { continue }
            swiftTargets += 1
            var imported = Set<String>()
            for file in files {
                let text = try String(contentsOf: file, encoding: .utf8)
                for line in text.split(separator: "\n") where line.hasPrefix("import ") || line.hasPrefix("@testable import ") {
                    imported.insert(String(line.split(separator: " ").last!))
                }
            }
            imported.subtract(Self.toolchainModules)
            #expect(imported.subtracting(dependencies).isEmpty, "\(target) imports \(imported.subtracting(dependencies).sorted()) without declaring them")
            #expect(dependencies.subtracting(imported).isEmpty, "\(target) declares \(dependencies.subtracting(imported).sorted()) but never imports them")
        }
        #expect(swiftTargets >= 9, "found only \(swiftTargets) Swift targets in Package.swift")
    }

    @Test func noSourceFileIsOver400Lines() throws {
        let sources = CLI.repositoryRoot.appendingPathComponent("Sources")
        let code = Self.files(under: sources).filter { ["swift", "c", "h"].contains($0.pathExtension) }
        #expect(code.count > 100)
        for file in code {
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).count - 1
            #expect(lines <= 400, "\(file.path) has \(lines) lines")
        }
    }

    /// Every regular file below `folder`.
    static func files(under folder: URL) -> [URL] {
        let walk = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        return (walk?.allObjects as? [URL] ?? []).filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
    }

    /// The text up to the bracket that closes the one just before `text` (quotes are not bracket-aware,
    /// which Package.swift's target entries do not need).
    static func balanced(_ text: Substring, opening: Character = "(", closing: Character = ")") throws -> Substring {
        var depth = 1
        for index in text.indices {
            if text[index] == opening { depth += 1 }
            if text[index] == closing { depth -= 1 }
            if depth == 0 { return text[..<index] }
        }
        throw CocoaError(.fileReadCorruptFile)
    }

    /// The string literals that follow `label` in `text` (every literal when `label` is empty).
    static func quoted(after label: String, in text: Substring) -> [String] {
        let pattern = label.isEmpty ? #""([^"]*)""# : NSRegularExpression.escapedPattern(for: label) + #"\s*"([^"]*)""#
        let regex = try! NSRegularExpression(pattern: pattern)
        let string = String(text)
        return regex.matches(in: string, range: NSRange(string.startIndex..., in: string)).map {
            String(string[Range($0.range(at: 1), in: string)!])
        }
    }
}
