/// A parsed JSON value from a Keras config, with the lookups layer parsing needs. Numbers and
/// booleans stay apart (Foundation's JSONSerialization blurs 0/1 and false/true on Linux).
indirect enum ConfigValue: Sendable {
    case number(Double), bool(Bool), string(String), array([ConfigValue]), object([String: ConfigValue]), null

    /// Parses JSON text.
    static func parse(_ bytes: [UInt8]) throws -> ConfigValue {
        guard let value = ConfigParser.parse(bytes) else { throw ModelFault("the model config is not valid JSON") }
        return value
    }

    /// A member of an object (nil for anything else or a missing key).
    subscript(key: String) -> ConfigValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var string: String? { if case .string(let value) = self { return value }; return nil }
    var number: Double? { if case .number(let value) = self { return value }; return nil }
    var bool: Bool? { if case .bool(let value) = self { return value }; return nil }
    var array: [ConfigValue]? { if case .array(let value) = self { return value }; return nil }
    var isNull: Bool { if case .null = self { return true }; return false }

    /// A whole number that fits comfortably in an Int (sizes, strides, axes).
    var integer: Int? {
        guard let value = number, value.rounded() == value, abs(value) <= 1e12 else { return nil }
        return Int(value)
    }
}

/// Typed reads of one layer's `config` object; every failure names the layer and the key.
struct LayerConfig: Sendable {
    let layer: String
    let className: String
    let values: ConfigValue

    func fault(_ key: String, _ what: String) -> ModelFault {
        ModelFault("layer '\(layer)' (\(className)): '\(key)' \(what)")
    }

    func has(_ key: String) -> Bool { values[key].map { !$0.isNull } ?? false }

    /// The value at `key` read by `read` (nil: the wrong kind, reported as "must be `kind`"); a missing or
    /// null key gives `fallback`, or fails when there is none.
    private func required<Value>(_ key: String, _ fallback: Value?, must kind: String,
                                 _ read: (ConfigValue) -> Value?) throws -> Value {
        guard let value = values[key], !value.isNull else {
            if let fallback { return fallback }
            throw fault(key, "is missing")
        }
        guard let result = read(value) else { throw fault(key, "must be \(kind)") }
        return result
    }

    func int(_ key: String, default fallback: Int? = nil) throws -> Int {
        try required(key, fallback, must: "a whole number") { $0.integer }
    }

    func double(_ key: String, default fallback: Double? = nil) throws -> Double {
        try required(key, fallback, must: "a finite number") { $0.number.flatMap { $0.isFinite ? $0 : nil } }
    }

    /// A number or null (nil).
    func optionalDouble(_ key: String) throws -> Double? {
        guard has(key) else { return nil }
        return try double(key)
    }

    func bool(_ key: String, default fallback: Bool) throws -> Bool {
        try required(key, fallback, must: "true or false") { $0.bool }
    }

    func string(_ key: String, default fallback: String? = nil) throws -> String {
        try required(key, fallback, must: "a string") { $0.string }
    }

    /// An integer pair: `[a, b]` or a single integer used for both (Keras accepts either).
    func pair(_ key: String, default fallback: (Int, Int)? = nil) throws -> (Int, Int) {
        try required(key, fallback, must: "an integer or a pair of integers") { value in
            if let single = value.integer { return (single, single) }
            guard let items = value.array, items.count == 2, let a = items[0].integer, let b = items[1].integer else { return nil }
            return (a, b)
        }
    }

    /// A list of integers or nulls (shapes).
    func shape(_ key: String) throws -> [Int?]? {
        guard let value = values[key], !value.isNull else { return nil }
        guard let items = value.array, items.count <= 8 else { throw fault(key, "must be a list of sizes") }
        return try items.map { item in
            if item.isNull { return nil }
            guard let size = item.integer, size >= -1, size <= 1 << 24 else { throw fault(key, "holds a bad size") }
            return size
        }
    }

    /// `data_format` must be channels_last (the only layout the core computes).
    func requireChannelsLast() throws {
        let format = try string("data_format", default: "channels_last")
        guard format == "channels_last" else { throw fault("data_format", "is '\(format)'; only channels_last is supported") }
    }
}
