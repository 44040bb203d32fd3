import Foundation
import Testing
@testable import Essentials

/// Builds `.npy` byte arrays by hand so the reader is tested against the format spec, not against our writer.
private enum NPYBytes {
    /// magic + version + little-endian header length + header text + data.
    static func file(major: UInt8 = 1, header: String, data: [UInt8], declaredLength: Int? = nil) -> [UInt8] {
        let text = Array(header.utf8)
        var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, major, 0]
        let length = declaredLength ?? text.count
        let lengthSize = major == 1 ? 2 : 4
        for i in 0..<lengthSize { bytes.append(UInt8(truncatingIfNeeded: length >> (8 * i))) }
        return bytes + text + data
    }

    static func header(_ descr: String, _ shape: String, fortran: String = "False") -> String {
        "{'descr': '\(descr)', 'fortran_order': \(fortran), 'shape': \(shape), }\n"
    }

    static func le<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        values.flatMap { value in (0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    }
}

@Suite struct NPYTests {
    // MARK: round trips

    @Test(arguments: [[], [0], [3], [2, 3], [1, 4, 4, 1], [2, 1, 3, 2, 1]])
    func roundTrip(shape: [Int]) throws {
        let count = shape.reduce(1, *)
        let values = (0..<count).map { Float($0) * 0.37 - 1.5 }
        let bytes = NPYFile.encode(values: values, shape: shape)
        let array = try NPYFile.decode(bytes, file: "mem.npy")
        #expect(array.shape == shape)
        #expect(array.values == values)
    }

    @Test func specialValuesRoundTripBitExactly() throws {
        let values: [Float] = [.infinity, -.infinity, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1e-30]
        let array = try NPYFile.decode(NPYFile.encode(values: values, shape: [6]), file: "x")
        #expect(array.values.map(\.bitPattern) == values.map(\.bitPattern))
        let nan = try NPYFile.decode(NPYFile.encode(values: [.nan], shape: [1]), file: "x")
        #expect(nan.values[0].isNaN)
    }

    /// The writer must produce what np.save produces for float32 (bytes taken from numpy 2.x `np.save`).
    @Test func encodeMatchesNumpyLayout() {
        let bytes = NPYFile.encode(values: [1, 2], shape: [2])
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"
        // 10-byte preamble + 58-byte dictionary + newline = 69, padded to 128 (np.save gives 118 here).
        let expectedHeader = header + String(repeating: " ", count: 128 - 10 - header.utf8.count - 1) + "\n"
        #expect(Array(bytes[0..<8]) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        #expect(Int(bytes[8]) | Int(bytes[9]) << 8 == 118)
        #expect(String(decoding: bytes[10..<128], as: UTF8.self) == expectedHeader)
        // 1.0f = 0x3F800000, 2.0f = 0x40000000, little-endian.
        #expect(Array(bytes[128...]) == [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40])
        let fourD = NPYFile.encode(values: [Float](repeating: 0, count: 16), shape: [1, 4, 4, 1])
        #expect(String(decoding: fourD[10..<128], as: UTF8.self).hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 4, 4, 1), }"))
        #expect((fourD.count - 16 * 4) % 64 == 0)
    }

    @Test func writeAndReadFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("npy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("t.npy").path
        let tensor = try Tensor(shape: [1, 2, 2, 3], scalars: (0..<12).map(Float.init))
        try NPYFile.write(tensor, to: path)
        let array = try NPYFile.read(path: path)
        #expect(try array.tensor() == tensor)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["t.npy"])
    }

    @Test func writeRefusesMismatchedShape() {
        #expect(throws: NPYError.self) { try NPYFile.write(values: [1, 2, 3], shape: [2, 2], to: "/tmp/never-written.npy") }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-written.npy"))
    }

    // MARK: dtypes and versions

