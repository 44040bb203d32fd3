import Testing
@testable import FeatureMaps

/// `.npy` banks in TF layout. The fixtures are written by numpy (Scripts/make-bank-fixtures) with
/// value = flat C index, so every weight's expected value follows from its HWIO position.
@Suite struct NPYBankTests {
    @Test func twoDimensionalArrayIsOneFilter() throws {
        let filters = try BankLoader.load(path: BankFixtures.path("test/k2d-3x3.npy"))
        #expect(filters.count == 1)
        #expect(filters[0].name == "f0" && filters[0].height == 3 && filters[0].width == 3 && filters[0].inChannels == nil)
        #expect(filters[0].weights == [0, 1, 2, 3, 4, 5, 6, 7, 8])
    }

    @Test func threeDimensionalArrayIsOutTwoDimensionalFilters() throws {
        // [2, 2, 3]: filter o, tap (m, n) = (m·2 + n)·3 + o.
        let filters = try BankLoader.load(path: BankFixtures.path("test/k3d-2x2x3.npy"))
        #expect(filters.map(\.name) == ["f0", "f1", "f2"])
        #expect(filters.allSatisfy { $0.height == 2 && $0.width == 2 && $0.inChannels == nil })
        #expect(filters[0].weights == [0, 3, 6, 9])
        #expect(filters[2].weights == [2, 5, 8, 11])
    }

    @Test func hwioArrayWithBiasAndZeroPaddedNames() throws {
        // [1, 2, 2, 12]: filter o, tap n, channel c = (n·2 + c)·12 + o.
        let filters = try BankLoader.load(path: BankFixtures.path("test/hwio-1x2x2x12.npy"),
                                          biasPath: BankFixtures.path("test/bias-12.npy"))
        #expect(filters.count == 12)
        #expect(filters.first?.name == "f00" && filters.last?.name == "f11")
        #expect(filters.allSatisfy { $0.height == 1 && $0.width == 2 && $0.inChannels == 2 })
        #expect(filters[5].weights == [5, 17, 29, 41])  // (n, c) = (0,0), (0,1), (1,0), (1,1)
        #expect(filters.map(\.bias) == (0..<12).map { Float($0) - 5.5 })
    }

    @Test func exampleBankIsAKerasShapedLayer() throws {
        let filters = try BankLoader.load(path: BankFixtures.path("random-3x3x3x8.npy"),
                                          biasPath: BankFixtures.path("random-3x3x3x8-bias.npy"))
        #expect(filters.count == 8 && filters.map(\.name) == (0..<8).map { "f\($0)" })
        #expect(filters.allSatisfy { $0.height == 3 && $0.width == 3 && $0.inChannels == 3 && $0.weights.count == 27 })
        let set = try FilterSet(filters)
        #expect(try set.convBank(channels: 3).shape == [3, 3, 3, 8])
    }

    @Test func cifarShapedBankHasSixteenPaddedNames() throws {
        let filters = try BankLoader.load(path: BankFixtures.path("random-5x5x3x16.npy"))
        #expect(filters.map(\.name) == (0..<16).map { $0 < 10 ? "f0\($0)" : "f\($0)" })
        #expect(filters.allSatisfy { $0.height == 5 && $0.width == 5 && $0.inChannels == 3 })
    }

    @Test func malformedNPYBanks() throws {
        let wrongBias = try #require(throws: BankError.self) {
            try BankLoader.load(path: BankFixtures.path("test/hwio-1x2x2x12.npy"), biasPath: BankFixtures.path("test/bias-5.npy"))
        }
        #expect(wrongBias.file == BankFixtures.path("test/bias-5.npy") && wrongBias.description.contains("bias length"), "\(wrongBias)")
        let twoDBias = try #require(throws: BankError.self) {
            try BankLoader.load(path: BankFixtures.path("test/k2d-3x3.npy"), biasPath: BankFixtures.path("test/k2d-3x3.npy"))
        }
        #expect(twoDBias.description.contains("1-D"), "\(twoDBias)")
        let rank5 = try #require(throws: BankError.self) { try BankLoader.load(path: BankFixtures.path("test/rank5.npy")) }
        #expect(rank5.file == BankFixtures.path("test/rank5.npy") && rank5.description.contains("HWIO"), "\(rank5)")
        let nan = try #require(throws: BankError.self) { try BankLoader.load(path: BankFixtures.path("test/nan-3x3.npy")) }
        #expect(nan.description.contains("NaN"), "\(nan)")
        let notNPY = try BankFixtures.scratch("text.npy", "this is not numpy")
        let garbage = try #require(throws: BankError.self) { try BankLoader.load(path: notNPY) }
        #expect(garbage.description.hasPrefix(notNPY + ": "), "\(garbage)")
    }

    @Test func shapeListsMapOntoFilters() throws {
        #expect(throws: BankError.self) { try BankLoader.filtersFromTFLayout(shape: [3, 0, 2], values: [], file: "x.npy") }
        #expect(throws: BankError.self) { try BankLoader.filtersFromTFLayout(shape: [2, 2], values: [1, 2, 3], file: "x.npy") }
        #expect(throws: BankError.self) { try BankLoader.filtersFromTFLayout(shape: [4], values: [1, 2, 3, 4], file: "x.npy") }
    }
}
