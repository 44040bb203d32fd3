/// Edits of an XMP packet that keep its length, so nothing else in it moves.
enum XMPPacket {
    /// `xmp` with every `tiff:Orientation` value 2–8 set to 1, in attribute form (`tiff:Orientation="6"`)
    /// and element form (`<tiff:Orientation>6</tiff:Orientation>`): viewers that read XMP would otherwise
    /// turn upright pixels again.
    static func uprighted(_ xmp: [UInt8]) -> [UInt8] {
        let name = Array("tiff:Orientation".utf8)
        var out = xmp
        var at = 0
        while let found = firstIndex(of: name, in: out, from: at) {
            var k = found + name.count
            func skipSpaces() { while k < out.count, [0x20, 0x09, 0x0A, 0x0D].contains(out[k]) { k += 1 } }
            skipSpaces()
            if k < out.count, out[k] == UInt8(ascii: "=") {
                k += 1
                skipSpaces()
                if k < out.count, out[k] == UInt8(ascii: "\"") || out[k] == UInt8(ascii: "'") { k += 1 }
            } else if k < out.count, out[k] == UInt8(ascii: ">") {
                k += 1
                skipSpaces()
            } else {
                at = found + 1
                continue
            }
            let endsNumber = k + 1 >= out.count || !(0x30...0x39).contains(out[k + 1])
            if k < out.count, (0x32...0x38).contains(out[k]), endsNumber { out[k] = UInt8(ascii: "1") }
            at = k
        }
        return out
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var i = start
        while i <= haystack.count - needle.count {
            if haystack[i] == needle[0], haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
