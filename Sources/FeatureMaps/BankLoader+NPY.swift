import Essentials

extension BankLoader {
    /// Reads a TF-layout `.npy` bank and its optional `[out]` bias `.npy`.
    static func loadNPY(path: String, biasPath: String?) throws -> [NamedFilter] {
        let array = try readNPY(path)
        var bias: [Float]?
        if let biasPath {
            let biasArray = try readNPY(biasPath)
            guard biasArray.shape.count == 1 else {
                throw BankError(file: biasPath, "a bias must be a 1-D array [out], this one has shape \(biasArray.shape)")
            }
            bias = biasArray.values
            try checkFinite(biasArray.values, what: "the bias", file: biasPath)
        }
        let filters = try filtersFromTFLayout(shape: array.shape, values: array.values, file: path)
        if let bias, let biasPath {
            guard bias.count == filters.count else {
                throw BankError(file: biasPath, "has \(bias.count) biases but \(path) holds \(filters.count) filter\(filters.count == 1 ? "" : "s") (bias length ≠ out)")
            }
            return zip(filters, bias).map {
                NamedFilter(unchecked: $0.name, height: $0.height, width: $0.width, inChannels: $0.inChannels, weights: $0.weights, bias: $1)
            }
        }
        return filters
    }

    /// Splits a TF-layout array into filters: `[fh,fw]` → one 2-D filter, `[fh,fw,out]` → out 2-D filters,
    /// `[fh,fw,in,out]` (HWIO) → out filters of in channels. Named f0, f1, … (zero-padded from ten filters).
    static func filtersFromTFLayout(shape: [Int], values: [Float], file: String) throws -> [NamedFilter] {
        guard (2...4).contains(shape.count) else {
            throw BankError(file: file, "has shape \(shape); a bank is [fh,fw], [fh,fw,out] or HWIO [fh,fw,in,out]")
        }
        guard shape.allSatisfy({ $0 > 0 }) else { throw BankError(file: file, "has shape \(shape), an empty kernel") }
        let (count, overflow) = Tensor.elementCount(shape)
        guard !overflow, count == values.count else {
            throw BankError(file: file, "shape \(shape) needs \(count) values but the file holds \(values.count) (wrong count)")
        }
        try checkFinite(values, what: "the kernel", file: file)
        let height = shape[0], width = shape[1]
        let inChannels = shape.count == 4 ? shape[2] : 1
        let out = shape.count == 2 ? 1 : shape[shape.count - 1]
        let names = defaultNames(count: out)
        return (0..<out).map { o in
            var weights = [Float]()
            weights.reserveCapacity(height * width * inChannels)
            for tap in 0..<(height * width) {
                for c in 0..<inChannels { weights.append(values[(tap * inChannels + c) * out + o]) }
            }
            return NamedFilter(unchecked: names[o], height: height, width: width,
                               inChannels: shape.count == 4 ? inChannels : nil, weights: weights, bias: 0)
        }
    }

    /// Reads an .npy file through the Convolution module's reader, rewording its errors as `BankError`.
    static func readNPY(_ path: String) throws -> (shape: [Int], values: [Float]) {
        let bytes = try readBytes(path)  // existence, folder and size checks with bank wording
        do {
            let array = try NPYFile.decode(bytes, file: path)
            return (array.shape, array.values)
        } catch let error as NPYError {
            throw BankError(file: error.file, error.reason)
        }
    }
}
