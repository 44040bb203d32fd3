import Convolution
import Essentials
import Foundation
import ImageCodecs

extension FilterJob {
    /// Images in flight: one being decoded while one is convolved and encoded. Two 12 MP photos with
    /// their maps stay well under a gigabyte; small images travel as stacks bounded by DecodeStage.
    static let maxInFlight = 2

    /// Runs the job on the calling thread (decoding on one more) and reports through `onEvent`, which is
    /// always called on the calling thread. Every input ends ok or failed with a reason; a failure never
    /// stops the others.
    @discardableResult
    public func run(_ onEvent: (FilterJobEvent) -> Void = { _ in }) -> FilterJobOutcome {
        let start = Date()
        var outcome = FilterJobOutcome()
        var entries = [RunReport.InputReport?](repeating: nil, count: inputs.count)
        let writer = MapWriter(self)

        // Resume pass: clean leftovers of killed runs and find inputs that are already complete.
        var pending: [Int] = []
        for (index, input) in inputs.enumerated() {
            for folder in input.outputFolders { LeftoverCleanup.clean(folder: folder) }
            if options.resume == .skipExisting && input.outputFiles.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
                entries[index] = .init(input: input.item.path, status: .skipped, reason: "outputs already present (--skip-existing)",
                                       outputFolder: input.outputFolder)
                outcome.skipped += 1
            } else {
                pending.append(index)
            }
        }
        onEvent(.started(pending: pending.count, alreadyDone: outcome.skipped))

        let destinationProblem = OutputDestination.prepare(folder: options.outputFolder)
        let stage = decodeStage(pending: pending)
        var done = 0
        BoundedPipeline.run(maxInFlight: Self.maxInFlight, produce: { stage.value.nextUnit() }) { unit in
            let results: [(position: Int, entry: RunReport.InputReport)]
            switch unit {
            case .failed(let position, let reason):
                results = [(position, .init(input: inputs[pending[position]].item.path, status: .failed, reason: reason))]
            case .images(let positions, let input, let sides):
                let planned = positions.map { inputs[pending[$0]] }
                let written = destinationProblem.map { problem in planned.map { RunReport.InputReport(input: $0.item.path, status: .failed, reason: problem) } }
                    ?? writer.write(input: input, inputs: planned, sides: sides)
                results = written.enumerated().map { (positions[$0.offset], $0.element) }
            }
            for (position, entry) in results {
                entries[pending[position]] = entry
                done += 1
                switch entry.status {
                case .ok:
                    outcome.ok += 1
                    outcome.outputFiles += entry.outputs.count + (entry.grid == nil ? 0 : 1)
                case .failed: outcome.failed += 1
                case .skipped: outcome.skipped += 1
                }
                let progress = FilterJobProgress(done: done, total: pending.count, failed: outcome.failed, seconds: Date().timeIntervalSince(start))
                onEvent(.inputFinished(entry, progress))
            }
        }

