import Testing
@testable import FeatureMaps

/// Every bank format parses to the weights written in the fixture; every malformed input is a
/// `BankError` whose message names the file.
@Suite struct BankLoaderTests {
    // MARK: JSON

    @Test func jsonTwoDimensionalBank() throws {
        let filters = try BankLoader.load(path: BankFixtures.path("edges.json"))
        #expect(filters.map(\.name) == ["vertical-edges", "horizontal-edges", "diagonal-edges", "all-edges"])
        #expect(filters.allSatisfy { $0.height == 3 && $0.width == 3 && $0.inChannels == nil && $0.bias == 0 })
        #expect(filters[0].weights == [1, 0, -1, 2, 0, -2, 1, 0, -1])
        #expect(filters[3].weights == [-1, -1, -1, -1, 8, -1, -1, -1, -1])
    }

    @Test func jsonScaleIsMultipliedIn() throws {
        let filters = try BankLoader.load(path: BankFixtures.path("lecture.json"))
        #expect(filters.map(\.name) == ["blur", "sharpen", "shift", "horizontal-edge", "sobel-left"])
        #expect(filters[0].weights == [Float](repeating: Float(1) / 9, count: 9))
        #expect(filters[2].weights == [0, 0, 0, 1, 0, 0, 0, 0, 0])
    }

    @Test func jsonThreeDimensionalKernelsBiasAndDefaultNames() throws {
        let filters = try BankLoader.load(path: BankFixtures.path("test/rgb-3d.json"))
        #expect(filters.count == 2)
        #expect(filters[0].name == "red" && filters[0].height == 3 && filters[0].width == 3 && filters[0].inChannels == 3)
        var red = [Float](repeating: 0, count: 27)
        red[(1 * 3 + 1) * 3 + 0] = 1  // kernel[1][1][0]: the centre tap reads only the red channel
        #expect(filters[0].weights == red)
        #expect(filters[0].bias == 1.5)
        // The second has no name: its position names it; [[[1,2,3]]] is 1×1×3, scaled by 2.
        #expect(filters[1].name == "f1" && filters[1].height == 1 && filters[1].width == 1 && filters[1].inChannels == 3)
        #expect(filters[1].weights == [2, 4, 6])
    }

