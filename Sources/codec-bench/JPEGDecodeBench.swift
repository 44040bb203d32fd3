import ArgumentParser
import Foundation
import ImageCodecs
import Essentials

/// `codec-bench jpeg-decode FILE`: median decode time of one JPEG, from memory and from the path, then
/// from the path again with freed buffers kept in the process, as `filterbank apply` runs (the default
/// allocator hands every 144 MB tensor back to the kernel and faults it in again on the next decode).
struct JPEGDecodeBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jpeg-decode", abstract: "Median time to decode a JPEG into a Float32 tensor.")

    @Argument(help: "The JPEG file.")
    var file: String

    @OptionGroup var runs: TimedRuns

    func run() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        let info = try ImageDecoder.inspect(path: file)
        let pixels = info.width * info.height
        print("\(file): \(info.width) x \(info.height), \(info.colorModel), \(bytes.count) bytes")
        _ = try runs.measure("decode (from memory)", pixels: pixels) { _ = try ImageDecoder.decode(bytes: bytes, file: file) }
        let path = try runs.measure("decode (read file + decode)", pixels: pixels) { _ = try ImageDecoder.decode(path: file) }
        LargeBufferReuse.enable()
        let reused = try runs.measure("decode (buffers reused)", pixels: pixels) { _ = try ImageDecoder.decode(path: file) }
        print(Timing.machineLine(path))
        print(Timing.machineLine(reused, prefix: "reused_"))
    }
}
