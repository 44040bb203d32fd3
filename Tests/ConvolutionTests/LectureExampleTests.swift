import Testing
@testable import Convolution
import Essentials

/// The worked examples of the CNN lecture (../shared/seed), computed by both the fast entry point and
/// the reference. Expected values are the slides' own answers, re-checked by hand and against
/// TensorFlow (the same inputs are golden cases lecture_* in Fixtures/conv/golden).
@Suite struct LectureExampleTests {
    static let lectureImage: [[Float]] = [[2, 0, 1, 3], [7, 1, 1, 0], [0, 2, 5, 0], [0, 5, 1, 4]]
    static let horizontalEdge: [[Float]] = [[1, 1, 1], [0, 0, 0], [-1, -1, -1]]
    static let sobelImage: [[Float]] = [[2, 0, 3, 1], [1, 1, 0, 0], [1, 0, 2, 0], [1, 0, 1, 2]]
    static let sobelX: [[Float]] = [[1, 0, -1], [2, 0, -2], [1, 0, -1]]

    /// Single-channel 2-D convolution through both cores; they must agree exactly on integer data.
    func convolve(_ image: [[Float]], _ kernel: [[Float]], padding: Padding, strides: (Int, Int) = (1, 1)) throws -> [[Float]] {
        let input = try Tensor(shape: [1, image.count, image[0].count, 1], scalars: image.flatMap { $0 })
        let bank = try FilterBank(
            height: kernel.count, width: kernel[0].count, inChannels: 1, outChannels: 1, weights: kernel.flatMap { $0 })
        let options = ConvolutionOptions(strides: strides, padding: padding)
        let fast = try conv2D(input, bank, options: options)
        let reference = try ReferenceConvolution.conv2D(input, bank, options: options)
        #expect(fast == reference)
        return (0..<fast.height).map { y in (0..<fast.width).map { x in fast[0, y, x, 0] } }
    }

    /// Slide "What Convolution Does (Visually)". A later slide ("Key Idea 1" and "partially
    /// connected") shows the bottom row as [2, -9]: that is a typo. By hand, window (1,0) covers
    /// rows 1..3, cols 0..2: top row 7+1+1 = 9 minus bottom row 0+5+1 = 6 → 3; window (1,1):
    /// top 1+1+0 = 2 minus bottom 5+1+4 = 10 → −8. TensorFlow agrees: [[-4,-3],[3,-8]].
    @Test func horizontalEdgeValid() throws {
        #expect(try convolve(Self.lectureImage, Self.horizontalEdge, padding: .valid) == [[-4, -3], [3, -8]])
    }

    /// Slide "“Problem” With Convolution": the border example.
    @Test func borderExampleValid() throws {
        let image: [[Float]] = [[2, 0, 1, 3], [0, 1, 1, 0], [0, 0, 2, 0], [0, 1, 1, 1]]
        #expect(try convolve(image, Self.horizontalEdge, padding: .valid) == [[1, 2], [0, -1]])
    }

    /// Slide "We already tried this!": Sobel-x, VALID, stride 1.
    @Test func sobelValid() throws {
        #expect(try convolve(Self.sobelImage, Self.sobelX, padding: .valid) == [[0, 1], [-1, -1]])
    }

    /// Slide "SAME padding Example (Try it as HW)". The slide's answer matches TensorFlow
    /// (golden case lecture_sobel_same) and a hand check of two corners: (0,0) sees [[2,0],[1,1]]
    /// under the kernel's bottom-right 2×2 [[0,−2],[0,−1]] → −1; (0,3) sees [[3],[0]] (column 2)
    /// under [[2],[1]] → 6.
    @Test func sobelSame() throws {
        let expected: [[Float]] = [[-1, -1, -1, 6], [-2, 0, 1, 5], [-1, -1, -1, 5], [0, -1, -4, 4]]
        #expect(try convolve(Self.sobelImage, Self.sobelX, padding: .same) == expected)
    }

    /// Slides "Stride": a 5×5 input with a 3×3 kernel at stride 2 gives a 2×2 output (VALID).
    /// The slide shows no kernel; with the horizontal-edge kernel the hand-computed windows are
    /// rows 0..2/2..4 × cols 0..2/2..4: (2+0+3)−(0+0+3) = 2, (3+1+0)−(3+3+1) = −3,
    /// (0+0+3)−(3+4+7) = −11, (3+3+1)−(7+2+1) = −3.
    @Test func strideTwoOnFiveByFive() throws {
        let image: [[Float]] = [[2, 0, 3, 1, 0], [2, 4, 5, 2, 3], [0, 0, 3, 3, 1], [2, 9, 9, 7, 8], [3, 4, 7, 2, 1]]
        #expect(try convolve(image, Self.horizontalEdge, padding: .valid, strides: (2, 2)) == [[2, -3], [-11, -3]])
        // SAME at stride 2 gives ceil(5/2) = 3 per side.
        let same = try convolve(image, Self.horizontalEdge, padding: .same, strides: (2, 2))
        #expect(same.count == 3 && same[0].count == 3)
    }

    /// An all-ones input and filter make each output the number of taps inside the image, which
    /// exposes TF's SAME placement: for 28 → 14 with a 5-tap kernel at stride 2, total padding is
    /// 13·2 + 5 − 28 = 3: one row/column before, two after.
    @Test func mnistLayerShape() throws {
        let batch = 2
        let input = try Tensor(shape: [batch, 28, 28, 1], scalars: .init(repeating: 1, count: batch * 28 * 28))
        let bank = try FilterBank(height: 5, width: 5, inChannels: 1, outChannels: 16, weights: .init(repeating: 1, count: 5 * 5 * 16))
        let output = try conv2D(input, bank, options: .init(strides: (2, 2), padding: .same))
        #expect(output.shape == [batch, 14, 14, 16])
        #expect(output[0, 0, 0, 0] == 16)  // rows 0..3 × cols 0..3
        #expect(output[1, 5, 5, 15] == 25)
        // Output 13 starts at 13·2 − 1 = 25: taps 25..29, of which 25..27 are inside.
        #expect(output[1, 13, 13, 7] == 9)  // rows 25..27 × cols 25..27
        #expect(output[0, 0, 13, 3] == 12)  // rows 0..3 × cols 25..27
    }

    /// CIFAR: [b,32,32,3] with [5,5,3,16] at stride 2 SAME → [b,16,16,16]; padding 1 before, 2 after.
    @Test func cifarLayerShape() throws {
        let batch = 2
        let input = try Tensor(shape: [batch, 32, 32, 3], scalars: .init(repeating: 1, count: batch * 32 * 32 * 3))
        let bank = try FilterBank(height: 5, width: 5, inChannels: 3, outChannels: 16, weights: .init(repeating: 1, count: 5 * 5 * 3 * 16))
        let output = try conv2D(input, bank, options: .init(strides: (2, 2), padding: .same))
        #expect(output.shape == [batch, 16, 16, 16])
        #expect(output[0, 0, 0, 0] == 16 * 3)
        #expect(output[1, 8, 8, 9] == 25 * 3)
        #expect(output[0, 15, 15, 15] == 9 * 3)  // taps 29..33, of which 29..31 are inside
    }
}
