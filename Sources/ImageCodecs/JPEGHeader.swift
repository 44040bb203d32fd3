import CImageShims

/// Turns the shim's header record into `ImageInfo`, with a colour description such as
/// "YCbCr 4:2:0", "gray", "CMYK (Adobe)" or "YCCK (Adobe)".
enum JPEGHeader {
    /// `ImageInfo` for a JPEG header and the EXIF orientation.
    static func info(_ header: fb_jpeg_header, orientation: Int) -> ImageInfo {
        ImageInfo(
            format: .jpeg,
            width: Int(header.width),
            height: Int(header.height),
            channels: Int(header.components),
            bitDepth: 8,
            interlaced: header.progressive != 0,
            orientation: orientation,
            colorModel: colorModel(header))
    }

    /// Colour space, chroma subsampling for YCbCr, and whether Adobe-inverted CMYK is assumed.
    static func colorModel(_ header: fb_jpeg_header) -> String {
        let adobe = header.adobe != 0 ? " (Adobe)" : ""
        switch Int(header.color_space) {
        case Int(FB_JPEG_GRAY.rawValue): return "gray"
        case Int(FB_JPEG_RGB.rawValue): return "RGB"
        case Int(FB_JPEG_YCBCR.rawValue): return "YCbCr " + subsampling(header)
        case Int(FB_JPEG_CMYK.rawValue): return "CMYK" + adobe
        case Int(FB_JPEG_YCCK.rawValue): return "YCCK" + adobe
        default: return "unknown (\(header.components) components)"
        }
    }

    /// "4:4:4", "4:2:2", "4:2:0", "4:4:0", "4:1:1", or the raw factors ("2x2,1x1,1x1") otherwise.
    static func subsampling(_ header: fb_jpeg_header) -> String {
        let h = [header.h_sampling.0, header.h_sampling.1, header.h_sampling.2]
        let v = [header.v_sampling.0, header.v_sampling.1, header.v_sampling.2]
        if h[1] == 1, v[1] == 1, h[2] == 1, v[2] == 1 {
            switch (h[0], v[0]) {
            case (1, 1): return "4:4:4"
            case (2, 1): return "4:2:2"
            case (2, 2): return "4:2:0"
            case (1, 2): return "4:4:0"
            case (4, 1): return "4:1:1"
            default: break
            }
        }
        return (0..<3).map { "\(h[$0])x\(v[$0])" }.joined(separator: ",")
    }
}