        outcome.skipped += skippedFiles.count
        outcome.seconds = Date().timeIntervalSince(start)
        if let reportPath = options.reportPath {
            do {
                let folder = PathName.parent(of: reportPath)
                if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
                try AtomicFile.write(try report(entries: entries.compactMap { $0 }, outcome: outcome).encoded(), to: reportPath)
                outcome.reportPath = reportPath
            } catch {
                // The maps are done but the requested record of them is not: not a clean success.
                outcome.reportError = "cannot write the report \(reportPath): \(error)"
                onEvent(.reportFailed(outcome.reportError!))
            }
        }
        onEvent(.finished(outcome))
        return outcome
    }

    /// Runs the job on a background thread and delivers its events as an asynchronous sequence, which
    /// ends after `finished`.
    public func events() -> AsyncStream<FilterJobEvent> {
        AsyncStream { continuation in
            let job = self
            let thread = Thread {
                job.run { continuation.yield($0) }
                continuation.finish()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// The decoder side of the pipeline, over the pending inputs in order.
    private func decodeStage(pending: [Int]) -> UncheckedSendable<DecodeStage> {
        let decodeOptions = DecodeOptions(channels: channelPolicy, applyOrientation: true, maxPixels: options.maxPixels,
                                          failOn: options.failOn)
        // Photos keep their alpha unchanged beside the filtered colour, and their profile and metadata;
        // feature maps drop both.
        let photos = options.naming == .mirrored
        let keepsMetadata = photos && !options.stripMetadata
        let inputs = self.inputs
        // Used by the pipeline's one producer thread only.
        return UncheckedSendable(DecodeStage(count: pending.count) { position in
            let path = inputs[pending[position]].item.path
            // Channels kept as stored: the 8/16-bit samples themselves, converted to floats only inside
            // the convolution's bands (a 12 MP photo is 36 MB instead of 144 MB of floats).
            if decodeOptions.channels == .keep {
                let decoded = try ImageDecoder.decodeSamples(path: path, options: decodeOptions)
                var side = DecodedSide(format: decoded.info.format, bitDepth: decoded.info.bitDepth,
                                       metadata: keepsMetadata ? decoded.metadata : .none, upright: decoded.orientationApplied,
                                       warnings: decoded.warnings.map(\.description))
                let shape = [1, decoded.height, decoded.width, decoded.channels]
                let (input, alpha) = try Self.settingAlphaAside(decoded.samples, shape: shape)
                if photos { side.alpha = alpha }
                return (input, side)
            }
            let decoded = try ImageDecoder.decode(path: path, options: decodeOptions)
            let side = DecodedSide(format: decoded.info.format, bitDepth: decoded.info.bitDepth,
                                   metadata: keepsMetadata ? decoded.metadata : .none, upright: decoded.orientationApplied,
                                   warnings: decoded.warnings.map(\.description))
            return (.float(decoded.tensor), side)
        })
    }

    /// The samples as the convolution's input, with gray+alpha or RGBA split into the colour (filtered)
    /// and the alpha (on the decoder's 0…255 scale, put back unchanged by photos).
    static func settingAlphaAside(_ samples: ImageSamples, shape: [Int]) throws -> (ConvolutionInput, [Float]?) {
        let channels = shape[3]
        let hasAlpha = AlphaChannel.hasAlpha(channels: channels)
        let colourShape = hasAlpha ? [shape[0], shape[1], shape[2], channels - 1] : shape
        func split<Sample>(_ values: [Sample]) -> ([Sample], [Sample]?) {
            guard hasAlpha else { return (values, nil) }
            let (colour, alpha) = AlphaChannel.split(values, channels: channels)
            return (colour, alpha)
        }
        switch samples {
        case .uint8(let values):
            let (colour, alpha) = split(values)
            return (.uint8(try InterleavedSamples(shape: colourShape, samples: colour)), alpha?.map(Float.init))
        case .uint16(let values):
            let (colour, alpha) = split(values)
            return (.uint16(try InterleavedSamples(shape: colourShape, samples: colour)), alpha?.map { Float($0) / 257 })
        case .float(let values):
            let (colour, alpha) = split(values)
            return (.float(try Tensor(shape: colourShape, scalars: colour)), alpha)
        }
    }

    /// The decoder's channel policy; `auto` keeps what the file holds and drops alpha afterwards.
    private var channelPolicy: ChannelPolicy {
        switch options.channels {
        case .auto: return .keep
        case .gray: return .gray
        case .rgb: return .rgb
        }
    }

    /// The report document for the entries of this run.
    private func report(entries: [RunReport.InputReport], outcome: FilterJobOutcome) -> RunReport {
        let skipped = skippedFiles.map { RunReport.InputReport(input: $0.path, status: .skipped, reason: $0.reason) }
        let processed = Double(outcome.ok + outcome.failed)
        return RunReport(
            settings: settings,
            totals: .init(inputs: entries.count + skipped.count, ok: outcome.ok, failed: outcome.failed, skipped: outcome.skipped,
                          outputFiles: outcome.outputFiles, seconds: outcome.seconds,
                          imagesPerSecond: outcome.seconds > 0 ? processed / outcome.seconds : 0),
            inputs: entries + skipped)
    }
}
