import Testing
@testable import FeatureMaps

/// The `--kernel` value rule: names, parametric specs and kernel strings, separated by commas.
@Suite struct KernelSpecTests {
    func parse(_ value: String) throws -> [KernelSpec] { try KernelSpec.parse(value) }

    /// The message of the error `value` raises (empty when it parses).
    func message(_ value: String) -> String {
        do {
            var resolver = KernelSpecResolver()
            _ = try resolver.filters(for: value)
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test func commaListsOfNames() throws {
        #expect(try parse("blur") == [.builtin("blur")])
        #expect(try parse("blur,sharpen") == [.builtin("blur"), .builtin("sharpen")])
        #expect(try parse(" blur , sharpen ,log5") == [.builtin("blur"), .builtin("sharpen"), .builtin("log5")])
    }

    @Test func aCommaAndANumberContinueTheParameters() throws {
        #expect(try parse("gaussian:2") == [.parametric(.gaussian, [2])])
        #expect(try parse("gaussian:2,7") == [.parametric(.gaussian, [2, 7])])
        #expect(try parse("gaussian: 2, 7") == [.parametric(.gaussian, [2, 7])])
        #expect(try parse("dog:1,2,sharpen") == [.parametric(.dog, [1, 2]), .builtin("sharpen")])
        #expect(try parse("sobel:-45,5,motion:9,.5e1") == [.parametric(.sobel, [-45, 5]), .parametric(.motion, [9, 5])])
        #expect(try parse("gaussian:2,gaussian:3") == [.parametric(.gaussian, [2]), .parametric(.gaussian, [3])])
        // The bare built-in "gaussian" and the family "gaussian:" are different kernels.
        #expect(try parse("gaussian,gaussian:1") == [.builtin("gaussian"), .parametric(.gaussian, [1])])
    }

    @Test func aKernelStringTakesTheRestOfTheValue() throws {
        #expect(try parse("3x3: 1,1,1 0,0,0 -1,-1,-1") == [.kernelString("3x3: 1,1,1 0,0,0 -1,-1,-1")])
        #expect(try parse("blur,3x3: 1,2,1,0,0,0,-1,-2,-1") == [.builtin("blur"), .kernelString("3x3: 1,2,1,0,0,0,-1,-2,-1")])
        #expect(try parse("gaussian:1,5,2x1: 1,-1") == [.parametric(.gaussian, [1, 5]), .kernelString("2x1: 1,-1")])
        #expect(try parse("5: " + Array(repeating: "1", count: 25).joined(separator: " ")).count == 1)
        // A value of numbers only is a bare square list.
        #expect(try parse("0,-1,0,-1,5,-1,0,-1,0") == [.kernelString("0,-1,0,-1,5,-1,0,-1,0")])
    }

    @Test func kernelStringsAreNumberedAcrossValues() throws {
        var resolver = KernelSpecResolver()
        let first = try resolver.filters(for: "blur,2x1: 1,-1")
        let second = try resolver.filters(for: "1,2,3,4")
        #expect(first.map(\.name) == ["blur", "kernel1"] && second.map(\.name) == ["kernel2"])
        #expect(second[0].height == 2 && second[0].width == 2 && second[0].weights == [1, 2, 3, 4])
        #expect(resolver.kernelStringCount == 2)
    }

    @Test func resolvedFiltersCarryFileSafeNames() throws {
        var resolver = KernelSpecResolver()
        let names = try resolver.filters(for: "gaussian:2,gaussian:1.5,9,sobel:-90,dog:1,2,unsharp:1,0.5,motion:9,405,kirsch:45,box:4,log:1e0")
            .map(\.name)
        #expect(names == ["gaussian-2", "gaussian-1.5-9", "sobel-270", "dog-1-2", "unsharp-1-0.5", "motion-9-45", "kirsch-45", "box-4", "log-1"])
        for name in names { #expect(name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }) }
    }

    @Test func typosGetTheClosestNames() {
        #expect(message("bluur") == "unknown kernel 'bluur'; did you mean blur? (see 'filterbank kernels')")
        #expect(message("Sharpen").contains("did you mean sharpen?"))
        #expect(message("gausian:2") == "'gausian:2': unknown kernel family 'gausian'; did you mean gaussian:SIGMA[,SIZE]? (see 'filterbank kernels')")
        #expect(message("blur,sobel-lft").hasPrefix("unknown kernel 'sobel-lft'; did you mean sobel-left"))
        #expect(message("zzzzzz") == "unknown kernel 'zzzzzz' (see 'filterbank kernels')")
    }

    @Test func familyNamesWithoutParametersSayWhatTheyNeed() {
        #expect(message("sobel") == "'sobel' needs parameters: sobel:ANGLE[,SIZE], e.g. sobel:45; built-in: sobel-left, sobel-right, sobel-top, sobel-bottom")
        #expect(message("motion:") == "'motion:' has no parameters after the colon: motion:LENGTH,ANGLE, e.g. motion:9,45")
        #expect(message("gaussian,5").contains("parameters follow a colon: gaussian:5"))
        #expect(message("blur,5").contains("the built-in blur takes no parameters"))
    }

    @Test func malformedPiecesAreNamed() {
        #expect(message("blur,,sharpen").contains("empty kernel between commas"))
        #expect(message("blur,") .contains("empty kernel between commas"))
        #expect(message("") .contains("the kernel is empty"))
        #expect(message("blur sharpen").contains("'blur sharpen' is not a kernel name"))
        #expect(message("gaussian:two") == "'gaussian:two': 'two' is not a number (gaussian:SIGMA[,SIZE])")
        #expect(message("gaussian:2,7x") == "'7x' is not a number")
        #expect(message("gaussian:1:2").contains("'1:2' is not a number"))
        #expect(message("-3,blur").contains("'-3' is not a kernel"))
    }

    @Test func parameterErrorsNameTheSpecAndTheRange() {
        #expect(message("gaussian:0").hasPrefix("'gaussian:0': SIGMA must be above 0 and at most 50, not 0 (gaussian:SIGMA[,SIZE]; OpenCV's σ = 0"))
        #expect(message("gaussian:-1") == "'gaussian:-1': SIGMA must be above 0 and at most 50, not -1 (gaussian:SIGMA[,SIZE])")
        #expect(message("gaussian:2,-5") == "'gaussian:2,-5': SIZE must be an odd whole number from 1 to 301 (the kernel needs a centre tap), not -5 (gaussian:SIGMA[,SIZE])")
        #expect(message("gaussian:2,8").contains("SIZE must be an odd whole number"))
        #expect(message("gaussian:1,1001").contains("from 1 to 301"))
        #expect(message("gaussian:1e6").contains("SIGMA must be above 0 and at most 50, not 1000000"))
        #expect(message("gaussian:1e999").contains("SIGMA must be a finite number"))
        #expect(message("box:0") == "'box:0': N must be a whole number from 1 to 301, not 0 (box:N)")
        #expect(message("box:1000000").contains("from 1 to 301"))
        #expect(message("log:40") == "'log:40': σ = 40 needs a 321×321 kernel (2⌈4σ⌉+1), more than the largest, 301×301; give a smaller SIGMA or a SIZE (log:SIGMA[,SIZE])")
        #expect(message("dog:2,2").contains("SIGMA1 and SIGMA2 must differ"))
        #expect(message("unsharp:1,-1").contains("AMOUNT must be from 0 to 100, not -1"))
        #expect(message("motion:0.5,0").contains("LENGTH must be from 1 to 301"))
        #expect(message("sobel:0,33").contains("SIZE must be an odd whole number from 3 to 31"))
        #expect(message("kirsch:30").contains("ANGLE must be a multiple of 45"))
        #expect(message("gaussian:1,2,3") == "'gaussian:1,2,3': gaussian:SIGMA[,SIZE] takes 1 to 2 numbers, got 3")
        #expect(message("box:3,3").contains("box:N takes 1 number, got 2"))
        #expect(message("3x3: 1,2") .contains("needs 9 values, got 2"))
    }
}
