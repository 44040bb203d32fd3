import Foundation
import Testing
@testable import Batch
import Essentials

/// Counts units alive at once from another thread.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var alive = 0
    private(set) var peak = 0
    private(set) var produced = 0
    func produce() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard produced < 50 else { return nil }
        produced += 1
        alive += 1
        peak = max(peak, alive)
        return produced
    }
    func consumed() { lock.lock(); alive -= 1; lock.unlock() }
}

@Suite struct PipelineTests {
    @Test func keepsOrderAndBoundsUnitsInFlight() {
        let counter = Counter()
        var seen: [Int] = []
        BoundedPipeline.run(maxInFlight: 2, produce: { counter.produce() }) { unit in
            usleep(200)
            seen.append(unit)
            counter.consumed()
        }
        #expect(seen == Array(1...50))
        #expect(counter.peak <= 2)
        #expect(counter.peak == 2)
    }

    @Test func stacksSmallSameSizeImagesAndKeepsLargeOnesAlone() throws {
        let shapes: [[Int]] = [[1, 28, 28, 1], [1, 28, 28, 1], [1, 28, 28, 3], [1, 300, 300, 1], [1, 28, 28, 3], [1, 28, 28, 3]]
        let stage = DecodeStage(count: shapes.count + 1) { index in
            if index == 2 { throw InputWalker.InputError(description: "broken \(index)") }
            let shape = index < 2 ? shapes[index] : shapes[index - 1]
            let tensor = try Tensor(shape: shape, scalars: [Float](repeating: Float(index), count: shape.reduce(1, *)))
            return (.float(tensor), DecodedSide(format: .png, bitDepth: 8 + index, alpha: nil))
        }
        var units: [String] = []
        while let unit = stage.nextUnit() {
            switch unit {
            case .images(let items, let input, let sides):
                let tensor = input.tensor
                units.append("\(items) \(tensor.shape)")
                // Each stacked item keeps what travels beside it.
                #expect(sides.map(\.bitDepth) == items.map { 8 + $0 })
                // Each stacked item keeps its own pixels.
                let perImage = tensor.scalars.count / items.count
                for (n, item) in items.enumerated() { #expect(tensor.scalars[n * perImage] == Float(item)) }
            case .failed(let item, let reason):
                units.append("failed \(item) \(reason)")
            }
        }
        #expect(units == [
            "failed 2 broken 2",
            "[0, 1] [2, 28, 28, 1]",
            "[3] [1, 28, 28, 3]",
            "[4] [1, 300, 300, 1]",
            "[5, 6] [2, 28, 28, 3]",
        ])
    }
}
