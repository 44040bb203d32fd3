import Testing
@testable import Convolution
import Essentials

/// The plain reference against the lecture's worked examples.
@Suite struct ReferenceConvolutionTests {
    @Test func lectureHorizontalEdgeValid() throws {
        let image: [Float] = [2, 0, 1, 3, 7, 1, 1, 0, 0, 2, 5, 0, 0, 5, 1, 4]
        let kernel: [Float] = [1, 1, 1, 0, 0, 0, -1, -1, -1]
        let input = try Tensor(shape: [1, 4, 4, 1], scalars: image)
        let bank = try FilterBank(height: 3, width: 3, inChannels: 1, outChannels: 1, weights: kernel)
        let output = try ReferenceConvolution.conv2D(input, bank, options: .init(padding: .valid))
        #expect(output.shape == [1, 2, 2, 1])
        #expect(output.scalars == [-4, -3, 3, -8])
    }
}
