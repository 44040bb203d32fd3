import ArgumentParser
import Convolution
import Foundation
import Essentials

/// `filterbank bench`: times the convolution core alone (tensor in memory → tensor in memory, the same
/// work tf.nn.conv2d does) on random data and reports the median time and GFLOP/s.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the convolution core on random tensors.",
        discussion: "GFLOP/s = 2·N·OH·OW·FH·FW·CIN·COUT / seconds (CIN = the filter's in-channels; depthwise: C·multiplier outputs, one input channel each).")

    @Option(help: "Input shape NxHxWxC.")
    var input: String

    @Option(help: "Filter shape FHxFWxCINxCOUT (depthwise: FHxFWxCxMULTIPLIER).")
    var filter: String

    @OptionGroup var geometry: GeometryOptions

    @Option(name: .customLong("repeat"), help: "Timed runs (the median is reported).")
    var repetitions: Int = 5

    @Flag(help: "Benchmark tf.nn.depthwise_conv2d semantics instead of conv2d.")
    var depthwise = false

    @Option(help: "Weights: random, gaussian (rank 1), rank2 (two separable terms), line (a 30° line: sparse).")
    var weights: WeightStructure = .random

    @Option(help: "Algorithm: automatic (by estimated cost), direct, sparse, separable or fft.")
    var path: PathRequest = .automatic

    @Flag(help: "Compute band by band into a per-worker buffer that stays in cache, as the feature-map quantiser does (no output tensor): times the core without the output's memory traffic.")
    var banded = false

    @Flag(help: "End with one JSON line: seconds_median, gflops, the path taken and the shapes.")
    var json = false

    func validate() throws {
        guard repetitions >= 1, repetitions <= 10_000 else { throw ValidationError("--repeat must be 1…10000, got \(repetitions)") }
        _ = try Self.shape(input, option: "--input")
        _ = try Self.shape(filter, option: "--filter")
    }

    /// "AxBxCxD" → four integers ≥ 1 with a product small enough to allocate.
    static func shape(_ text: String, option: String) throws -> [Int] {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 4, parts.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ValidationError("\(option) expects four integers ≥ 1 like 1x480x640x3, got '\(text)'")
        }
        let sizes = parts.map { $0! }
        let (count, overflow) = Tensor.elementCount(sizes)
        guard !overflow, count <= 1 << 31 else { throw ValidationError("\(option) \(text) is too large to benchmark") }
        return sizes
    }

    func run() throws {
        let inputShape = try Self.shape(input, option: "--input")
        let filterShape = try Self.shape(filter, option: "--filter")
        let options = try geometry.convolutionOptions()
        var rng = SplitMix64(seed: 0xF11E_BA2C)
        let x = try Tensor(shape: inputShape, scalars: (0..<inputShape.reduce(1, *)).map { _ in Float.random(in: 0...255, using: &rng) })
        let values = weights.values(filterShape, rng: &rng)
        // The output tensor stays allocated between runs, as TensorFlow's caching allocator keeps its
        // buffers: what is timed is the convolution, not the kernel zeroing fresh pages.
        var output = Tensor.empty
        let plan: ConvolutionPlan
        let planStart = DispatchTime.now().uptimeNanoseconds
        do {
            if depthwise {
                let bank = try DepthwiseFilter(
                    height: filterShape[0], width: filterShape[1], channels: filterShape[2], multiplier: filterShape[3], weights: values)
                plan = try ConvolutionPlan(inputShape: inputShape, depthwise: bank, options: options, request: path)
            } else {
                let bank = try FilterBank(
                    height: filterShape[0], width: filterShape[1], inChannels: filterShape[2], outChannels: filterShape[3], weights: values)
                plan = try ConvolutionPlan(inputShape: inputShape, bank: bank, options: options, request: path)
            }
        } catch let error as ConvolutionError {
            throw UsageError("bench: \(error)")
        }
        let planSeconds = Double(DispatchTime.now().uptimeNanoseconds - planStart) / 1e9
        let convolve = banded ? Self.bands(plan, x) : { try plan.convolve(x, into: &output) }
        try convolve()  // warm-up
        let outputShape = plan.outputShape
        var seconds = [Double]()
        let cpuBefore = Self.processCPUSeconds()
        for _ in 0..<repetitions {
            let start = DispatchTime.now().uptimeNanoseconds
            try convolve()
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        // CPU seconds per run over both cores: on a machine shared with other jobs, wall time mostly
        // measures the neighbours, CPU time still measures the code.
        let cpuPerRun = (Self.processCPUSeconds() - cpuBefore) / Double(repetitions)
        seconds.sort()
        let median = seconds.count % 2 == 1
            ? seconds[seconds.count / 2] : (seconds[seconds.count / 2 - 1] + seconds[seconds.count / 2]) / 2
        // Multiply-adds per output value: FH·FW·(filter in-channels); depthwise: FH·FW.
        let perOutput = Double(filterShape[0] * filterShape[1] * (depthwise ? 1 : filterShape[2]))
        let flops = 2 * Double(outputShape.reduce(1, *)) * perOutput
        let gflops = flops / median / 1e9
        print("input \(inputShape) filter \(filterShape)\(depthwise ? " (depthwise)" : "") \(weights.rawValue) border \(geometry.border.rawValue) → output \(outputShape), path \(plan.path)")
        print(String(format: "median %.6f s over %d runs (min %.6f s), %.1f GFLOP/s; %.6f CPU s per run (%.1f GFLOP per CPU second)",
                     median, repetitions, seconds[0], gflops, cpuPerRun, flops / cpuPerRun / 1e9))
        if json {
            let object: [String: Any] = [
                "input": inputShape, "filter": filterShape, "output": outputShape, "depthwise": depthwise,
                "strides": [options.strides.height, options.strides.width],
                "dilations": [options.dilations.height, options.dilations.width], "padding": geometry.padding,
                "border": geometry.border.rawValue,
                "repeat": repetitions, "seconds_median": median, "seconds_min": seconds[0], "gflops": gflops,
                "cpu_seconds_per_run": cpuPerRun, "weights": weights.rawValue, "path": plan.path.description,
                "plan_seconds": planSeconds, "banded": banded,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }
}

/// Structures of benchmark weights, each kernel drawn from the seeded generator.
enum WeightStructure: String, CaseIterable, ExpressibleByArgument {
    case random, gaussian, rank2, line

    /// `shape` (HWIO or `[fh, fw, C, M]`) weights: every (input, output) kernel of this structure.
    func values(_ shape: [Int], rng: inout SplitMix64) -> [Float] {
        let (height, width, kernels) = (shape[0], shape[1], shape[2] * shape[3])
        var result = [Float](repeating: 0, count: shape.reduce(1, *))
        func bump(_ count: Int, _ rng: inout SplitMix64) -> [Float] {
            let sigma = Float(count) / 6 * Float.random(in: 0.8...1.2, using: &rng), centre = Float(count - 1) / 2
            return (0..<count).map { let d = (Float($0) - centre) / sigma; return Float(exp(Double(-d * d / 2))) }
        }
        for k in 0..<kernels {
            let kernel: [Float]
            switch self {
            case .random:
                kernel = (0..<(height * width)).map { _ in Float.random(in: -1...1, using: &rng) }
            case .gaussian, .rank2:
                let (u, v) = (bump(height, &rng), bump(width, &rng))
                let (u2, v2) = self == .rank2 ? (bump(height, &rng), bump(width, &rng)) : ([Float](repeating: 0, count: height), v)
                kernel = (0..<(height * width)).map { u[$0 / width] * v[$0 % width] - 0.5 * u2[$0 / width] * v2[$0 % width] }
            case .line:
                // A 30° line through the centre, one tap per column (or row, whichever is longer).
                var line = [Float](repeating: 0, count: height * width)
                let slope = 0.577, (cy, cx) = (Double(height - 1) / 2, Double(width - 1) / 2)
                for n in 0..<width {
                    let m = Int((cy - (Double(n) - cx) * slope).rounded())
                    if m >= 0 && m < height { line[m * width + n] = 1 }
                }
                kernel = line
            }
            for t in 0..<(height * width) { result[t * kernels + k] = kernel[t] }
        }
        return result
    }
}

extension PathRequest: ExpressibleByArgument {}

extension BenchCommand {
    /// Every band of every image of `x` computed into the worker's scratch (512 KB of output, the
    /// quantiser's band budget) and dropped.
    static func bands(_ plan: ConvolutionPlan, _ x: Tensor) -> () throws -> Void {
        let (batch, height) = (plan.outputShape[0], plan.outputShape[1])
        let rows = plan.bandRows(budgetFloats: 128 * 1024)
        let bandsPerImage = (height + rows - 1) / rows
        let outputFloats = (rows * plan.rowFloats + 15) / 16 * 16
        return {
            ParallelWork.run(batch * bandsPerImage, scratchFloats: outputFloats + plan.scratchFloats(rows: rows)) { item, scratch in
                let (image, first) = (item / bandsPerImage, (item % bandsPerImage) * rows)
                plan.compute(x, image: image, rows: first..<min(height, first + rows), into: scratch, scratch: scratch + outputFloats)
            }
        }
    }

    /// User + system CPU time of this process so far.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}

