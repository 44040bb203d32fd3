import Foundation
import Testing
@testable import Batch

@Suite struct RunReportTests {
    @Test func encodesStatusesRangesAndNonFiniteValues() throws {
        let report = RunReport(
            settings: ["mode": "conv"],
            totals: .init(inputs: 3, ok: 1, failed: 1, skipped: 1, outputFiles: 1, seconds: 0.5, imagesPerSecond: 2),
            inputs: [
                .init(input: "in/a.png", status: .ok, outputFolder: "a", inputShape: [4, 5, 3],
                      outputs: [.init(filter: "blur", file: "out/a/blur.png", shape: [4, 5, 1], min: -1.5, max: .infinity, mean: 0.25)]),
                .init(input: "in/b.png", status: .failed, reason: "in/b.png: decode failed: truncated"),
                .init(input: "in/c.txt", status: .skipped, reason: "not a .png, .jpg or .jpeg file"),
            ])
        let bytes = try report.encoded()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let inputs = try #require(json["inputs"] as? [[String: Any]])
        #expect(inputs.map { $0["status"] as? String } == ["ok", "failed", "skipped"])
        let map = try #require((inputs[0]["outputs"] as? [[String: Any]])?.first)
        #expect(map["min"] as? Double == -1.5)
        #expect(map["max"] as? String == "inf")
        #expect(map["file"] as? String == "out/a/blur.png")
        #expect((json["totals"] as? [String: Any])?["failed"] as? Int == 1)
        #expect(try RunReport.decode(bytes) == report)
    }
}
