import Foundation
import Testing

/// `filterbank bench` end to end: the JSON line scripts parse, and usage errors.
@Suite struct BenchCommandTests {
    @Test func jsonLastLineHasTimingAndShapes() throws {
        let result = try CLI.run(["bench", "--input", "2x9x11x3", "--filter", "3x3x3x5", "--strides", "2,1", "--repeat", "3", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let last = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let object = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
        // SAME, stride (2, 1): ceil(9/2) = 5 rows, 11 columns.
        #expect(object?["output"] as? [Int] == [2, 5, 11, 5])
        #expect((object?["seconds_median"] as? Double).map { $0 > 0 } == true)
        #expect((object?["gflops"] as? Double).map { $0 > 0 } == true)
    }

    @Test func depthwiseBench() throws {
        let result = try CLI.run(["bench", "--input", "1x8x8x3", "--filter", "3x3x3x1", "--depthwise", "--repeat", "1", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"output\":[1,8,8,3]"))
    }

    @Test func bandedBenchReportsTheOutputShapeWithoutATensor() throws {
        let result = try CLI.run(["bench", "--input", "2x20x9x3", "--filter", "3x3x3x1", "--depthwise", "--banded", "--repeat", "1", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"output\":[2,20,9,3]"), "\(result.stdout)")
        #expect(result.stdout.contains("\"banded\":true"), "\(result.stdout)")
    }

    @Test func borderIsTimedAndReported() throws {
        for border in ["zero", "replicate", "reflect", "wrap"] {
            let result = try CLI.run(["bench", "--input", "1x9x11x3", "--filter", "3x3x3x1", "--depthwise", "--border", border, "--repeat", "1", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("\"border\":\"\(border)\""), "\(result.stdout)")
        }
    }

    @Test func pathIsChosenOrForcedAndReported() throws {
        // A Gaussian bump is rank 1: the chooser takes the separable passes; --path forces the others.
        for (path, expected) in [("automatic", "separable(1 term)"), ("direct", "direct"), ("fft", "fft(")] {
            let result = try CLI.run(["bench", "--input", "1x40x48x3", "--filter", "11x11x3x1", "--depthwise", "--weights", "gaussian",
                                      "--path", path, "--repeat", "1", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("\"path\":\"\(expected)"), "\(path): \(result.stdout)")
        }
        #expect(try CLI.run(["bench", "--input", "1x8x8x3", "--filter", "3x3x3x1", "--path", "magic"]).status == 2)
    }

    @Test func badShapesExitTwo() throws {
        for arguments in [
            ["bench", "--input", "1x8x8", "--filter", "3x3x3x1"],
            ["bench", "--input", "1x8x8x3", "--filter", "3x3x2x4"],  // 3 input channels vs 2 filter in-channels
            ["bench", "--input", "1x2x2x3", "--filter", "5x5x3x1", "--padding", "valid"],
            ["bench", "--input", "1x8x8x3", "--filter", "3x3x3x1", "--strides", "0"],
            ["bench", "--input", "1x8x8x3", "--filter", "3x3x3x1", "--repeat", "0"],
            ["bench", "--input", "1x8x8x3", "--filter", "3x3x3x1", "--border", "mirror"],
        ] {
            let result = try CLI.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(!result.stderr.isEmpty)
        }
    }
}
