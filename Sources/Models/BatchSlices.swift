import Convolution
import Essentials
import Foundation

/// Runs a forward program over a batch of small items a few items at a time, the slices spread over
/// the cores. Every supported layer treats batch items independently, so a slice's values are exactly
/// the batch's values for those items; but a slice's intermediate values fit in a core's cache and
/// its freed buffers are reused by the next slice, where a whole-batch pass writes every layer's
/// output to fresh memory (for a 512×32×32×3 batch most of the time went to faulting those pages in).
enum BatchSlices {
    /// The most values one slice's largest intermediate may hold: a few of them fit in L2.
    static let sliceBudget = 64 * 1024

    /// The requested values (by node) of `program` for `input`.
    static func run(_ program: ForwardProgram, _ input: ModelArray) throws -> [Int: ModelArray] {
        let items = input.batch
        let perItem = input.values.count / max(1, items)
        var trace = ForwardProgram.Trace()
        guard items > 1, perItem <= sliceBudget else { return try program.run(input, trace: &trace) }
        // The first item alone shows the shapes (and any fault) before the work is spread.
        let first = try program.run(slice(input, 0..<1), trace: &trace)
        let seen = trace
        // Items whose values are large gain nothing from slicing: the rest then runs as one batch,
        // each layer on every core. Otherwise slices fill the budget, at least two per core.
        let size = seen.largestPerItem > sliceBudget ? items - 1
            : max(1, min(sliceBudget / max(1, seen.largestPerItem), (items - 1) / (2 * ParallelWork.cores)))
        let slices = stride(from: 1, to: items, by: size).map { $0..<min(items, $0 + size) }
        let plans = try Dictionary(Set(slices.map(\.count)).map { ($0, try program.plans(batch: $0, trace: seen)) }) { a, _ in a }
        let targets = first.keys.sorted()
        let each = targets.map { first[$0]!.values.count }
        let counts = try each.map { count in
            let (total, overflow) = count.multipliedReportingOverflow(by: items)
            guard !overflow else { throw ModelFault("a requested layer's output for \(items) items is too large") }
            return total
        }
        let failure = FirstFailure()
        let outputs = UninitializedArrays.make(counts: counts) { buffers in
            for (target, buffer) in zip(targets, buffers) { copy(first[target]!, to: buffer) }
            // Each slice runs on one core: the layers' own parallel loops run inline inside this one.
            ParallelWork.run(slices.count) { index in
                guard !failure.happened else { return }
                let range = slices[index]
                do {
                    var unused = ForwardProgram.Trace()
                    let values = try program.run(slice(input, range), plans: plans[range.count], trace: &unused)
                    for (index, target) in targets.enumerated() {
                        guard let value = values[target], value.values.count == range.count * each[index] else {
                            throw ModelFault("items \(range) gave outputs of another size than item 0")
                        }
                        copy(value, to: buffers[index] + range.lowerBound * each[index])
                    }
                } catch {
                    failure.record(error)
                }
            }
        }
        if let error = failure.error { throw error }
        var result = [Int: ModelArray]()
        for (target, values) in zip(targets, outputs) {
            result[target] = ModelArray(unchecked: [items] + first[target]!.shape.dropFirst(), values)
        }
        return result
    }

    /// All of `array`'s values to `target`.
    private static func copy(_ array: ModelArray, to target: UnsafeMutablePointer<Float>) {
        array.values.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { target.update(from: base, count: source.count) }
        }
    }

    /// Items `range` of `input` as a batch of their own.
    private static func slice(_ input: ModelArray, _ range: Range<Int>) -> ModelArray {
        let each = input.values.count / max(1, input.batch)
        return ModelArray(unchecked: [range.count] + input.shape.dropFirst(), Array(input.values[range.lowerBound * each..<range.upperBound * each]))
    }
}

/// The first error of several workers; later ones are dropped.
private final class FirstFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var first: Error?

    var happened: Bool { lock.withLock { first != nil } }
    var error: Error? { lock.withLock { first } }

    func record(_ error: Error) { lock.withLock { if first == nil { first = error } } }
}
