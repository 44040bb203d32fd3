import Testing
@testable import Convolution
import Essentials

/// Every geometry TensorFlow rejects is a thrown ConvolutionError naming the numbers that disagree.
@Suite struct ConvolutionErrorTests {
    func input(_ shape: [Int]) throws -> Tensor { try Tensor(zeros: shape) }

    func bank(_ h: Int, _ w: Int, _ i: Int, _ o: Int) throws -> FilterBank {
        try FilterBank(height: h, width: w, inChannels: i, outChannels: o, weights: .init(repeating: 1, count: h * w * i * o))
    }

    /// Runs both cores and checks each throws a ConvolutionError whose message contains every fragment.
    func expectFailure(_ x: Tensor, _ b: FilterBank, _ options: ConvolutionOptions, mentions fragments: [String]) {
        for (label, run) in [("conv2D", { try conv2D(x, b, options: options) }),
                             ("reference", { try ReferenceConvolution.conv2D(x, b, options: options) })] {
            #expect(Comment(rawValue: label)) {
                _ = try run()
            } throws: { error in
                guard let error = error as? ConvolutionError else { return false }
                return fragments.allSatisfy { error.description.contains($0) }
            }
        }
    }

    @Test func channelMismatch() throws {
        expectFailure(try input([1, 5, 5, 3]), try bank(3, 3, 2, 4), .init(), mentions: ["3 channels", "2 in-channels"])
    }

    @Test func groupsThatDoNotDivideTheOutputs() throws {
        expectFailure(try input([1, 5, 5, 4]), try bank(3, 3, 2, 3), .init(), mentions: ["4 input channels", "2 filter in-channels", "2 groups", "3 out-channels"])
    }

    @Test func strideBelowOne() throws {
        expectFailure(try input([1, 5, 5, 1]), try bank(3, 3, 1, 1), .init(strides: (0, 1)), mentions: ["strides", "(0, 1)"])
        expectFailure(try input([1, 5, 5, 1]), try bank(3, 3, 1, 1), .init(strides: (2, -3)), mentions: ["strides", "(2, -3)"])
    }

    @Test func dilationBelowOne() throws {
        expectFailure(try input([1, 5, 5, 1]), try bank(3, 3, 1, 1), .init(dilations: (1, 0)), mentions: ["dilations", "(1, 0)"])
    }

    @Test func negativeExplicitPadding() throws {
        expectFailure(
            try input([1, 5, 5, 1]), try bank(3, 3, 1, 1), .init(padding: .explicit(top: 0, bottom: -2, left: 1, right: 1)),
            mentions: ["padding", "-2"])
    }

    @Test func emptyOutput() throws {
        // VALID 2×6 input with a 3×3 kernel: 2 − 3 + 1 = 0 rows.
        expectFailure(try input([1, 2, 6, 1]), try bank(3, 3, 1, 1), .init(padding: .valid), mentions: ["height", "input height 2", "kernel height 3"])
        // Dilation 3 makes a 3-tap kernel span 7 > 6 columns.
        expectFailure(
            try input([1, 8, 6, 1]), try bank(3, 3, 1, 1), .init(padding: .valid, dilations: (1, 3)),
            mentions: ["width", "effective kernel width 7", "dilation 3"])
    }

    @Test func biasLength() {
        #expect {
            try FilterBank(height: 1, width: 1, inChannels: 1, outChannels: 3, weights: [1, 2, 3], bias: [0, 0])
        } throws: { error in
            "\(error)".contains("2 values") && "\(error)".contains("3 output channels")
        }
    }

    @Test func depthwiseChannelMismatch() throws {
        let filter = try DepthwiseFilter(kernel: [1, 1, 1, 1], height: 2, width: 2, channels: 2)
        for run in [{ try depthwiseConv2D(try self.input([1, 4, 4, 3]), filter) },
                    { try ReferenceConvolution.depthwiseConv2D(try self.input([1, 4, 4, 3]), filter) }] {
            #expect {
                _ = try run()
            } throws: { "\($0)".contains("2 channels") && "\($0)".contains("has 3") }
        }
    }
}
