/// Builds PNG files byte by byte, independently of libpng and of our encoder: chunks with their CRC-32,
/// image data as a zlib stream of stored (uncompressed) deflate blocks with its Adler-32. Lets the tests
/// produce every colour type, bit depth, Adam7, tRNS, eXIf and corruption the decoder must handle.
enum HandMadePNG {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// CRC-32 (ISO 3309, reflected polynomial 0xEDB88320), bit by bit as in the PNG spec's annex.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        return b << 16 | a
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    /// length, type, data, CRC over type + data.
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeAndData = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typeAndData + bigEndian(crc32(typeAndData))
    }

    static func ihdr(width: UInt32, height: UInt32, bitDepth: UInt8, colorType: UInt8, interlaced: Bool = false) -> [UInt8] {
        chunk("IHDR", bigEndian(width) + bigEndian(height) + [bitDepth, colorType, 0, 0, interlaced ? 1 : 0])
    }

    /// A zlib stream holding `data` in stored deflate blocks (at most 65535 bytes each).
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var start = 0
        repeat {
            let count = min(65535, data.count - start)
            let last: UInt8 = start + count == data.count ? 1 : 0
            out += [last, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8(~count >> 8 & 0xFF)]
            out += data[start..<start + count]
            start += count
        } while start < data.count
        return out + bigEndian(adler32(data))
    }

    /// Packs one row of samples MSB first at `bitDepth` (1, 2, 4, 8; 16 big-endian), padded to a byte.
    static func packRow(_ samples: [Int], bitDepth: Int) -> [UInt8] {
        if bitDepth == 16 { return samples.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } }
        var out = [UInt8](repeating: 0, count: (samples.count * bitDepth + 7) / 8)
        for (i, sample) in samples.enumerated() {
            let bit = i * bitDepth
            out[bit / 8] |= UInt8(sample << (8 - bitDepth - bit % 8))
        }
        return out
    }

    /// Scanlines with filter type 0 for `rows`, each row a list of samples (pixels × channels).
    static func scanlines(_ rows: [[Int]], bitDepth: Int) -> [UInt8] {
        rows.flatMap { [0] + packRow($0, bitDepth: bitDepth) }
    }

    /// Adam7 passes: (x start, y start, x step, y step).
    static let adam7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]

    /// The seven reduced images of Adam7, one after another, each row with filter type 0; empty passes
    /// have no scanlines at all.
    static func adam7Scanlines(_ pixels: [[Int]], width: Int, height: Int, channels: Int, bitDepth: Int) -> [UInt8] {
        var out: [UInt8] = []
        for (x0, y0, dx, dy) in adam7 where x0 < width && y0 < height {
            for y in stride(from: y0, to: height, by: dy) {
                let row = stride(from: x0, to: width, by: dx).flatMap { x in pixels[y][x * channels..<(x + 1) * channels] }
                out += [0] + packRow(row, bitDepth: bitDepth)
            }
        }
        return out
    }

    /// A whole file: signature, IHDR, `before` chunks, one IDAT with `scanlines`, `after` chunks, IEND.
    static func file(ihdr: [UInt8], before: [[UInt8]] = [], scanlines: [UInt8], after: [[UInt8]] = []) -> [UInt8] {
        signature + ihdr + before.joined() + chunk("IDAT", zlibStored(scanlines)) + after.joined() + chunk("IEND", [])
    }

    /// A TIFF block (big-endian) whose IFD0 holds only an orientation tag.
    static func exifOrientation(_ value: UInt16) -> [UInt8] {
        [0x4D, 0x4D, 0, 42, 0, 0, 0, 8,  // header, IFD0 at 8
         0, 1,  // one entry
         0x01, 0x12, 0, 3, 0, 0, 0, 1, UInt8(value >> 8), UInt8(value & 0xFF), 0, 0,  // orientation SHORT ×1
         0, 0, 0, 0]  // no next IFD
    }
}
