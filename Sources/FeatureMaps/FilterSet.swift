import Convolution

/// The filters of one run, in the order given. Filters of any shapes may be mixed: `shapeGroups` says
/// which share a shape and so run as one bank; the bank builders need a set of one shape.
public struct FilterSet: Sendable {
    /// The filters, names made unique (a repeated name gets `-2`, `-3`, … in order of appearance).
    public let filters: [NamedFilter]

    /// Checks the set is non-empty and makes the names unique.
    public init(_ filters: [NamedFilter]) throws {
        guard !filters.isEmpty else { throw BankError(file: nil, "no filters given") }
        self.filters = FilterSet.uniquelyNamed(filters)
    }

    /// Names already unique (a subset of a checked set).
    private init(unique filters: [NamedFilter]) { self.filters = filters }

    /// Kernel height of the first filter (of every filter when `isUniform`).
    public var height: Int { filters[0].height }
    /// Kernel width of the first filter (of every filter when `isUniform`).
    public var width: Int { filters[0].width }
    /// Input channels of the first filter when it is 3-D, nil when it is 2-D (of every filter when `isUniform`).
    public var inChannels: Int? { filters[0].inChannels }
    /// Whether every filter has the same (height, width, inChannels), so the set runs as one bank.
    public var isUniform: Bool { shapeGroups.count == 1 }

    /// Indices of the filters that share a shape, groups in order of first appearance, indices in order.
    public var shapeGroups: [[Int]] {
        var order: [String] = []
        var groups: [String: [Int]] = [:]
        for (index, filter) in filters.enumerated() {
            let key = filter.shapeDescription
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(index)
        }
        return order.map { groups[$0]! }
    }

    /// The filters at `indices`, in that order (names kept).
    public func subset(_ indices: [Int]) -> FilterSet {
        FilterSet(unique: indices.map { filters[$0] })
    }
    /// The filter names, in order (the output file names).
    public var names: [String] { filters.map(\.name) }
    /// One bias per filter, in order.
    public var biases: [Float] { filters.map(\.bias) }

    /// The tf.nn.conv2d bank for an image with `channels` channels: output channel f is filter f.
    ///
    /// A 2-D kernel acts on the channel mean, i.e. each channel gets weight k/C, so a blur of a colour
    /// photo in conv mode is the blur of its (unweighted) gray mean. A 3-D kernel must have
    /// `inChannels == channels` (tf.nn.conv2d rejects anything else). The bias is nil when every bias is 0.
    public func convBank(channels: Int) throws -> FilterBank {
        guard channels > 0 else { throw BankError(file: nil, "an image needs at least one channel") }
        try requireUniform()
        if let inChannels, inChannels != channels {
            throw BankError(file: nil,
                "the filters expect \(inChannels)-channel input (\(filters[0].shapeDescription)) but the image has \(channels) channel\(channels == 1 ? "" : "s")")
        }
        let weights = interleavedWeights(channels: channels) { filter, tap, c in
            inChannels == nil ? filter.weights[tap] / Float(channels) : filter.weights[tap * channels + c]
        }
        let bias = biases.allSatisfy { $0 == 0 } ? nil : biases
        do {
            return try FilterBank(height: height, width: width, inChannels: channels, outChannels: filters.count, weights: weights, bias: bias)
        } catch {
            throw BankError(file: nil, "cannot build the filter bank: \(error)")
        }
    }

    /// The tf.nn.depthwise_conv2d filter for a `channels`-channel image: every 2-D kernel on every channel,
    /// multiplier = filter count, so output channel `c * filters.count + f` is filter f on channel c.
    /// Biases are not part of `DepthwiseFilter`: add `depthwiseBiases(channels:)` to the output.
    public func depthwise(channels: Int) throws -> DepthwiseFilter {
        guard channels > 0 else { throw BankError(file: nil, "an image needs at least one channel") }
        try requireUniform()
        if inChannels != nil {
            throw BankError(file: nil,
                "depthwise mode needs 2-D kernels, but the filters are \(filters[0].shapeDescription) (use conv mode for 3-D/HWIO banks)")
        }
        let count = filters.count
        let weights = interleavedWeights(channels: channels) { filter, tap, _ in filter.weights[tap] }
        do {
            return try DepthwiseFilter(height: height, width: width, channels: channels, multiplier: count, weights: weights)
        } catch {
            throw BankError(file: nil, "cannot build the depthwise filter: \(error)")
        }
    }

    /// The bias of every depthwise output channel `c * filters.count + f` (that is, filter f's bias).
    public func depthwiseBiases(channels: Int) -> [Float] {
        (0..<max(0, channels)).flatMap { _ in biases }
    }

    /// Output channels of filter `filter` in a depthwise output with `channels` input channels, in
    /// channel order: the `channelOffsets` for `MapStatistics` and `Quantizer`.
    public func depthwiseChannels(of filter: Int, channels: Int) -> [Int] {
        (0..<channels).map { $0 * filters.count + filter }
    }

    /// Throws unless every filter has one shape (bank builders lay all filters out as one tensor).
    private func requireUniform() throws {
        guard let other = filters.first(where: { $0.shapeDescription != filters[0].shapeDescription }) else { return }
        throw BankError(file: nil,
            "the filters disagree in shape and cannot be one bank: '\(filters[0].name)' is \(filters[0].shapeDescription) but '\(other.name)' is \(other.shapeDescription); run them through shapeGroups")
    }

    /// Renames repeats deterministically: the first keeps its name, later ones become name-2, name-3, …
    /// skipping any suffix already taken by another filter.
    static func uniquelyNamed(_ filters: [NamedFilter]) -> [NamedFilter] {
        var taken = Set(filters.map(\.name))
        var seen = Set<String>()
        var nextSuffix = [String: Int]()
        return filters.map { filter in
            guard seen.contains(filter.name) else {
                seen.insert(filter.name)
                return filter
            }
            var suffix = nextSuffix[filter.name, default: 2]
            while taken.contains("\(filter.name)-\(suffix)") { suffix += 1 }
            nextSuffix[filter.name] = suffix + 1
            let name = "\(filter.name)-\(suffix)"
            taken.insert(name)
            seen.insert(name)
            return filter.renamed(name)
        }
    }
}

extension FilterSet {
    /// Weights laid out `[tap][channel][filter]` (HWIO and depthwise share this order), each taken from
    /// `value(filter, tap, channel)`: the one place both layouts are built.
    func interleavedWeights(channels: Int, _ value: (NamedFilter, Int, Int) -> Float) -> [Float] {
        let count = filters.count
        let taps = height * width
        var weights = [Float](repeating: 0, count: taps * channels * count)
        for (f, filter) in filters.enumerated() {
            for tap in 0..<taps {
                for c in 0..<channels {
                    weights[(tap * channels + c) * count + f] = value(filter, tap, c)
                }
            }
        }
        return weights
    }
}