    @Test(arguments: [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "\"filters\""),
        ("{\"kernels\": []}", "\"filters\""),
        ("{\"filters\": []}", "empty"),
        ("{\"filters\": [{\"name\": \"a\"}]}", "no \"kernel\""),
        ("{\"filters\": [{\"name\": \"a\", \"kernel\": []}]}", "empty kernel"),
        ("{\"filters\": [{\"name\": \"a\", \"kernel\": [[]]}]}", "empty kernel"),
        ("{\"filters\": [{\"name\": \"a\", \"kernel\": [[1, 2], [3]]}]}", "ragged rows"),
        ("{\"filters\": [{\"name\": \"a\", \"kernel\": [[[1, 2]], [[3]]]}]}", "ragged channels"),
        ("{\"filters\": [{\"name\": \"a\", \"kernel\": [[1, [2]]]}]}", "other entries are numbers"),
        ("{\"filters\": [{\"name\": \"a\", \"kernel\": [[1, \"x\"]]}]}", "not a number"),
        ("{\"filters\": [{\"name\": \"a\", \"kernel\": [[true]]}]}", "not a number"),
        ("{\"filters\": [{\"name\": \"a\", \"kernel\": [[1]], \"scale\": \"2\"}]}", "\"scale\" must be a number"),
        ("{\"filters\": [{\"name\": \"a\", \"kernel\": [[1e300]], \"scale\": 1e300}]}", "infinite"),
        ("{\"filters\": [{\"name\": \"../up\", \"kernel\": [[1]]}]}", "file name"),
        ("{\"filters\": [{\"name\": \"\", \"kernel\": [[1]]}]}", "empty name"),
    ])
    func malformedJSON(contents: String, expected: String) throws {
        let path = try BankFixtures.scratch("bad.json", contents)
        let error = try #require(throws: BankError.self) { try BankLoader.load(path: path) }
        #expect(error.description.hasPrefix(path + ": "), "names the file: \(error)")
        #expect(error.description.contains(expected), "says what is wrong: \(error)")
    }

    // MARK: libvips .mat

    @Test func vipsMatrixDividesByScaleAndUsesOffsetAsBias() throws {
        let filters = try BankLoader.load(path: BankFixtures.path("test/scaled.mat"))
        #expect(filters.count == 1)
        let filter = filters[0]
        #expect(filter.name == "scaled" && filter.width == 3 && filter.height == 2 && filter.inChannels == nil)
        #expect(filter.weights == [0.25, 0.5, 0.75, 1, 1.25, 1.5])
        #expect(filter.bias == -10)
        let emboss = try BankLoader.load(path: BankFixtures.path("emboss.mat"))[0]
        #expect(emboss.weights == [-1, -0.5, 0, -0.5, 0.5, 0.5, 0, 0.5, 1])
        #expect(emboss.bias == 128)
    }

    @Test(arguments: [
        ("", "empty"),
        ("3\n1 2 3\n", "header"),
        ("2.5 2\n1 2\n3 4\n", "header"),
        ("0 2\n", "empty kernel"),
        ("2 2 0\n1 2\n3 4\n", "scale"),
        ("2 2\n1 2\n", "rows"),
        ("2 2\n1 2\n3 4\n5 6\n", "rows"),
        ("2 2\n1 2\n3\n", "ragged"),
        ("2 2\n1 2 9\n3 4\n", "ragged"),
        ("1 1\nnan\n", "NaN"),
        ("2 1 1e-300\n1e300 1\n", "infinite"),
    ])
    func malformedVipsMatrix(contents: String, expected: String) throws {
        let path = try BankFixtures.scratch("bad.mat", contents)
        let error = try #require(throws: BankError.self) { try BankLoader.load(path: path) }
        #expect(error.description.hasPrefix(path + ": "), "names the file: \(error)")
        #expect(error.description.contains(expected), "says what is wrong: \(error)")
    }

    // MARK: ImageMagick-style kernel strings

    @Test func kernelStrings() throws {
        let edge = try BankLoader.parse(kernelString: "3x3: 1,1,1 0,0,0 -1,-1,-1", name: "edge")
        #expect(edge.name == "edge" && edge.height == 3 && edge.width == 3)
        #expect(edge.weights == [1, 1, 1, 0, 0, 0, -1, -1, -1])
        let wide = try BankLoader.parse(kernelString: " 3x2 : 1, 2, 3,\n 4 5 6 ", name: "wide")
        #expect(wide.width == 3 && wide.height == 2 && wide.weights == [1, 2, 3, 4, 5, 6])
        let square = try BankLoader.parse(kernelString: "2: 0.5 0.5 -0.5 -0.5", name: "sq")
        #expect(square.width == 2 && square.height == 2 && square.weights == [0.5, 0.5, -0.5, -0.5])
        let bare = try BankLoader.parse(kernelString: "0,0,0,0,1,0,0,0,0", name: "id")
        #expect(bare.width == 3 && bare.weights == [0, 0, 0, 0, 1, 0, 0, 0, 0])
    }

    @Test func kernelStringFiles() throws {
        let two = try BankLoader.load(path: BankFixtures.path("magick-edges.txt"))
        #expect(two.map(\.name) == ["magick-edges-1", "magick-edges-2"])
        #expect(two[0].weights == [1, 1, 1, 0, 0, 0, -1, -1, -1])
        #expect(two[1].weights == [1, 0, -1, 2, 0, -2, 1, 0, -1])
        let one = try BankLoader.load(path: BankFixtures.path("test/sharpen.kernel"))
        #expect(one.map(\.name) == ["sharpen"])
        #expect(one[0].weights == [0, -1, 0, -1, 5, -1, 0, -1, 0])
    }

    @Test(arguments: [
        ("3x3: 1,1,1 0,0,0", "wrong count"),
        ("3x3:", "empty kernel"),
        ("0x3: ", "empty kernel"),
        ("3x3+1+1: 1,1,1 0,0,0 -1,-1,-1", "origin"),
        ("axb: 1", "not a size"),
        ("2x1: 1 oops", "not a number"),
        ("1,2,3", "square"),
        ("2x1: nan 1", "NaN"),
        ("2x1: 1e39 1", "infinite"),
    ])
    func malformedKernelStrings(text: String, expected: String) throws {
        let inline = try #require(throws: BankError.self) { try BankLoader.parse(kernelString: text, name: "k") }
        #expect(inline.file == nil && inline.description.contains(expected), "\(inline)")
        let path = try BankFixtures.scratch("bad.kernel", text)
        let error = try #require(throws: BankError.self) { try BankLoader.load(path: path) }
        #expect(error.description.hasPrefix(path + ": ") && error.description.contains(expected), "\(error)")
    }

    @Test func emptyKernelStringFile() throws {
        let path = try BankFixtures.scratch("comments.txt", "# nothing here\n\n")
        let error = try #require(throws: BankError.self) { try BankLoader.load(path: path) }
        #expect(error.description.hasPrefix(path + ": ") && error.description.contains("no kernel string"))
    }

    // MARK: files

    @Test func missingFileAndFolderAreErrorsNamingThePath() throws {
        let missing = try #require(throws: BankError.self) { try BankLoader.load(path: "/no/such/bank.json") }
        #expect(missing.description == "/no/such/bank.json: no such file")
        let folder = try #require(throws: BankError.self) { try BankLoader.load(path: BankFixtures.folder) }
        #expect(folder.description.hasPrefix(BankFixtures.folder + ": ") && folder.description.contains("folder"))
    }

    @Test func unknownExtensionsSayWhichFormatsExist() throws {
        let binary = try BankFixtures.scratch("weights.h5", "\u{0}\u{1}HDF")
        let error = try #require(throws: BankError.self) { try BankLoader.load(path: binary) }
        #expect(error.description.hasPrefix(binary + ": unknown bank format"), "\(error)")
        let yaml = try BankFixtures.scratch("bank.yaml", "filters:\n  - name: a")
        let yamlError = try #require(throws: BankError.self) { try BankLoader.load(path: yaml) }
        #expect(yamlError.description.contains("unknown extension '.yaml'") && yamlError.description.contains(".json"), "\(yamlError)")
    }

    @Test func biasFileOnlyWithNPY() throws {
        let error = try #require(throws: BankError.self) {
            try BankLoader.load(path: BankFixtures.path("edges.json"), biasPath: BankFixtures.path("test/bias-5.npy"))
        }
        #expect(error.description.contains(".npy"))
    }

    @Test func defaultNamesArePaddedFromTen() {
        #expect(BankLoader.defaultNames(count: 1) == ["f0"])
        #expect(BankLoader.defaultNames(count: 9).last == "f8")
        #expect(BankLoader.defaultNames(count: 10).first == "f00" && BankLoader.defaultNames(count: 10).last == "f09")
        #expect(BankLoader.defaultNames(count: 16).suffix(2) == ["f14", "f15"])
        #expect(BankLoader.defaultNames(count: 101)[7] == "f007")
    }
}
