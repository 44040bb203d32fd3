import Convolution
import Testing
@testable import FeatureMaps
import Essentials

/// Filter sets: shape agreement, unique names, and the conv / depthwise banks they build.
@Suite struct FilterSetTests {
    func filter(_ name: String, _ weights: [Float], height: Int = 1, width: Int = 2, inChannels: Int? = nil, bias: Float = 0) throws -> NamedFilter {
        try NamedFilter(name: name, height: height, width: width, inChannels: inChannels, weights: weights, bias: bias)
    }

    @Test func mixedShapesGroupByShapeInOrderAndOnlyBanksNeedOneShape() throws {
        let blur = try #require(BuiltinKernels.named("blur")), box5 = try #require(BuiltinKernels.named("box5"))
        let threeD = try filter("rgb", [1, 2, 3, 4, 5, 6], inChannels: 3)
        let sharpen = try #require(BuiltinKernels.named("sharpen"))
        let set = try FilterSet([blur, box5, threeD, sharpen])
        #expect(set.shapeGroups == [[0, 3], [1], [2]])
        #expect(!set.isUniform)
        #expect(set.subset([0, 3]).isUniform && set.subset([0, 3]).names == ["blur", "sharpen"])
        let error = try #require(throws: BankError.self) { try set.convBank(channels: 3) }
        #expect(error.description.contains("disagree in shape") && error.description.contains("'box5' is 5×5"), "\(error)")
        #expect(throws: BankError.self) { try set.depthwise(channels: 3) }
        #expect(throws: BankError.self) { try FilterSet([]) }
    }

    @Test func duplicateNamesAreNumberedInOrder() throws {
        let a = try filter("a", [1, 2]), taken = try filter("a-2", [3, 4])
        let set = try FilterSet([a, a, taken, a])
        #expect(set.names == ["a", "a-3", "a-2", "a-4"])
        #expect(set.filters[1].weights == [1, 2])
    }

    @Test func twoDimensionalKernelOnThreeChannelsActsOnTheMean() throws {
        let set = try FilterSet([try filter("p", [3, 6], bias: 1), try filter("q", [-3, 0])])
        let bank = try set.convBank(channels: 3)
        #expect(bank.shape == [1, 2, 3, 2])
        for c in 0..<3 {
            #expect(bank.weight(0, 0, c, 0) == 1 && bank.weight(0, 1, c, 0) == 2)
            #expect(bank.weight(0, 0, c, 1) == -1 && bank.weight(0, 1, c, 1) == 0)
        }
        #expect(bank.bias == [1, 0])
        // On one channel the kernel is used as is; no bias array when every bias is 0.
        let gray = try FilterSet([try filter("q", [-3, 0])]).convBank(channels: 1)
        #expect(gray.weights == [-3, 0] && gray.bias == nil)
    }

    @Test func convBankOnAConstantImageGivesTheKernelSumTimesTheValue() throws {
        // Independent check through the reference convolution: a constant image of 10 (all channels) with
        // blur in conv mode is 10 inside (mean of channels = 10, blur keeps it).
        let set = try FilterSet([try #require(BuiltinKernels.named("blur"))])
        let image = try Tensor(shape: [1, 3, 3, 3], scalars: [Float](repeating: 10, count: 27))
        let out = try ReferenceConvolution.conv2D(image, try set.convBank(channels: 3), options: .init(padding: .valid))
        #expect(out.shape == [1, 1, 1, 1])
        #expect(abs(out.scalars[0] - 10) < 1e-4)
    }

    @Test func threeDimensionalKernelsUseTheirChannelsAndMustMatch() throws {
        // 1×1×2 kernels: w[0,0,c] for c = 0, 1.
        let set = try FilterSet([try filter("x", [1, 2], height: 1, width: 1, inChannels: 2),
                                 try filter("y", [3, 4], height: 1, width: 1, inChannels: 2, bias: 0.5)])
        let bank = try set.convBank(channels: 2)
        #expect(bank.weights == [1, 3, 2, 4])  // HWIO: [c][o]
        #expect(bank.bias == [0, 0.5])
        let error = try #require(throws: BankError.self) { try set.convBank(channels: 3) }
        #expect(error.description.contains("2-channel") && error.description.contains("3 channels"), "\(error)")
        #expect(throws: BankError.self) { try set.depthwise(channels: 2) }
    }

    @Test func depthwiseLayoutIsChannelTimesFiltersPlusFilter() throws {
        let set = try FilterSet([try filter("a", [1, 2], bias: 7), try filter("b", [3, 4])])
        let depthwise = try set.depthwise(channels: 3)
        #expect(depthwise.channels == 3 && depthwise.multiplier == 2)
        for c in 0..<3 {
            #expect(depthwise.weight(0, 0, c, 0) == 1 && depthwise.weight(0, 1, c, 0) == 2)
            #expect(depthwise.weight(0, 0, c, 1) == 3 && depthwise.weight(0, 1, c, 1) == 4)
        }
        #expect(set.depthwiseBiases(channels: 3) == [7, 0, 7, 0, 7, 0])
        #expect(set.depthwiseChannels(of: 1, channels: 3) == [1, 3, 5])
        // Output channel c·F + f really is filter f on channel c (tf.nn.depthwise_conv2d's order):
        // a 1×2 image whose channels are (1, 10, 100) then (2, 20, 200), VALID.
        let image = try Tensor(shape: [1, 1, 2, 3], scalars: [1, 10, 100, 2, 20, 200])
        let out = try ReferenceConvolution.depthwiseConv2D(image, depthwise, options: .init(padding: .valid))
        #expect(out.shape == [1, 1, 1, 6])
        let expected: [Float] = [5, 11, 50, 110, 500, 1100]  // (1·x0 + 2·x1, 3·x0 + 4·x1) per channel
        #expect(out.scalars == expected)
    }

    @Test func namedFilterValidatesItsInput() {
        #expect(throws: BankError.self) { try NamedFilter(name: "a", height: 2, width: 2, weights: [1, 2, 3]) }
        #expect(throws: BankError.self) { try NamedFilter(name: "a", height: 1, width: 1, weights: [.nan]) }
        #expect(throws: BankError.self) { try NamedFilter(name: "a/b", height: 1, width: 1, weights: [1]) }
        #expect(throws: BankError.self) { try NamedFilter(name: "a", height: 0, width: 1, weights: []) }
    }
}
