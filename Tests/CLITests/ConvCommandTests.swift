import Foundation
import Testing
import Essentials

/// `filterbank conv` end to end: the built binary on .npy files.
@Suite struct ConvCommandTests {
    static let conv = CLI.fixtures.appendingPathComponent("conv")
    static let image = conv.appendingPathComponent("lecture-image.npy").path
    static let kernel = conv.appendingPathComponent("lecture-kernel.npy").path

    static func golden(_ name: String, _ file: String) -> String {
        conv.appendingPathComponent("golden/\(name)/\(file)").path
    }

    /// The folder holds exactly `names` (so no output and no temporary was left behind).
    func expectContents(_ folder: URL, _ names: Set<String>, _ comment: String = "") throws {
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
        #expect(present == names, "\(comment)")
    }

    @Test func lectureExampleWritesTheSlideAnswer() throws {
        let folder = try CLI.temporaryDirectory("conv")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("y.npy").path
        let result = try CLI.run(["conv", "--input", Self.image, "--filter", Self.kernel, "--padding", "valid", "--output", output])
        #expect(result.status == 0, "\(result.stderr)")
        let array = try NPYFile.read(path: output)
        #expect(array.shape == [1, 2, 2, 1])
        #expect(array.values == [-4, -3, 3, -8])
        try expectContents(folder, ["y.npy"])
    }

    /// Options map onto TF's: each case's flags reproduce its TensorFlow golden output.
    @Test(arguments: [
        ("bias_k2_explicit_o1", ["--padding", "0,1,1,0"], true),
        ("k4x2_explicit_s2x3", ["--strides", "2,3", "--padding", "2,0,1,1"], false),
        ("k2x3_explicit_d3x1", ["--dilations", "3,1", "--padding", "1,1,2,0"], false),
        ("k4_same_s2_batch2", ["--strides", "2", "--padding", "SAME"], false),
        ("grouped_2_c4_o6", [], false),
    ])
    func optionsMatchTensorFlow(name: String, flags: [String], bias: Bool) throws {
        let folder = try CLI.temporaryDirectory("conv")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out.npy").path
        var arguments = ["conv", "--input", Self.golden(name, "input.npy"), "--filter", Self.golden(name, "filter.npy"), "--output", output]
        if bias { arguments += ["--bias", Self.golden(name, "bias.npy")] }
        let result = try CLI.run(arguments + flags)
        #expect(result.status == 0, "\(name): \(result.stderr)")
        let actual = try NPYFile.read(path: output)
        let expected = try NPYFile.read(path: Self.golden(name, "expected.npy"))
        #expect(actual.shape == expected.shape, "\(name)")
        let worst = zip(actual.values, expected.values).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst < 1e-4, "\(name): max error \(worst)")
    }

    /// Every failure: exit 2, a message on stderr naming the culprit, and no output file.
    @Test func failuresExitTwoAndWriteNothing() throws {
        let folder = try CLI.temporaryDirectory("conv-fail")
        defer { try? FileManager.default.removeItem(at: folder) }
        let garbage = folder.appendingPathComponent("garbage.npy")
        try Data("this is not numpy".utf8).write(to: garbage)
        let truncated = folder.appendingPathComponent("truncated.npy")
        let full = try Data(contentsOf: URL(fileURLWithPath: Self.image))
        try full.prefix(full.count - 3).write(to: truncated)
        let flat = folder.appendingPathComponent("flat.npy")
        try NPYFile.write(values: [1, 2, 3], shape: [3], to: flat.path)
        let bias2 = folder.appendingPathComponent("bias2.npy")
        try NPYFile.write(values: [1, 2], shape: [2], to: bias2.path)
        let bias2D = folder.appendingPathComponent("bias2d.npy")
        try NPYFile.write(values: [1], shape: [1, 1], to: bias2D.path)
        let twoChannel = folder.appendingPathComponent("two-channel.npy")
        try NPYFile.write(values: [Float](repeating: 1, count: 32), shape: [1, 4, 4, 2], to: twoChannel.path)
        let inputs: Set<String> = ["garbage.npy", "truncated.npy", "flat.npy", "bias2.npy", "bias2d.npy", "two-channel.npy"]
        let output = folder.appendingPathComponent("out.npy").path
        let missing = folder.appendingPathComponent("missing.npy").path

        let cases: [(String, [String], [String])] = [
            ("missing input", ["--input", missing, "--filter", Self.kernel], [missing, "No such file"]),
            ("missing filter", ["--input", Self.image, "--filter", missing], [missing]),
            ("malformed input", ["--input", garbage.path, "--filter", Self.kernel], [garbage.path, "not a .npy"]),
            ("truncated filter", ["--input", Self.image, "--filter", truncated.path], [truncated.path, "truncated"]),
            ("1-D input", ["--input", flat.path, "--filter", Self.kernel], [flat.path, "[3]"]),
            ("3-D filter", ["--input", Self.image, "--filter", flat.path], [flat.path, "HWIO"]),
            ("bias length", ["--input", Self.image, "--filter", Self.kernel, "--bias", bias2.path], [bias2.path, "2 values", Self.kernel, "1 output channels"]),
            ("2-D bias", ["--input", Self.image, "--filter", Self.kernel, "--bias", bias2D.path], [bias2D.path, "1-D"]),
            ("channel mismatch", ["--input", Self.image, "--filter", Self.golden("k3_valid_c3_o4", "filter.npy")], ["1 channels", "3 in-channels"]),
            ("groups vs outputs", ["--input", twoChannel.path, "--filter", Self.golden("k3_same_c1_o1", "filter.npy")], ["2 groups", "1 out-channels"]),
            ("empty output", ["--input", Self.image, "--filter", Self.golden("kernel_bigger_than_input_same", "filter.npy"), "--padding", "valid"], ["would be"]),
            ("bad padding", ["--input", Self.image, "--filter", Self.kernel, "--padding", "sometimes"], ["--padding", "sometimes"]),
            ("zero stride", ["--input", Self.image, "--filter", Self.kernel, "--strides", "0"], ["--strides"]),
            ("bad dilation", ["--input", Self.image, "--filter", Self.kernel, "--dilations", "1,x"], ["--dilations"]),
        ]
        for (label, arguments, fragments) in cases {
            let result = try CLI.run(["conv"] + arguments + ["--output", output])
            #expect(result.status == 2, "\(label): status \(result.status) \(result.stderr)")
            #expect(!result.stderr.isEmpty, "\(label)")
            for fragment in fragments {
                #expect(result.stderr.contains(fragment), "\(label): '\(fragment)' not in \(result.stderr)")
            }
            try expectContents(folder, inputs, label)
        }
    }

    @Test func unwritableOutputIsAUsageError() throws {
        let output = "/nonexistent-folder-\(UUID().uuidString)/y.npy"
        let result = try CLI.run(["conv", "--input", Self.image, "--filter", Self.kernel, "--output", output])
        #expect(result.status == 2)
        #expect(result.stderr.contains(output))
    }

    @Test func missingRequiredOptionIsAUsageError() throws {
        let result = try CLI.run(["conv", "--input", Self.image, "--filter", Self.kernel])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--output"))
    }
}
