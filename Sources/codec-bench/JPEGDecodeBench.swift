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

    @Option(help: "Timed runs (after one warm-up run).")
    var `repeat` = 9

    func run() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        let info = try ImageDecoder.inspect(path: file)
        let pixels = info.width * info.height
        print("\(file): \(info.width) x \(info.height), \(info.colorModel), \(bytes.count) bytes")
        let memory = try Timing.medians(repeats: `repeat`) {
            _ = try ImageDecoder.decode(bytes: bytes, file: file)
        }
        print(Timing.line("decode (from memory)", seconds: memory.wall, pixels: pixels)
              + String(format: "  cpu %.4f s", memory.cpu))
        let path = try Timing.medians(repeats: `repeat`) {
            _ = try ImageDecoder.decode(path: file)
        }
        print(Timing.line("decode (read file + decode)", seconds: path.wall, pixels: pixels)
              + String(format: "  cpu %.4f s", path.cpu))
        LargeBufferReuse.enable()
        let reused = try Timing.medians(repeats: `repeat`) {
            _ = try ImageDecoder.decode(path: file)
        }
        print(Timing.line("decode (buffers reused)", seconds: reused.wall, pixels: pixels)
              + String(format: "  cpu %.4f s", reused.cpu))
        print(String(format: "median_seconds=%.5f median_cpu_seconds=%.5f", path.wall, path.cpu))
        print(String(format: "reused_median_seconds=%.5f reused_median_cpu_seconds=%.5f", reused.wall, reused.cpu))
    }
}
