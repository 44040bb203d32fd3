import Testing

/// `filterbank kernels` lists every built-in kernel with its matrix (expected text written by hand).
@Suite struct KernelsCommandTests {
    @Test func listsEveryKernelWithItsMatrix() throws {
        let result = try CLI.run(["kernels"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let names = ["identity", "blur", "gaussian", "sharpen", "outline", "emboss", "shift", "horizontal-edge",
                     "sobel-left", "sobel-right", "sobel-top", "sobel-bottom", "laplacian", "gaussian5", "box5", "log5"]
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for name in names {
            #expect(lines.contains { $0.hasPrefix(name + "  ") }, "\(name) is listed")
        }
        // Fractions are shown as an integer matrix times 1/d.
        let blur = try #require(lines.firstIndex { $0.hasPrefix("blur  ") })
        #expect(lines[blur].contains("3×3 × 1/9"))
        #expect(Array(lines[(blur + 1)...(blur + 3)]) == Array(repeating: "    [ 1  1  1 ]", count: 3))
        let sharpen = try #require(lines.firstIndex { $0.hasPrefix("sharpen  ") })
        #expect(Array(lines[(sharpen + 1)...(sharpen + 3)]) == ["    [  0  -1   0 ]", "    [ -1   5  -1 ]", "    [  0  -1   0 ]"])
        let gaussian5 = try #require(lines.firstIndex { $0.hasPrefix("gaussian5  ") })
        #expect(lines[gaussian5].contains("5×5 × 1/256"))
        #expect(lines[gaussian5 + 3] == "    [  6  24  36  24   6 ]")
    }
}
