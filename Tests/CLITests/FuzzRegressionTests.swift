import Essentials
import Foundation
import Testing

/// Inputs the fuzzers found (Fuzz/Regressions/<target>/FILE), each given to the binary the way a user
/// would give it, under a 1 GB address-space limit: the run must end with its usual exit status and a
/// message naming the file, never a crash, a hang or an allocation sized by a hostile header.
/// (Scripts/fuzz also replays every one of them under AddressSanitizer before fuzzing.)
@Suite struct FuzzRegressionTests {
    static let folder = CLI.repositoryRoot.appendingPathComponent("Fuzz/Regressions").path

    /// "target/file" for every committed regression input.
    static let inputs: [String] = {
        let manager = FileManager.default
        let targets = (try? manager.contentsOfDirectory(atPath: folder)) ?? []
        return targets.sorted().flatMap { target in
            ((try? manager.contentsOfDirectory(atPath: folder + "/" + target)) ?? []).sorted().map { target + "/" + $0 }
        }
    }()

    @Test func everyFuzzTargetWithRegressionsHasACheck() {
        for input in Self.inputs {
            let target = String(input.split(separator: "/")[0])
            #expect(Self.command(target: target, file: "x", scratch: "/tmp") != nil, "no check for regressions of fuzz target '\(target)': add one to FuzzRegressionTests.command")
        }
    }

    @Test(arguments: inputs) func failsCleanly(_ input: String) throws {
        let root = try ApplyKit.folder("fuzz-regression")
        defer { ApplyKit.remove(root) }
        try ApplyKit.writePNG(root + "/photo.png", width: 6, height: 5, channels: 1, seed: 3)
        try NPYFile.write(values: (0..<18).map { Float($0 % 5) - 2 }, shape: [3, 3, 1, 2], to: root + "/filter.npy")
        let file = Self.folder + "/" + input
        let target = String(input.split(separator: "/")[0])
        let (arguments, status) = try #require(Self.command(target: target, file: file, scratch: root))
        let result = try Self.runWithMemoryLimit(arguments)
        #expect(result.status == status, "exit \(result.status): \(result.stderr)")
        #expect(result.stderr.contains(file), "\(result.stderr)")
    }

    /// The command line that loads a regression input of `target`, and the exit status a clean refusal has.
    static func command(target: String, file: String, scratch: String) -> (arguments: [String], status: Int32)? {
        switch target {
        case "png", "jpeg":
            return (["apply", file, "-o", scratch + "/out", "--kernel", "blur"], 1)
        case "bank-json", "bank-npy", "bank-mat", "bank-kernels":
            return (["apply", scratch + "/photo.png", "-o", scratch + "/out", "--bank", file], 2)
        case "npy":
            return (["conv", "--input", file, "--filter", scratch + "/filter.npy", "--output", scratch + "/out.npy"], 2)
        default:
            return nil
        }
    }

    /// Runs the binary with its address space limited to 1 GB, so an allocation sized by a header
    /// (rather than by the bytes present) fails loudly instead of passing on an overcommitting system.
    static func runWithMemoryLimit(_ arguments: [String]) throws -> CLI.Result {
        let script = "ulimit -v 1048576 && exec \"$0\" \"$@\""
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, CLI.binary().path] + arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        // Not sharded by the scheduler's variables when the tests themselves run inside a job.
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SLURM_") && !$0.key.hasPrefix("JOB_COMPLETION") }
        try process.run()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return CLI.Result(status: status, stdout: "", stderr: String(decoding: errData, as: UTF8.self))
    }
}
