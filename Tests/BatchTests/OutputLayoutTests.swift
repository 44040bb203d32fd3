import Testing
@testable import Batch

@Suite struct OutputLayoutTests {
    private func item(_ relative: String, _ argument: Int = 0) -> InputItem {
        InputItem(path: "/x/" + relative, relativePath: relative, argumentIndex: argument)
    }

    @Test func folderIsRelativePathWithoutExtension() {
        #expect(OutputLayout.folders(for: [item("a.jpg"), item("sub/b.c.png"), item("noext")]) == ["a", "sub/b.c", "noext"])
    }

    @Test func sameStemInputsBothKeepTheirExtension() {
        let folders = OutputLayout.folders(for: [item("x.jpg"), item("x.png"), item("y.png")])
        #expect(folders == ["x.jpg", "x.png", "y"])
    }

    @Test func sameRelativePathFromTwoInputsGetsNumberedInArgumentOrder() {
        let folders = OutputLayout.folders(for: [item("cat.jpg", 1), item("cat.jpg", 0)])
        #expect(folders == ["cat~2", "cat"])
    }

    @Test func everyFolderIsDistinctEvenForAdversarialNames() {
        let items = [item("x.png"), item("x.jpg"), item("x.png.jpg"), item("x.png", 1), item("x~2.png"), item("x.png~2.jpg")]
        let folders = OutputLayout.folders(for: items)
        #expect(Set(folders).count == items.count)
    }

    @Test func filterNamesCannotEscapeTheFolder() {
        #expect(OutputLayout.fileStem(forFilter: "../etc/passwd") == ".._etc_passwd")
        #expect(OutputLayout.fileStem(forFilter: "..") == "_..")
        #expect(OutputLayout.fileStem(forFilter: "") == "_")
        #expect(OutputLayout.fileStem(forFilter: "sobel-left") == "sobel-left")
    }
}
