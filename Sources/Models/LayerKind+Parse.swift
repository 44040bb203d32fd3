import Convolution

extension LayerKind {
    /// The kind of a layer from its Keras class name and config; unknown classes are `.unsupported`
    /// (refused only if they must run), known classes with options the core cannot honour are faults.
    static func parse(className: String, config c: LayerConfig, kerasMajor: Int) throws -> LayerKind {
        switch className {
        case "InputLayer":
            let shape = try c.shape("batch_shape") ?? c.shape("batch_input_shape")
            guard let shape, shape.count >= 2 else { throw c.fault("batch_shape", "is missing") }
            return .input(shape: Array(shape.dropFirst()))
        case "Conv2D":
            let spec = try convolution(c, kerasMajor: kerasMajor)
            let filters = try c.int("filters"), groups = try c.int("groups", default: 1)
            guard filters >= 1, filters <= 1 << 16 else { throw c.fault("filters", "must be 1…65536") }
            guard groups >= 1, filters % groups == 0 else { throw c.fault("groups", "must divide filters") }
            return .conv(spec, filters: filters, groups: groups)
        case "DepthwiseConv2D":
            let multiplier = try c.int("depth_multiplier", default: 1)
            guard multiplier >= 1, multiplier <= 1 << 12 else { throw c.fault("depth_multiplier", "must be 1…4096") }
            return .depthwise(try convolution(c, kerasMajor: kerasMajor), multiplier: multiplier)
        case "SeparableConv2D":
            let multiplier = try c.int("depth_multiplier", default: 1), filters = try c.int("filters")
            guard multiplier >= 1, multiplier <= 1 << 12 else { throw c.fault("depth_multiplier", "must be 1…4096") }
            guard filters >= 1, filters <= 1 << 16 else { throw c.fault("filters", "must be 1…65536") }
            return .separable(try convolution(c, kerasMajor: kerasMajor), multiplier: multiplier, filters: filters)
        case "BatchNormalization":
            let axis = try axisList(c)
            guard axis == [-1] || axis == [3] else { throw c.fault("axis", "must be the last axis (-1)") }
            return .batchNorm(epsilon: Float(try c.double("epsilon", default: 1e-3)),
                              center: try c.bool("center", default: true), scale: try c.bool("scale", default: true))
        case "Activation":
            guard let function = try ActivationFunction.named(c.values["activation"], kerasMajor: kerasMajor, layer: c.layer) else {
                return .softmax
            }
            return .activation(function)
        case "ReLU":
            let maxValue = try c.optionalDouble("max_value")
            if let maxValue, maxValue < 0 { throw c.fault("max_value", "must be ≥ 0") }
            return .activation(.relu(maxValue: maxValue.map(Float.init), negativeSlope: Float(try c.double("negative_slope", default: 0)),
                                     threshold: Float(try c.double("threshold", default: 0))))
        case "LeakyReLU":
            let slope = c.has("negative_slope") ? try c.double("negative_slope") : try c.double("alpha", default: 0.3)
            return .activation(.leakyRelu(Float(slope)))
        case "ELU":
            return .activation(.elu(Float(try c.double("alpha", default: 1))))
        case "Softmax":
            let axis = try axisList(c)
            guard axis == [-1] else { throw c.fault("axis", "must be -1 (the last axis)") }
            return .softmax
        case "MaxPooling2D", "AveragePooling2D":
            try c.requireChannelsLast()
            let size = try c.pair("pool_size", default: (2, 2))
            let strides = try c.pair("strides", default: size)
            guard size.0 >= 1, size.1 >= 1, size.0 <= 4096, size.1 <= 4096 else { throw c.fault("pool_size", "must be 1…4096") }
            guard strides.0 >= 1, strides.1 >= 1 else { throw c.fault("strides", "must be ≥ 1") }
            return .pool(PoolSpec(average: className == "AveragePooling2D", size: size, strides: strides,
                                  same: try padding(c)))
        case "GlobalAveragePooling2D", "GlobalMaxPooling2D":
            try c.requireChannelsLast()
            return .globalPool(average: className == "GlobalAveragePooling2D", keepDims: try c.bool("keepdims", default: false))
        case "ZeroPadding2D", "Cropping2D":
            try c.requireChannelsLast()
            let key = className == "ZeroPadding2D" ? "padding" : "cropping"
            let ((t, b), (l, r)) = try amounts(c, key)
            return .pad(top: t, bottom: b, left: l, right: r, crop: className == "Cropping2D")
        case "Rescaling":
            return .rescaling(scale: try numbers(c, "scale", default: 1), offset: try numbers(c, "offset", default: 0))
        case "Dropout", "SpatialDropout2D":
            return .identity
        case "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum":
            return .merge(MergeOperation(rawValue: className.lowercased())!)
        case "Concatenate":
            return .concatenate(axis: try c.int("axis", default: -1))
        case "Flatten":
            try c.requireChannelsLast()
            return .flatten
        case "Reshape":
            guard let target = try c.shape("target_shape"), !target.isEmpty else { throw c.fault("target_shape", "is missing") }
            let sizes = target.map { $0 ?? -1 }
            guard sizes.filter({ $0 == -1 }).count <= 1, sizes.allSatisfy({ $0 == -1 || $0 >= 1 }) else {
                throw c.fault("target_shape", "must be sizes ≥ 1 with at most one -1")
            }
            return .reshape(sizes)
        case "Dense":
            let units = try c.int("units")
            guard units >= 1, units <= 1 << 20 else { throw c.fault("units", "must be 1…1048576") }
            return .dense(units: units, useBias: try c.bool("use_bias", default: true),
                          activation: try ActivationFunction.named(c.values["activation"], kerasMajor: kerasMajor, layer: c.layer))
        default:
            return .unsupported
        }
    }