    @Test func readsEveryDtype() throws {
        let cases: [(String, [UInt8], [Float])] = [
            ("<f4", NPYBytes.le([Float(1.5).bitPattern, Float(-2).bitPattern]), [1.5, -2]),
            ("<f8", NPYBytes.le([Double(0.25).bitPattern, Double(-3).bitPattern]), [0.25, -3]),
            ("=f4", NPYBytes.le([Float(7).bitPattern, Float(8).bitPattern]), [7, 8]),
            ("|u1", [0, 255], [0, 255]),
            ("<u1", [3, 4], [3, 4]),
            ("u1", [5, 6], [5, 6]),
            ("<u2", NPYBytes.le([UInt16(65535), UInt16(256)]), [65535, 256]),
            ("<i4", NPYBytes.le([Int32(-70000), Int32(12)]), [-70000, 12]),
        ]
        for (descr, data, expected) in cases {
            let bytes = NPYBytes.file(header: NPYBytes.header(descr, "(2,)"), data: data)
            let array = try NPYFile.decode(bytes, file: descr)
            #expect(array.shape == [2], "\(descr)")
            #expect(array.values == expected, "\(descr)")
        }
    }

    @Test(arguments: [UInt8(1), 2, 3])
    func readsEveryVersion(major: UInt8) throws {
        let data = NPYBytes.le([Float(1).bitPattern, Float(2).bitPattern, Float(3).bitPattern, Float(4).bitPattern])
        let bytes = NPYBytes.file(major: major, header: NPYBytes.header("<f4", "(2, 2)"), data: data)
        let array = try NPYFile.decode(bytes, file: "v\(major)")
        #expect(array.shape == [2, 2])
        #expect(array.values == [1, 2, 3, 4])
    }

    /// Version 3.0 headers are UTF-8 (1.0/2.0 are latin-1): 'é' must come through as one character.
    @Test func version3HeaderIsUTF8() throws {
        let bytes = NPYBytes.file(major: 3, header: NPYBytes.header("é4", "(1,)"), data: [0, 0, 0, 0])
        #expect { try NPYFile.decode(bytes, file: "utf8.npy") } throws: { "\($0)".contains("unsupported dtype 'é4'") }
        let invalid = NPYBytes.file(major: 3, header: "{}", data: []).enumerated().map { $0.offset == 12 ? 0xFF : $0.element }
        #expect { try NPYFile.decode(invalid, file: "badutf8.npy") } throws: { "\($0)".contains("UTF-8") }
    }

    @Test func headerParsingIsTolerant() throws {
        let data = NPYBytes.le([Float(1).bitPattern, Float(2).bitPattern, Float(3).bitPattern])
        let headers = [
            "{'shape': (3,), 'fortran_order': False, 'descr': '<f4'}",
            "{\"descr\":\"<f4\",\"fortran_order\":False,\"shape\":(3,),}   \n",
            "  {  'fortran_order' : False ,\n 'descr' : '<f4' , 'shape' : ( 3 , ) , }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3L,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3,), }",
        ]
        for header in headers {
            let array = try NPYFile.decode(NPYBytes.file(header: header, data: data), file: "h")
            #expect(array.values == [1, 2, 3], "\(header)")
        }
        let scalar = try NPYFile.decode(NPYBytes.file(header: NPYBytes.header("<f4", "()"), data: data[0..<4].map { $0 }), file: "s")
        #expect(scalar.shape == [] && scalar.values == [1])
    }

    // MARK: malformed files

