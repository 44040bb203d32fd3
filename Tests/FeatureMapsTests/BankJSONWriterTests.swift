import Foundation
import Testing
@testable import FeatureMaps

/// `filterbank kernels --json` output: a bank file BankLoader reads back to the very same filters.
@Suite struct BankJSONWriterTests {
    func roundTrip(_ filters: [NamedFilter]) throws -> [NamedFilter] {
        let path = try BankFixtures.scratch("bank.json", BankJSONWriter.text(for: filters))
        return try BankLoader.load(path: path)
    }

    @Test func builtinsAndParametricKernelsRoundTripBitForBit() throws {
        var resolver = KernelSpecResolver()
        let parametric = try resolver.filters(for: "gaussian:1.3,log:0.9,dog:0.7,1.9,unsharp:1,0.6,motion:11,20,sobel:33,5,scharr:10,kirsch:45,box:3")
        let filters = BuiltinKernels.all + parametric
        let loaded = try roundTrip(filters)
        #expect(loaded == filters)
    }

    @Test func threeDimensionalKernelsAndBiasesRoundTrip() throws {
        let filters = [
            try NamedFilter(name: "rgb \"quoted\"", height: 1, width: 2, inChannels: 3,
                            weights: [1, -2, 0.1, 1e-7, 3.4028235e38, -0.333333343], bias: 2.5),
            try NamedFilter(name: "tiny", height: 1, width: 1, weights: [Float.leastNonzeroMagnitude]),
        ]
        #expect(try roundTrip(filters) == filters)
    }

    @Test func numbersAreShortAndValidJSON() {
        #expect(BankJSONWriter.number(0) == "0")
        #expect(BankJSONWriter.number(-0.0) == "0")
        #expect(BankJSONWriter.number(-2) == "-2")
        #expect(BankJSONWriter.number(0.25) == "0.25")
        #expect(BankJSONWriter.number(Float(1) / 9) == "0.11111111")
        let text = BankJSONWriter.text(for: [BuiltinKernels.named("sobel-left")!])
        #expect(text == """
            {
              "filters": [
                {"name": "sobel-left", "kernel": [
                  [1, 0, -1],
                  [2, 0, -2],
                  [1, 0, -1]
                ]}
              ]
            }

            """)
        #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil)
    }
}
