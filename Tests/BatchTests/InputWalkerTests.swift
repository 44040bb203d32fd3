import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Batch

@Suite struct InputWalkerTests {
    @Test func picksImagesByExtensionAnyCaseAndSkipsOthers() throws {
        let root = try TestFolder("ext")
        defer { root.remove() }
        for name in ["a.png", "b.JPG", "c.Jpeg", "d.txt", "e", "f.png.bak"] { try root.file("in/" + name) }
        let result = try InputWalker(recursive: false).collect([root.path + "/in"])
        #expect(result.images.map(\.relativePath) == ["a.png", "b.JPG", "c.Jpeg"])
        #expect(result.skipped.map { InputWalker.fileName(of: $0.path) }.sorted() == ["d.txt", "e", "f.png.bak"])
    }

    @Test func fileGivenDirectlyIsTakenWhateverItsExtension() throws {
        let root = try TestFolder("direct")
        defer { root.remove() }
        let path = try root.file("photo.data")
        let result = try InputWalker(recursive: false).collect([path])
        #expect(result.images == [InputItem(path: path, relativePath: "photo.data", argumentIndex: 0)])
    }

    @Test func missingInputIsAnError() throws {
        #expect(throws: InputWalker.InputError.self) {
            try InputWalker(recursive: false).collect(["/nonexistent/filterbank/input.png"])
        }
    }

    @Test func recursionIsOptIn() throws {
        let root = try TestFolder("rec")
        defer { root.remove() }
        try root.file("in/top.png")
        try root.file("in/sub/deep/low.jpg")
        #expect(try InputWalker(recursive: false).collect([root.path + "/in"]).images.map(\.relativePath) == ["top.png"])
        #expect(try InputWalker(recursive: true).collect([root.path + "/in"]).images.map(\.relativePath) == ["sub/deep/low.jpg", "top.png"])
    }

    @Test func symlinkLoopDoesNotHangAndFolderLinksAreNotFollowed() throws {
        let root = try TestFolder("loop")
        defer { root.remove() }
        try root.file("in/a.png")
        try root.file("in/sub/b.png")
        #expect(symlink(root.path + "/in", root.path + "/in/sub/loop") == 0)
        #expect(symlink("sub", root.path + "/in/alias") == 0)
        #expect(symlink("a.png", root.path + "/in/link.png") == 0)
        let result = try InputWalker(recursive: true).collect([root.path + "/in"])
        #expect(result.images.map(\.relativePath) == ["a.png", "link.png", "sub/b.png"])
    }

    @Test func outputFolderInsideInputIsNeverRead() throws {
        let root = try TestFolder("outin")
        defer { root.remove() }
        try root.file("in/a.png")
        try root.file("in/out/a/identity.png")
        let walker = InputWalker(recursive: true, excluding: [root.path + "/in/./out"])
        #expect(try walker.collect([root.path + "/in"]).images.map(\.relativePath) == ["a.png"])
    }

    @Test func oddNamesSurvive() throws {
        let root = try TestFolder("odd")
        defer { root.remove() }
        let names = ["-lead.png", "100%.png", "with space.jpg", "café ü.png", "日本.jpeg"]
        for name in names { try root.file("in/" + name) }
        let result = try InputWalker(recursive: false).collect([root.path + "/in"])
        #expect(Set(result.images.map(\.relativePath)) == Set(names))
        for item in result.images { #expect(FileManager.default.fileExists(atPath: item.path)) }
    }

    @Test func nonUTF8NameIsReportedNotLost() throws {
        let root = try TestFolder("bytes")
        defer { root.remove() }
        try root.folder("in")
        var path = Array((root.path + "/in/").utf8) + [0x66, 0xFF, 0x2E, 0x70, 0x6E, 0x67, 0]
        let fd = path.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { open($0, O_CREAT | O_WRONLY, 0o644) }
        }
        #expect(fd >= 0)
        close(fd)
        let result = try InputWalker(recursive: false).collect([root.path + "/in"])
        #expect(result.images.isEmpty)
        #expect(result.skipped.count == 1)
        #expect(result.skipped.first?.reason.contains("UTF-8") == true)
    }

    @Test func temporaryLeftoversAreNotInputs() throws {
        let root = try TestFolder("tmp")
        defer { root.remove() }
        try root.file("in/.a.png.filterbank-partial-12-34")
        try root.file("in/b.png")
        #expect(try InputWalker(recursive: false).collect([root.path + "/in"]).images.map(\.relativePath) == ["b.png"])
    }
}