    /// Each malformed input must throw an NPYError whose message names the file and contains `reason`.
    @Test(arguments: [
        ("bad magic", [UInt8]("PK\u{3}\u{4}zipfile".utf8), "magic"),
        ("short", [0x93, 0x4E, 0x55], "magic"),
        ("preamble only", [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1], "truncated"),
        ("version 4", NPYBytes.file(major: 4, header: "{}", data: []), "version 4.0"),
        ("length cut", [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 2, 0, 10, 0], "header length"),
        ("absurd header", NPYBytes.file(major: 2, header: "{}", data: [], declaredLength: 0x7FFF_FFFF), "absurd"),
        ("header cut", NPYBytes.file(header: "{}", data: [], declaredLength: 500), "truncated"),
        ("fortran", NPYBytes.file(header: NPYBytes.header("<f4", "(2, 2)", fortran: "True"), data: [UInt8](repeating: 0, count: 16)), "Fortran"),
        ("big endian", NPYBytes.file(header: NPYBytes.header(">f4", "(1,)"), data: [0, 0, 0, 0]), "big-endian"),
        ("object", NPYBytes.file(header: NPYBytes.header("|O", "(1,)"), data: [0, 0, 0, 0, 0, 0, 0, 0]), "unsupported dtype '|O'"),
        ("complex", NPYBytes.file(header: NPYBytes.header("<c8", "(1,)"), data: [UInt8](repeating: 0, count: 8)), "unsupported dtype '<c8'"),
        ("no byte order", NPYBytes.file(header: NPYBytes.header("f4", "(1,)"), data: [0, 0, 0, 0]), "little-endian"),
        ("data short", NPYBytes.file(header: NPYBytes.header("<f4", "(3,)"), data: [UInt8](repeating: 0, count: 11)), "needs 12 data bytes, found 11"),
        ("data long", NPYBytes.file(header: NPYBytes.header("<f4", "(3,)"), data: [UInt8](repeating: 0, count: 16)), "mismatch"),
        ("overflow", NPYBytes.file(header: NPYBytes.header("<f4", "(4294967296, 4294967296, 16)"), data: []), "too many"),
        ("huge shape", NPYBytes.file(header: NPYBytes.header("<f4", "(1000000000, 1000)"), data: []), "truncated"),
        ("int too big", NPYBytes.file(header: NPYBytes.header("<f4", "(99999999999999999999999,)"), data: []), "too large"),
        ("negative", NPYBytes.file(header: NPYBytes.header("<f4", "(-1,)"), data: []), "non-negative"),
        ("missing shape", NPYBytes.file(header: "{'descr': '<f4', 'fortran_order': False}", data: []), "no 'shape'"),
        ("one-tuple", NPYBytes.file(header: NPYBytes.header("<f4", "(1)"), data: [0, 0, 0, 0]), "(n,)"),
        ("garbage", NPYBytes.file(header: "not a dict", data: []), "expected '{'"),
        ("unterminated", NPYBytes.file(header: "{'descr", data: []), "unterminated"),
    ] as [(String, [UInt8], String)])
    func malformedFilesAreRefused(label: String, bytes: [UInt8], reason: String) {
        let file = "broken-\(label.replacingOccurrences(of: " ", with: "-")).npy"
        #expect {
            try NPYFile.decode(bytes, file: file)
        } throws: { error in
            guard let error = error as? NPYError else { return false }
            return error.file == file && error.description.hasPrefix(file + ": ") && error.reason.contains(reason)
        }
    }

    @Test func missingFileNamesThePath() {
        let path = "/nonexistent/folder/x.npy"
        #expect { try NPYFile.read(path: path) } throws: { "\($0)".contains(path) && "\($0)".contains("No such file") }
    }

    // MARK: conversions

    @Test func tensorFromRanks() throws {
        let values = (0..<6).map(Float.init)
        #expect(try NPYArray(shape: [1, 2, 3, 1], values: values).tensor().shape == [1, 2, 3, 1])
        #expect(try NPYArray(shape: [2, 3, 1], values: values).tensor().shape == [1, 2, 3, 1])
        #expect(try NPYArray(shape: [2, 3], values: values).tensor().shape == [1, 2, 3, 1])
        #expect(throws: TensorError.self) { try NPYArray(shape: [6], values: values).tensor() }
        #expect(throws: NPYError.self) { try NPYArray(shape: [5], values: values) }
    }
}

/// Folder names from path text.
@Suite struct PathNameTests {
    @Test func parentsOfEveryShapeOfPath() {
        let cases = ["o": "", "ab": "", "a/b": "a", "a/b/": "a", "/x": "/", "/": "/", "a//b": "a", "./o": ".", "../x/y.jpg": "../x", "": ""]
        for (path, parent) in cases { #expect(PathName.parent(of: path) == parent, "\(path)") }
    }
}
