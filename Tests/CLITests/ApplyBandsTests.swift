import Convolution
import Foundation
import Testing

/// The banded writer (PNG/JPEG maps quantised from convolved bands, issue 6): the report's raw ranges it
/// gathers while writing pixels, and several depthwise kernels at once, against the plain-loop reference.
@Suite struct ApplyBandsTests {
    @Test func depthwiseKernelsAndTheirReportedRanges() throws {
        let root = try ApplyKit.folder("bands")
        defer { ApplyKit.remove(root) }
        let pixels = try ApplyKit.writePNG(root + "/in/c.png", width: 11, height: 7, channels: 3, seed: 12)
        let input = try ApplyKit.tensor(pixels, width: 11, height: 7, channels: 3)
        let result = try CLI.run(["apply", root + "/in", "-o", root + "/out", "--mode", "depthwise", "--kernel", "sharpen",
                                  "--kernel", "outline", "--report", root + "/r.json", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let kernels: [(String, [Float])] = [("sharpen", [0, -1, 0, -1, 5, -1, 0, -1, 0]), ("outline", [-1, -1, -1, -1, 8, -1, -1, -1, -1])]
        let inputs = try #require(try ApplyKit.json(root + "/r.json")["inputs"] as? [[String: Any]])
        let maps = try #require(inputs.first?["outputs"] as? [[String: Any]])
        #expect(maps.count == 2)
        for ((name, kernel), map) in zip(kernels, maps) {
            let raw = try ReferenceConvolution.depthwiseConv2D(input, try DepthwiseFilter(kernel: kernel, height: 3, width: 3, channels: 3)).scalars
            #expect(try ApplyKit.decode(root + "/out/c/\(name).png").tensor.scalars == ApplyKit.normalised(raw, mode: "clamp", range: 255))
            #expect(map["min"] as? Double == Double(raw.min()!) && map["max"] as? Double == Double(raw.max()!), "\(name)")
            let mean = raw.reduce(0, +) / Float(raw.count)
            #expect(abs((map["mean"] as? Double ?? .nan) - Double(mean)) < 1e-3, "\(name)")
        }
    }
}