    /// The options every convolution layer shares.
    private static func convolution(_ c: LayerConfig, kerasMajor: Int) throws -> ConvolutionSpec {
        try c.requireChannelsLast()
        let kernel = try c.pair("kernel_size")
        let strides = try c.pair("strides", default: (1, 1))
        let dilation = try c.pair("dilation_rate", default: (1, 1))
        guard kernel.0 >= 1, kernel.1 >= 1, kernel.0 <= 1024, kernel.1 <= 1024 else { throw c.fault("kernel_size", "must be 1…1024") }
        guard strides.0 >= 1, strides.1 >= 1, strides.0 <= 1024, strides.1 <= 1024 else { throw c.fault("strides", "must be 1…1024") }
        guard dilation.0 >= 1, dilation.1 >= 1, dilation.0 <= 1024, dilation.1 <= 1024 else { throw c.fault("dilation_rate", "must be 1…1024") }
        let options = ConvolutionOptions(strides: strides, padding: try padding(c) ? .same : .valid, dilations: dilation)
        return ConvolutionSpec(kernel: kernel, options: options, useBias: try c.bool("use_bias", default: true),
                               activation: try ActivationFunction.named(c.values["activation"], kerasMajor: kerasMajor, layer: c.layer))
    }

    /// true for 'same', false for 'valid'; anything else ('causal', 'full') is refused.
    private static func padding(_ c: LayerConfig) throws -> Bool {
        let value = try c.string("padding", default: "valid").lowercased()
        guard value == "same" || value == "valid" else { throw c.fault("padding", "is '\(value)'; only same and valid are supported") }
        return value == "same"
    }

    /// `axis` as a list (Keras writes an int or a list).
    private static func axisList(_ c: LayerConfig) throws -> [Int] {
        guard let value = c.values["axis"], !value.isNull else { return [-1] }
        if let single = value.integer { return [single] }
        guard let items = value.array?.compactMap(\.integer), items.count == value.array?.count else {
            throw c.fault("axis", "must be an integer or a list of integers")
        }
        return items
    }

    /// ZeroPadding2D / Cropping2D amounts: n, (a, b) symmetric per axis, or ((t, b), (l, r)).
    private static func amounts(_ c: LayerConfig, _ key: String) throws -> ((Int, Int), (Int, Int)) {
        guard let value = c.values[key], !value.isNull else { return ((1, 1), (1, 1)) }
        func check(_ n: Int?) throws -> Int {
            guard let n, n >= 0, n <= 1 << 16 else { throw c.fault(key, "must hold sizes 0…65536") }
            return n
        }
        if let single = value.integer { let n = try check(single); return ((n, n), (n, n)) }
        guard let items = value.array, items.count == 2 else { throw c.fault(key, "must be n, [a, b] or [[t, b], [l, r]]") }
        if let a = items[0].integer, let b = items[1].integer {
            let (x, y) = (try check(a), try check(b))
            return ((x, x), (y, y))
        }
        guard let rows = items[0].array, let cols = items[1].array, rows.count == 2, cols.count == 2 else {
            throw c.fault(key, "must be n, [a, b] or [[t, b], [l, r]]")
        }
        return ((try check(rows[0].integer), try check(rows[1].integer)), (try check(cols[0].integer), try check(cols[1].integer)))
    }

    /// A number or a list of numbers (Rescaling's scale and offset).
    private static func numbers(_ c: LayerConfig, _ key: String, default fallback: Float) throws -> [Float] {
        guard let value = c.values[key], !value.isNull else { return [fallback] }
        if let number = value.number, number.isFinite { return [Float(number)] }
        guard let items = value.array, !items.isEmpty, items.count <= 1 << 16 else { throw c.fault(key, "must be a number or a list of numbers") }
        return try items.map { item in
            guard let n = item.number, n.isFinite else { throw c.fault(key, "must be a number or a list of numbers") }
            return Float(n)
        }
    }
}
