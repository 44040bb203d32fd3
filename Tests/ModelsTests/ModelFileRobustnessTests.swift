import Essentials
import Foundation
import Testing
@testable import Models

/// Model files are untrusted: damaged, truncated or wrong files are a `ModelError` naming the file,
/// never a crash, a hang or an allocation the file's own bytes do not justify.
@Suite struct ModelFileRobustnessTests {
    static let files = ["zoo.keras", "zoo-k3.h5", "zoo-k2.h5", "digits.keras"]

    func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: ModelFixtures.path(name))))
    }

    @Test(arguments: files)
    func truncatedFilesFailCleanly(file: String) throws {
        let whole = try bytes(file)
        for step in 0..<12 {
            let length = whole.count * step / 12
            #expect(throws: ModelError.self, "\(file) cut to \(length) bytes") {
                _ = try KerasModel(bytes: Array(whole.prefix(length)), file: file)
            }
        }
    }

    @Test(arguments: files)
    func damagedBytesLoadOrFailCleanly(file: String) throws {
        let whole = try bytes(file)
        var random = SplitMix64(seed: 7)
        var failures = 0
        for _ in 0..<16 {
            var damaged = whole
            for _ in 0..<8 {
                let at = Int(random.next() % UInt64(damaged.count))
                damaged[at] ^= UInt8(truncatingIfNeeded: random.next() | 1)
            }
            do {
                let model = try KerasModel(bytes: damaged, file: file)
                // A file that still loads must still run or refuse with a message.
                let input = try ModelArray(shape: [1] + model.inputShape.map { $0 ?? 8 },
                                           values: [Float](repeating: 0.5, count: model.inputShape.map { $0 ?? 8 }.reduce(1, *)))
                _ = try? model.run(input, keep: [model.outputLayer])
            } catch let error as ModelError {
                failures += 1
                #expect(error.file == file && !error.reason.isEmpty)
            }
        }
        #expect(failures > 0, "some of 16 damaged copies of \(file) must be refused")
    }

    @Test func filesThatAreNotModelsAreRefusedWithAReason() throws {
        let cases: [([UInt8], String)] = [
            ([], "neither"), (Array("hello, world".utf8), "neither"), ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "neither"),
            ([0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 64), "HDF5"),
            ([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 7, count: 64), "zip"),
        ]
        for (bytes, word) in cases {
            do {
                _ = try KerasModel(bytes: bytes, file: "x.keras")
                Issue.record("\(bytes.prefix(8)) was accepted")
            } catch let error as ModelError {
                #expect(error.description.hasPrefix("x.keras: ") && error.reason.contains(word), "\(error)")
            }
        }
        let folder = FileManager.default.temporaryDirectory.path
        #expect(throws: ModelError(file: folder, "is a folder, not a model file")) { _ = try KerasModel(path: folder) }
        #expect(throws: ModelError(file: "/no/such.keras", "no such file")) { _ = try KerasModel(path: "/no/such.keras") }
    }

    @Test func fuzzFindingsStayFixed() throws {
        // A damaged .keras whose zip offsets point past its end (it trapped inside ZIPFoundation's in-memory reader).
        #expect(throws: ModelError.self) { _ = try KerasModel(path: ModelFixtures.path("fuzz/zip-offset-past-end.keras")) }
    }

    @Test func aDeclaredShapeWithoutDataIsRefusedBeforeAllocating() throws {
        let path = ModelFixtures.path("declared-huge.h5")
        do {
            _ = try KerasModel(path: path)
            Issue.record("accepted")
        } catch let error as ModelError {
            #expect(error.reason.contains("seq_dense") && error.reason.contains("[1048576, 64]"), "\(error)")
        }
    }

    @Test func weightsFileWithoutArchitectureIsExplained() throws {
        // The weights HDF5 inside a .keras archive has no model_config: what save_weights writes.
        let archive = try bytes("zoo.keras")
        let start = try #require(ModelFileRobustnessTests.find([0x89, 0x48, 0x44, 0x46], in: archive))
        do {
            _ = try KerasModel(bytes: Array(archive[start...]), file: "w.h5")
            Issue.record("accepted")
        } catch let error as ModelError {
            #expect(error.reason.contains("model_config") || error.reason.contains("HDF5"), "\(error)")
        }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { Array(haystack[$0..<$0 + needle.count]) == needle }
    }
}
