import Batch
import FeatureMaps
import Foundation
import ImageCodecs
import Essentials

/// Runs a checked configuration: resume checks, the decode → convolve → encode pipeline, progress,
/// one stderr line per failed input, and the report.
struct ApplyRunner {
    /// How the run ended.
    struct Outcome {
        var ok = 0
        var failed = 0
        var skipped = 0
        var outputFiles = 0
    }

    /// Images in flight: one being decoded while one is convolved and encoded. Two 12 MP photos with
    /// their 8 maps stay well under a gigabyte; small images travel as stacks bounded by DecodeStage.
    static let maxInFlight = 2

    let configuration: ApplyConfiguration

    init(_ configuration: ApplyConfiguration) {
        self.configuration = configuration
    }

    func run() -> Outcome {
        let start = Date()
        let work = configuration.work
        var entries = [RunReport.InputReport?](repeating: nil, count: work.count)
        var outcome = Outcome()

        // Resume pass: clean leftovers of killed runs and find inputs that are already complete.
        let writer = ApplyMapWriter(configuration)
        var pending: [Int] = []
        for (index, job) in work.enumerated() {
            let folder = writer.folderPath(job.folder)
            LeftoverCleanup.clean(folder: folder)
            if configuration.skipExisting && writer.expectedFiles(folder: job.folder).allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
                entries[index] = .init(input: job.item.path, status: .skipped, reason: "outputs already present (--skip-existing)",
                                       outputFolder: job.folder)
                outcome.skipped += 1
            } else {
                pending.append(index)
            }
        }

        let progress = ProgressLine(total: pending.count, quiet: configuration.quiet)
        let decodeOptions = DecodeOptions(channels: policy, applyOrientation: true, maxPixels: configuration.maxPixels)
        let dropAlpha = configuration.channels == .auto
        let stage = DecodeStage(count: pending.count) { position in
            let decoded = try ImageDecoder.decode(path: work[pending[position]].item.path, options: decodeOptions)
            return dropAlpha ? try Self.droppingAlpha(decoded.tensor) : decoded.tensor
        }
        let source = UncheckedSendableBox(stage)
        var done = 0
        BoundedPipeline.run(maxInFlight: Self.maxInFlight, produce: { source.value.nextUnit() }) { unit in
            let results: [(position: Int, entry: RunReport.InputReport)]
            switch unit {
            case .failed(let position, let reason):
                results = [(position, .init(input: work[pending[position]].item.path, status: .failed, reason: reason))]
            case .images(let positions, let tensor):
                results = writer.write(tensor: tensor, jobs: positions.map { work[pending[$0]] }).enumerated().map { (positions[$0.offset], $0.element) }
            }
            for (position, entry) in results {
                entries[pending[position]] = entry
                done += 1
                switch entry.status {
                case .ok:
                    outcome.ok += 1
                    outcome.outputFiles += entry.outputs.count + (entry.grid == nil ? 0 : 1)
                case .failed:
                    outcome.failed += 1
                    progress.clear()
                    printError("filterbank: " + Self.failureLine(path: entry.input, reason: entry.reason ?? "failed"))
                case .skipped:
                    outcome.skipped += 1
                }
            }
            progress.update(done: done, failed: outcome.failed)
        }
        progress.finish()

        outcome.skipped += configuration.skipped.count
        if let reportPath = configuration.reportPath,
           !writeReport(to: reportPath, entries: entries.compactMap { $0 }, outcome: outcome, seconds: Date().timeIntervalSince(start)) {
            // The maps are done but the requested record of them is not: not a clean success.
            outcome.failed += 1
        }
        return outcome
    }

    /// The decoder's channel policy; `auto` keeps what the file holds and drops alpha afterwards.
    private var policy: ChannelPolicy {
        switch configuration.channels {
        case .auto: return .keep
        case .gray: return .gray
        case .rgb: return .rgb
        }
    }

    /// Gray+alpha → gray, RGBA → RGB; other tensors are returned as they are.
    static func droppingAlpha(_ tensor: Tensor) throws -> Tensor {
        let channels = tensor.channels
        guard channels == 2 || channels == 4 else { return tensor }
        let kept = channels - 1
        let pixels = tensor.batch * tensor.height * tensor.width
        var scalars = [Float](repeating: 0, count: pixels * kept)
        tensor.scalars.withUnsafeBufferPointer { source in
            for p in 0..<pixels {
                for c in 0..<kept { scalars[p * kept + c] = source[p * channels + c] }
            }
        }
        return try Tensor(shape: [tensor.batch, tensor.height, tensor.width, kept], scalars: scalars)
    }

    /// "<path>: <reason>" without naming the file twice when the reason already starts with it.
    static func failureLine(path: String, reason: String) -> String {
        reason.hasPrefix(path) ? reason : "\(path): \(reason)"
    }

    /// Writes the report atomically; false (after a stderr line) if it could not be written.
    private func writeReport(to path: String, entries: [RunReport.InputReport], outcome: ApplyRunner.Outcome, seconds: Double) -> Bool {
        let skippedFiles = configuration.skipped.map { RunReport.InputReport(input: $0.path, status: .skipped, reason: $0.reason) }
        let report = RunReport(
            settings: configuration.settings,
            totals: .init(inputs: entries.count + skippedFiles.count, ok: outcome.ok, failed: outcome.failed, skipped: outcome.skipped,
                          outputFiles: outcome.outputFiles, seconds: seconds,
                          imagesPerSecond: seconds > 0 ? Double(outcome.ok + outcome.failed) / seconds : 0),
            inputs: entries + skippedFiles)
        do {
            try AtomicFile.write(try report.encoded(), to: path)
            return true
        } catch {
            printError("filterbank: cannot write the report \(path): \(error)")
            return false
        }
    }
}

/// Hands a value that is only ever used from one thread at a time to the pipeline's producer thread.
struct UncheckedSendableBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
