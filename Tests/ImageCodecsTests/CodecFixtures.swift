import Foundation
import ImageCodecs

/// The codec corpus in `Fixtures/images/` (made by `Scripts/make-codec-fixtures`) and its manifest.
enum CodecFixtures {
    /// `Fixtures/images/`, found from this file's location.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/images")

    /// Absolute path of a corpus file given relative to `Fixtures/images/`.
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The manifest; empty lists when it cannot be read (`ManifestTests` then fails loudly).
    static let manifest: Manifest = (try? loadManifest()) ?? Manifest(good: [], broken: [])

    /// Every good file.
    static var good: [GoodFixture] { manifest.good }

    /// Every broken file.
    static var broken: [BrokenFixture] { manifest.broken }

    /// The good file named `relative` (e.g. "good/png-rgb8.png").
    static func good(_ relative: String) -> GoodFixture? { good.first { $0.file == relative } }

    static func loadManifest() throws -> Manifest {
        let data = try Data(contentsOf: root.appendingPathComponent("manifest.json"))
        return try JSONDecoder().decode(Manifest.self, from: data)
    }
}

/// `Fixtures/images/manifest.json`.
struct Manifest: Decodable, Sendable {
    var good: [GoodFixture]
    var broken: [BrokenFixture]
}

/// A file every decoder must read, with its independent reference and the header facts it was made with.
struct GoodFixture: Decodable, Sendable, CustomStringConvertible {
    var file: String
    /// Reference for the default decode (upright when the file has an orientation).
    var reference: String
    /// Reference for `applyOrientation: false`, present for files with an orientation.
    var storedReference: String?
    /// How reference values map to the decoder's 0…255 scale: exact8, exact16, bits1/2/4, jpeg, cmyk-adobe.
    var rule: String
    var format: String
    var width: Int
    var height: Int
    var channels: Int
    var bitDepth: Int
    var interlaced: Bool
    var orientation: Int
    var colorModel: String

    var description: String { file }
    var isJPEGRule: Bool { rule == "jpeg" || rule == "cmyk-adobe" }

    /// The expected `[H, W, C]` samples on the 0…255 scale for the default decode, or the stored orientation.
    func expected(stored: Bool = false) throws -> ExpectedImage {
        let array = try NPYReader.read(path: CodecFixtures.path(stored ? (storedReference ?? reference) : reference))
        return try ExpectedImage(array, rule: rule, file: file)
    }
}

/// A file every decoder must refuse.
struct BrokenFixture: Decodable, Sendable, CustomStringConvertible {
    var file: String
    /// "limit" when the refusal must come from the pixel limit, "any" otherwise.
    var expect: String
    var description: String { file }
}

/// Reference samples converted to the decoder's 0…255 scale, with the tolerance the rule allows.
struct ExpectedImage {
    var height: Int
    var width: Int
    var channels: Int
    var values: [Double]
    /// Largest allowed |decoded − expected| per sample.
    var maxAbs: Double
    /// Largest allowed mean |decoded − expected|.
    var meanAbs: Double

    init(height: Int, width: Int, channels: Int, values: [Double], maxAbs: Double, meanAbs: Double) {
        self.height = height; self.width = width; self.channels = channels
        self.values = values; self.maxAbs = maxAbs; self.meanAbs = meanAbs
    }

    /// Applies the manifest rule (documented in Fixtures/images/README.md).
    init(_ array: NPYReader.Array, rule: String, file: String) throws {
        guard array.shape.count == 3 else { throw FixtureError("\(file): reference is not [H, W, C]") }
        let (h, w, c) = (array.shape[0], array.shape[1], array.shape[2])
        switch rule {
        case "exact8":
            self.init(height: h, width: w, channels: c, values: array.values, maxAbs: 0, meanAbs: 0)
        case "exact16":
            // 0.001 is far below one 16-bit step (1/257 ≈ 0.0039) and only absorbs float rounding of /257.
            self.init(height: h, width: w, channels: c, values: array.values.map { $0 / 257 }, maxAbs: 0.001, meanAbs: 0.001)
        case "bits1", "bits2", "bits4":
            let bits = Int(rule.dropFirst(4)) ?? 8
            let top = Double((1 << bits) - 1)
            self.init(height: h, width: w, channels: c, values: array.values.map { $0 * 255 / top }, maxAbs: 0, meanAbs: 0)
        case "jpeg":
            self.init(height: h, width: w, channels: c, values: array.values, maxAbs: 2, meanAbs: 0.5)
        case "cmyk-adobe":
            // Pillow's CMYK values are true ink amounts (it de-inverts Adobe files); the stored inverted
            // values are C′ = 255 − C, and R = C′·K′/255 (likewise G from M, B from Y).
            guard c == 4 else { throw FixtureError("\(file): CMYK reference has \(c) channels") }
            var rgb = [Double]()
            rgb.reserveCapacity(h * w * 3)
            for p in 0..<(h * w) {
                let k = 255 - array.values[p * 4 + 3]
                for i in 0..<3 { rgb.append((255 - array.values[p * 4 + i]) * k / 255) }
            }
            self.init(height: h, width: w, channels: 3, values: rgb, maxAbs: 2, meanAbs: 0.5)
        default:
            throw FixtureError("\(file): unknown rule \(rule)")
        }
    }

