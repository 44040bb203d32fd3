import Essentials
import Foundation
@testable import Models

/// Paths to the committed model fixtures and their Keras goldens (Scripts/make-model-fixtures).
enum ModelFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/models")

    static func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// The golden folder's input and every `<layer>.npy` in it.
    static func golden(_ folder: String) throws -> (input: ModelArray, layers: [String: ModelArray]) {
        let directory = root.appendingPathComponent(folder)
        var layers = [String: ModelArray]()
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".npy") && name != "input.npy" {
            let array = try NPYFile.read(path: directory.appendingPathComponent(name).path)
            layers[String(name.dropLast(4))] = try ModelArray(shape: array.shape, values: array.values)
        }
        let input = try NPYFile.read(path: directory.appendingPathComponent("input.npy").path)
        return (try ModelArray(shape: input.shape, values: input.values), layers)
    }

    /// The largest difference relative to the golden's largest magnitude (floored so all-zero maps compare absolutely).
    static func relativeError(_ actual: ModelArray, _ expected: ModelArray) -> Float {
        guard actual.shape == expected.shape else { return .infinity }
        let scale = max(expected.values.map(abs).max() ?? 0, 1e-3)
        var worst: Float = 0
        for (a, e) in zip(actual.values, expected.values) { worst = max(worst, abs(a - e)) }
        return worst / scale
    }
}
