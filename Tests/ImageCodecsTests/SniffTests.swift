import Testing
@testable import ImageCodecs

@Suite struct SniffTests {
    @Test func formatComesFromMagicBytes() throws {
        #expect(try ImageDecoder.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0], file: "a.jpg") == .png)
        #expect(try ImageDecoder.sniff([0xFF, 0xD8, 0xFF, 0xE0], file: "a.png") == .jpeg)
        #expect(throws: ImageCodecError.self) { try ImageDecoder.sniff(Array("hello".utf8), file: "a.png") }
    }
}
