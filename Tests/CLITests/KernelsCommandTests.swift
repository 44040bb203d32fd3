import Foundation
import Essentials
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

/// `filterbank kernels` with parametric families, SPEC… printing and `--json` bank output.
@Suite struct KernelsSpecCommandTests {
    @Test func listsEveryFamilyWithItsSyntaxFormulaAndExampleName() throws {
        let result = try CLI.run(["kernels"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for syntax in ["gaussian:SIGMA[,SIZE]", "box:N", "log:SIGMA[,SIZE]", "dog:SIGMA1,SIGMA2[,SIZE]",
                       "unsharp:SIGMA,AMOUNT[,SIZE]", "motion:LENGTH,ANGLE", "sobel:ANGLE[,SIZE]", "scharr:ANGLE",
                       "prewitt:ANGLE", "kirsch:ANGLE"] {
            let index = try #require(lines.firstIndex { $0.hasPrefix(syntax + "  — ") }, "\(syntax) is listed")
            #expect(lines[index + 1].hasPrefix("    "), "\(syntax) has a formula line")
        }
        #expect(lines.contains("    e.g. gaussian:2 → gaussian-2 (13×13)"))
        #expect(result.stdout.contains("a comma followed by a number"))
    }

    @Test func printsTheKernelsASpecNames() throws {
        let result = try CLI.run(["kernels", "kirsch:90,gaussian:0.5", "motion:3,0"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0] == "kirsch-90  3×3  sum 0")
        #expect(Array(lines[1...3]) == ["    [  5   5   5 ]", "    [ -3   0  -3 ]", "    [ -3  -3  -3 ]"])
        #expect(lines[4].hasPrefix("gaussian-0.5  5×5  sum 1"))
        #expect(lines.contains("motion-3-0  1×3  sum 1"))
        #expect(lines.last == "    [ 0.333333  0.333333  0.333333 ]")
    }

    @Test func largeKernelsAreSummarised() throws {
        let result = try CLI.run(["kernels", "gaussian:5"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("gaussian-5  31×31  sum 1"))
        #expect(result.stdout.contains("too large to print here") && result.stdout.contains("use --json"))
        #expect(result.stdout.split(separator: "\n").count == 2)
    }

    @Test func badSpecsAreUsageErrorsNamingThePiece() throws {
        let typo = try CLI.run(["kernels", "blur,sharpn"])
        #expect(typo.status == 2 && typo.stdout.isEmpty)
        #expect(typo.stderr == "filterbank: kernel 'blur,sharpn': unknown kernel 'sharpn'; did you mean sharpen? (see 'filterbank kernels')\n")
        let huge = try CLI.run(["kernels", "box:1000000", "--json"])
        #expect(huge.status == 2 && huge.stdout.isEmpty)
        #expect(huge.stderr.contains("N must be a whole number from 1 to 301, not 1000000"))
    }

    @Test func jsonIsABankThatApplyReadsBack() throws {
        let root = try ApplyKit.folder("kernels-json")
        defer { ApplyKit.remove(root) }
        let result = try CLI.run(["kernels", "kirsch:90,sobel:45", "gaussian:0.3", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let filters = try #require(object["filters"] as? [[String: Any]])
        #expect(filters.compactMap { $0["name"] as? String } == ["kirsch-90", "sobel-45", "gaussian-0.3"])
        let bank = root + "/bank.json"
        try Data(result.stdout.utf8).write(to: URL(fileURLWithPath: bank))
        let pixels = try ApplyKit.writePNG(root + "/in/g.png", width: 9, height: 7, channels: 1, seed: 3)
        let applied = try CLI.run(["apply", root + "/in", "-o", root + "/out", "--bank", bank, "--format", "npy",
                                   "--normalize", "none", "--quiet"])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(try ApplyKit.files(root + "/out") == ["g/gaussian-0.3.npy", "g/kirsch-90.npy", "g/sobel-45.npy"])
        // kirsch:90 written out by hand, through the plain-loop reference convolution.
        let kirsch: [Float] = [5, 5, 5, -3, 0, -3, -3, -3, -3]
        let expected = try ApplyKit.convolve(try ApplyKit.tensor(pixels, width: 9, height: 7, channels: 1), kernel: kirsch)
        let map = try NPYFile.read(path: root + "/out/g/kirsch-90.npy")
        #expect(map.values == expected)
    }

    @Test func jsonWithoutSpecsHoldsEveryBuiltin() throws {
        let result = try CLI.run(["kernels", "--json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let names = (object["filters"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names?.count == 16 && names?.first == "identity" && names?.last == "log5")
    }
}