    /// Alpha dropped and gray expanded, as `ChannelPolicy.rgb` must do.
    func asRGB() -> ExpectedImage {
        var out = [Double]()
        out.reserveCapacity(height * width * 3)
        for p in 0..<(height * width) {
            let base = p * channels
            if channels <= 2 {
                out += [values[base], values[base], values[base]]
            } else {
                out += [values[base], values[base + 1], values[base + 2]]
            }
        }
        return ExpectedImage(height: height, width: width, channels: 3, values: out, maxAbs: maxAbs, meanAbs: meanAbs)
    }

    /// BT.601 luma 0.299 R + 0.587 G + 0.114 B (tf.image.rgb_to_grayscale), alpha dropped; gray kept.
    func asGray() -> ExpectedImage {
        var out = [Double]()
        out.reserveCapacity(height * width)
        for p in 0..<(height * width) {
            let base = p * channels
            out.append(channels <= 2 ? values[base] : 0.299 * values[base] + 0.587 * values[base + 1] + 0.114 * values[base + 2])
        }
        // Float32 arithmetic in the decoder versus Double here: allow rounding, nothing more.
        return ExpectedImage(height: height, width: width, channels: 1, values: out,
                             maxAbs: max(maxAbs, 0.001), meanAbs: max(meanAbs, 0.001))
    }

    /// Compares with a decoded `[1, H, W, C]` tensor; returns a failure description or nil.
    func mismatch(shape: [Int], scalars: [Float]) -> String? {
        guard shape == [1, height, width, channels] else {
            return "shape \(shape), expected \([1, height, width, channels])"
        }
        var worst = 0.0, worstAt = 0, sum = 0.0
        for (i, v) in scalars.enumerated() {
            let d = abs(Double(v) - values[i])
            sum += d
            if d > worst { worst = d; worstAt = i }
        }
        let mean = values.isEmpty ? 0 : sum / Double(values.count)
        guard worst > maxAbs || mean > meanAbs else { return nil }
        let pixel = worstAt / channels
        return "max |Δ| \(worst) (allowed \(maxAbs)) at y \(pixel / width) x \(pixel % width) c \(worstAt % channels): "
            + "got \(scalars[worstAt]), expected \(values[worstAt]); mean |Δ| \(mean) (allowed \(meanAbs))"
    }
}

/// A problem with the fixtures themselves (not with the decoder).
struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Reads the reference `.npy` files (uint8/uint16, little-endian, C order): a tiny reader kept apart from
/// the product's NPY code so that a bug there cannot hide in the references.
enum NPYReader {
    /// Shape and values of one array.
    struct Array {
        var shape: [Int]
        var values: [Double]
    }

    static func read(path: String) throws -> Array {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        guard bytes.count >= 10, bytes.starts(with: [0x93] + Swift.Array("NUMPY".utf8)) else {
            throw FixtureError("\(path): not an .npy file")
        }
        let major = bytes[6]
        let headerLength: Int, headerStart: Int
        if major == 1 {
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        } else {
            guard bytes.count >= 12 else { throw FixtureError("\(path): short header") }
            headerLength = (8..<12).reduce(0) { $0 | Int(bytes[$1]) << (8 * ($1 - 8)) }
            headerStart = 12
        }
        guard headerStart + headerLength <= bytes.count,
              let header = String(bytes: bytes[headerStart..<(headerStart + headerLength)], encoding: .ascii)
        else { throw FixtureError("\(path): bad header") }
        guard !header.contains("'fortran_order': True") else { throw FixtureError("\(path): Fortran order") }
        let width: Int
        if header.contains("'descr': '|u1'") || header.contains("'descr': '<u1'") {
            width = 1
        } else if header.contains("'descr': '<u2'") {
            width = 2
        } else {
            throw FixtureError("\(path): unsupported dtype in \(header)")
        }
        guard let open = header.range(of: "'shape': ("), let close = header[open.upperBound...].firstIndex(of: ")") else {
            throw FixtureError("\(path): no shape")
        }
        let shape = header[open.upperBound..<close].split(separator: ",")
            .compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let count = shape.reduce(1, *)
        let dataStart = headerStart + headerLength
        guard bytes.count - dataStart == count * width else { throw FixtureError("\(path): size mismatch") }
        var values = [Double](repeating: 0, count: count)
        for i in 0..<count {
            let at = dataStart + i * width
            values[i] = width == 1 ? Double(bytes[at]) : Double(Int(bytes[at]) | Int(bytes[at + 1]) << 8)
        }
        return Array(shape: shape, values: values)
    }
}
