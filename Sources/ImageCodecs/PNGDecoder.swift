/// PNG decoding through libpng (owned by the codecs work; placeholder until it lands).
enum PNGDecoder {
    static func decode(_ bytes: [UInt8], file: String, maxPixels: Int) throws -> RawImage {
        throw ImageCodecError(file: file, stage: .decode, message: "PNG decoding is not built yet")
    }
    static func inspect(_ bytes: [UInt8], file: String) throws -> ImageInfo {
        throw ImageCodecError(file: file, stage: .decode, message: "PNG decoding is not built yet")
    }
}
