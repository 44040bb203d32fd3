import ArgumentParser
import Batch
import Essentials
import ImageCodecs
import Foundation

/// What `apply` and `filter` share: inputs, output, filters, and everything that makes a batch safe
/// (resume, shards, the report, bounded memory).
struct JobArguments: ParsableArguments {
    @Argument(help: "Image files and folders (png, jpg, jpeg inside folders; files are decoded by content).",
              completion: Completions.images)
    var inputs: [String] = []

    @Option(name: [.short, .long], help: "Output folder (created if missing).", completion: .directory)
    var output: String

    @Option(name: .customLong("kernel"),
            help: "Built-in kernel (see 'filterbank kernels'), a comma list of them, or a kernel string \"3x3: 1,1,1 0,0,0 -1,-1,-1\". Repeatable.",
            completion: Completions.kernels)
    var kernels: [String] = []

    @Option(name: .customLong("bank"), help: "Bank file: .json, .npy (TF layout), .mat (libvips) or a kernel-string text file. Repeatable.",
            completion: Completions.banks)
    var banks: [String] = []

    @Option(help: "Bias .npy ([out]) for the .npy bank.", completion: .file(extensions: ["npy"]))
    var bias: String?

    @Flag(help: "Walk sub-folders (folder symlinks are not followed).")
    var recursive = false

    @Option(help: "Write a JSON report: every input, its outputs and each map's raw min/max/mean.",
            completion: .file(extensions: ["json"]))
    var report: String?

    @Flag(help: "No progress or summary line (failures are still printed).")
    var quiet = false

    @Flag(help: "Skip inputs whose outputs are all present (resume a killed run).")
    var skipExisting = false

    @Option(help: "Process shard I of N (0 ≤ I < N), chosen by a hash of each input's relative path.")
    var shard: String?

    @Option(help: "Largest width × height decoded; bigger images fail before their pixels are allocated.")
    var maxPixels: Int = 100_000_000

    @Option(help: "Damage a file may have and still be used: none, truncated, error (default: harmless damage is accepted and reported as a warning) or warning (any damage fails the file).")
    var failOn: FailOn = .error

    @Option(help: "Largest convolution output held at once (bytes, or with K, M, G); larger banks run in filter groups.")
    var maxOutputMemory: ByteCount = ByteCount(bytes: 512 << 20)

    /// Fills the shared part of `options` (created with the command's own defaults).
    func apply(to options: inout FilterJobOptions) throws {
        guard !inputs.isEmpty else { throw UsageError("give at least one INPUT file or folder") }
        options.inputs = inputs
        options.outputFolder = output
        options.filters = try FilterArguments.sources(kernels: kernels, banks: banks, bias: bias, arguments: CommandLine.arguments)
        options.resume = skipExisting ? .skipExisting : .overwrite
        if let shard {
            do { options.shard = .shard(try Shard(parsing: shard)) } catch { throw UsageError("\(error)") }
        } else {
            options.shard = .fromEnvironment(ProcessInfo.processInfo.environment)
        }
        options.reportPath = report
        options.recursive = recursive
        options.maxPixels = maxPixels
        options.failOn = failOn
        options.outputMemoryBudget = maxOutputMemory.bytes
    }

    /// Plans and runs the job, printing as `JobConsole` does; exit 1 when anything failed.
    func run(_ options: FilterJobOptions) throws {
        let job: FilterJob
        do {
            job = try FilterJob.plan(options)
        } catch let error as FilterJobError {
            throw UsageError(error.description)
        }
        LargeBufferReuse.enable()
        let outcome = JobConsole.run(job, quiet: quiet)
        if !outcome.succeeded { throw ExitCode(ExitStatus.someInputsFailed) }
    }
}

/// JPEG encoding options.
struct JPEGArguments: ParsableArguments {
    @Option(help: "JPEG quality 1…100 (JPEG outputs only).")
    var quality: Int?

    @Option(help: "JPEG chroma subsampling: 444, 422 or 420 (default 444 at quality ≥ 90, else 420).")
    var subsampling: JPEGEncodeOptions.Subsampling?

    @Flag(help: "Progressive JPEG.")
    var progressive = false

    @Flag(help: "Optimised Huffman tables (smaller JPEGs, a little slower).")
    var optimizeCoding = false

    /// The JPEG settings, keeping the command's default quality when none is given.
    func settings(defaultQuality: Int?) -> JPEGSettings {
        JPEGSettings(quality: quality ?? defaultQuality, subsampling: subsampling, progressive: progressive, optimizeCoding: optimizeCoding)
    }

    /// Whether any JPEG option was given (they need JPEG output).
    var given: Bool { quality != nil || subsampling != nil || progressive || optimizeCoding }
}
