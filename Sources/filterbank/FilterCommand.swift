import ArgumentParser
import Batch
import Convolution

/// `filterbank filter INPUT… -o DIR --kernel K…`: photos in, filtered photos out, as a photographer
/// expects them — same names, formats, colours and metadata, no frame at the border.
struct FilterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filter",
        abstract: "Filter photos: each channel filtered, the folder layout, formats, profiles and metadata kept.",
        discussion: """
            Outputs mirror the inputs: with one kernel DIR/<path relative to its INPUT folder> (a file \
            given directly: DIR/<name>), with several DIR/<kernel>/<relative path>. Each photo keeps its \
            format (JPEG at quality 92, 16-bit PNG stays 16-bit), its ICC profile, EXIF (orientation set \
            to 1, the pixels being upright) and XMP, and its alpha; colour is filtered in the file's own \
            encoding, with no colour conversion (as libvips and ImageMagick do). Values are clamped. \
            An output folder that would overwrite an input is refused. The same relative path under two \
            INPUT folders gets ~2, ~3… before the extension in argument order.
            Exit status: 0 all inputs done, 1 some inputs failed (the others are complete), \
            2 usage or configuration error, or nothing to process (nothing was done).
            """)

    @OptionGroup var job: JobArguments

    @Option(help: "png | png16 | jpeg (default: each photo's own format).")
    var format: OutputFormat?

    @OptionGroup var jpeg: JPEGArguments

    @Option(help: "What lies beyond the edge: replicate (default), reflect (OpenCV BORDER_REFLECT_101), wrap, or zero (a dark frame).")
    var border: Border = .replicate

    @Flag(help: "Write no metadata (EXIF, XMP) and no colour profile.")
    var stripMetadata = false

    func validate() throws {
        if format == .npy { throw ValidationError("filter writes photos: --format png, png16 or jpeg (use apply for .npy maps)") }
    }

    func run() throws {
        var options = FilterJobOptions.photos(inputs: [], outputFolder: "", filters: [])
        try job.apply(to: &options)
        options.format = format
        options.jpeg = jpeg.settings(defaultQuality: nil)
        options.stripMetadata = stripMetadata
        options.geometry.border = border
        try job.run(options)
    }
}
