import Foundation
import Testing
@testable import Batch
import Essentials

@Suite struct LeftoverCleanupTests {
    @Test func removesOnlyMarkedTemporaries() throws {
        let root = try TestFolder("clean")
        defer { root.remove() }
        try root.file("out/blur.png")
        try root.file("out/.blur.png\(AtomicFile.temporaryMarker)123-456")
        try root.file("out/sub/.x\(AtomicFile.temporaryMarker)1-2")
        #expect(LeftoverCleanup.clean(folder: root.path + "/out") == 1)
        #expect(try root.names("out") == ["blur.png", "sub"])
        #expect(LeftoverCleanup.clean(folder: root.path + "/missing") == 0)
    }
}
