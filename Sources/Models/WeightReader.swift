/// Finds a layer's weights in either file layout and names them by role (kernel, bias, gamma…):
/// `.keras` stores `layers/<path>/vars/<i>` in the order the layer created them; `.h5` stores
/// `model_weights/<layer>/<weight name>` listed by the layer group's `weight_names` attribute
/// (`c1/kernel` from Keras 3, `c1/kernel:0` from tf.keras 2).
struct WeightReader {
    let file: HDF5File
    let layout: ModelFileBytes.Layout
    /// `.keras`: layer name → its group under `layers/`.
    private var groups: [String: String] = [:]

    init(file: HDF5File, layout: ModelFileBytes.Layout, layerClasses: [(name: String, className: String)]) throws {
        self.file = file
        self.layout = layout
        if layout == .kerasZip { groups = try WeightReader.kerasGroups(file, layerClasses: layerClasses) }
    }

    /// Layer name → group, from each `vars` group's `name` attribute, or else from Keras's own naming
    /// (snake_case class name, `_1`, `_2`… for repeats, in layer order).
    private static func kerasGroups(_ file: HDF5File, layerClasses: [(name: String, className: String)]) throws -> [String: String] {
        guard try file.kind("layers") == .group else { return [:] }
        var groups = [String: String]()
        for member in try file.members("layers") {
            let vars = "layers/\(member)/vars"
            if try file.kind(vars) == .group, let name = try file.strings(vars, attribute: "name")?.first {
                groups[name] = "layers/\(member)"
            }
        }
        if !groups.isEmpty { return groups }
        var used = [String: Int]()
        for (name, className) in layerClasses {
            var path = snakeCase(className)
            if let count = used[path] {
                used[path] = count + 1
                path += "_\(count + 1)"
            } else {
                used[path] = 0
            }
            groups[name] = "layers/\(path)"
        }
        return groups
    }

    /// The weights of `layer` for the roles it needs, in Keras's creation order; `optional` roles
    /// may be absent only when the layer's config says so (the caller passes exactly what it expects).
    func weights(layer: String, roles: [String]) throws -> [String: (shape: [Int], values: [Float])] {
        if roles.isEmpty { return [:] }
        var result = [String: (shape: [Int], values: [Float])]()
        switch layout {
        case .kerasZip:
            guard let group = groups[layer], try file.kind(group + "/vars") == .group else {
                throw ModelFault("layer '\(layer)': its weights are missing from model.weights.h5")
            }
            let stored = try file.members(group + "/vars")
            guard stored.count == roles.count else {
                throw ModelFault("layer '\(layer)': model.weights.h5 holds \(stored.count) weights, the config needs \(roles.count) (\(roles.joined(separator: ", ")))")
            }
            for (index, role) in roles.enumerated() {
                let path = "\(group)/vars/\(index)"
                guard try file.kind(path) == .dataset else { throw ModelFault("layer '\(layer)': weight \(index) (\(role)) is missing") }
                result[role] = try file.floats(path)
            }
        case .legacyH5:
            let group = "model_weights/\(layer)"
            guard try file.kind(group) == .group, let names = try file.strings(group, attribute: "weight_names") else {
                throw ModelFault("layer '\(layer)': its weights are missing from model_weights")
            }
            for name in names {
                var role = String(name.split(separator: "/").last ?? "")
                if role.hasSuffix(":0") { role.removeLast(2) }
                if role == "depthwise_kernel" && !roles.contains(role) { role = "kernel" }
                guard roles.contains(role) else { continue }
                let path = "\(group)/\(name)"
                guard try file.kind(path) == .dataset else { throw ModelFault("layer '\(layer)': weight \(name) is missing") }
                result[role] = try file.floats(path)
            }
            let missing = roles.filter { result[$0] == nil }
            guard missing.isEmpty else {
                throw ModelFault("layer '\(layer)': weight\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) missing from model_weights")
            }
        }
        return result
    }

    /// Keras's `to_snake_case`: `_` before a capital that starts a lowercase run, and between a
    /// lowercase letter and a capital; then lowercased (Conv2D → conv2d, BatchNormalization → batch_normalization).
    static func snakeCase(_ name: String) -> String {
        let characters = Array(name.filter { $0.isLetter || $0.isNumber || $0 == "_" })
        func isUpper(_ i: Int) -> Bool { i < characters.count && characters[i].isUppercase }
        func isLower(_ i: Int) -> Bool { i < characters.count && characters[i].isLowercase }
        var first = [Character]()
        var consumedUntil = 0
        for (i, character) in characters.enumerated() {
            if i >= 1, i - 1 >= consumedUntil, isUpper(i), isLower(i + 1) {
                first.append("_")
                var end = i + 1
                while isLower(end) { end += 1 }
                consumedUntil = end
            }
            first.append(character)
        }
        var second = [Character]()
        var skip = -1
        for (i, character) in first.enumerated() {
            if i >= 1, i - 1 > skip, first[i - 1].isLowercase, character.isUppercase {
                second.append("_")
                skip = i
            }
            second.append(character)
        }
        return String(second).lowercased()
    }
}
