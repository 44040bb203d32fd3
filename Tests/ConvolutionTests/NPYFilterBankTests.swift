import Essentials
import Testing
@testable import Convolution

/// `.npy` arrays read as HWIO filter banks.
@Suite struct NPYFilterBankTests {
    @Test func filterBankFromHWIO() throws {
        let weights = try NPYArray(shape: [1, 1, 2, 3], values: [1, 2, 3, 4, 5, 6])
        let bias = try NPYArray(shape: [3], values: [0.5, 0, -1])
        let bank = try weights.filterBank(bias: bias)
        #expect(bank.shape == [1, 1, 2, 3] && bank.weight(0, 0, 1, 2) == 6 && bank.bias == [0.5, 0, -1])
        #expect(throws: ConvolutionError.self) { try NPYArray(shape: [2, 3], values: [1, 2, 3, 4, 5, 6]).filterBank() }
        #expect(throws: ConvolutionError.self) {
            try weights.filterBank(bias: try NPYArray(shape: [1, 3], values: [1, 2, 3]))
        }
        #expect(throws: ConvolutionError.self) {
            try weights.filterBank(bias: try NPYArray(shape: [2], values: [1, 2]))
        }
    }
}
