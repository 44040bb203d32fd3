import Testing
@testable import Convolution

/// Output sizes and padding placement against the lecture's formula w' = (w − f + 2p)/s + 1 and TF's rules.
@Suite struct GeometryTests {
    func axis(_ input: Int, kernel: Int, stride: Int = 1, dilation: Int = 1, padding: Padding) throws -> AxisGeometry {
        try ConvolutionGeometry(
            inputShape: [1, input, 1, 1], kernelHeight: kernel, kernelWidth: 1,
            options: .init(strides: (stride, 1), padding: padding, dilations: (dilation, 1))
        ).rows
    }

    /// The lecture's worked sizes: w = 4, f = 3, s = 1 gives 2 (VALID, p = 0) and 4 (SAME, p = 1).
    @Test func lectureSizes() throws {
        #expect(try axis(4, kernel: 3, padding: .valid) == AxisGeometry(output: 2, padBefore: 0, padAfter: 0))
        #expect(try axis(4, kernel: 3, padding: .same) == AxisGeometry(output: 4, padBefore: 1, padAfter: 1))
        #expect(try axis(5, kernel: 3, stride: 2, padding: .valid).output == 2)
    }

    /// TF's SAME: out = ceil(in/s); the odd padding pixel goes after (bottom/right).
    @Test(arguments: [
        // (in, kernel, stride, dilation, out, before, after), each worked out by hand from the formula.
        (4, 2, 1, 1, 4, 0, 1),
        (5, 3, 2, 1, 3, 1, 1),
        (28, 5, 2, 1, 14, 1, 2),
        (32, 5, 2, 1, 16, 1, 2),
        (7, 3, 1, 2, 7, 2, 2),
        (3, 5, 1, 1, 3, 2, 2),  // kernel larger than the input
        (4, 6, 2, 1, 2, 2, 2),
        (10, 3, 3, 1, 4, 1, 1),
        (9, 1, 4, 1, 3, 0, 0),
        (6, 4, 1, 1, 6, 1, 2),
    ])
    func sameGeometry(_ c: (Int, Int, Int, Int, Int, Int, Int)) throws {
        let geometry = try axis(c.0, kernel: c.1, stride: c.2, dilation: c.3, padding: .same)
        #expect(geometry == AxisGeometry(output: c.4, padBefore: c.5, padAfter: c.6))
    }

    /// VALID matches the lecture's formula with p = 0 (floor division) for every size that fits,
    /// with the dilated kernel (f − 1)·d + 1 in place of f.
    @Test func validMatchesLectureFormula() throws {
        for input in 1...12 {
            for kernel in 1...5 {
                for stride in 1...4 {
                    for dilation in 1...3 {
                        let effective = (kernel - 1) * dilation + 1
                        guard effective <= input else {
                            #expect(throws: ConvolutionError.self) {
                                try axis(input, kernel: kernel, stride: stride, dilation: dilation, padding: .valid)
                            }
                            continue
                        }
                        let lecture = (input - effective) / stride + 1
                        #expect(try axis(input, kernel: kernel, stride: stride, dilation: dilation, padding: .valid).output == lecture)
                    }
                }
            }
        }
    }

    /// Explicit padding is the lecture's formula with separate before/after amounts.
    @Test func explicitMatchesLectureFormula() throws {
        let geometry = try ConvolutionGeometry(
            inputShape: [1, 5, 7, 1], kernelHeight: 3, kernelWidth: 2,
            options: .init(strides: (2, 3), padding: .explicit(top: 1, bottom: 2, left: 0, right: 4)))
        #expect(geometry.rows == AxisGeometry(output: (5 + 3 - 3) / 2 + 1, padBefore: 1, padAfter: 2))
        #expect(geometry.cols == AxisGeometry(output: (7 + 4 - 2) / 3 + 1, padBefore: 0, padAfter: 4))
    }

    /// With stride 1 and an odd kernel, SAME is the lecture's p = (f − 1)/2 on both sides.
    @Test func sameStrideOneOddKernelIsSymmetric() throws {
        for kernel in stride(from: 1, through: 9, by: 2) {
            #expect(try axis(10, kernel: kernel, padding: .same) == AxisGeometry(output: 10, padBefore: (kernel - 1) / 2, padAfter: (kernel - 1) / 2))
        }
    }
}
