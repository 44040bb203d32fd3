import Testing
@testable import Batch

/// Where filtered photos go: the input layout mirrored, names decided from the whole input list.
@Suite struct PhotoLayoutTests {
    static func item(_ relative: String, argument: Int = 0) -> InputItem {
        InputItem(path: "/in\(argument)/" + relative, relativePath: relative, argumentIndex: argument)
    }

    @Test func namesMirrorTheInputsWithTheirOwnExtensions() {
        let items = [Self.item("a.jpg"), Self.item("day2/b.PNG"), Self.item("c.jpeg")]
        #expect(PhotoLayout.names(for: items, fileExtension: nil) == ["a.jpg", "day2/b.PNG", "c.jpeg"])
    }

    @Test func aForcedFormatChangesTheExtensionUnlessItAlreadyMeansIt() {
        let items = [Self.item("a.png"), Self.item("b.jpeg"), Self.item("c.JPG"), Self.item("noext")]
        #expect(PhotoLayout.names(for: items, fileExtension: "jpg") == ["a.jpg", "b.jpeg", "c.JPG", "noext.jpg"])
    }

    @Test func inputsThatWouldShareANameAfterAFormatChangeKeepTheirOwnName() {
        let items = [Self.item("x.png"), Self.item("x.jpg")]
        #expect(PhotoLayout.names(for: items, fileExtension: "jpg") == ["x.png.jpg", "x.jpg"])
        #expect(PhotoLayout.names(for: items, fileExtension: nil) == ["x.png", "x.jpg"])
    }

    @Test func theSameRelativePathUnderTwoInputsIsNumberedBeforeTheExtension() {
        let items = [Self.item("a.jpg", argument: 1), Self.item("a.jpg", argument: 0), Self.item("a~2.jpg", argument: 0),
                     Self.item("raw", argument: 0), Self.item("raw", argument: 1)]
        #expect(PhotoLayout.names(for: items, fileExtension: nil) == ["a~3.jpg", "a.jpg", "a~2.jpg", "raw", "raw~2"])
    }
}
