/// Picks how a plan computes its rows, per filter, by estimated cost: the direct core, the direct
/// core on the nonzero taps only (sparse), separable or low-rank passes, or FFT tiles. Structure is
/// found from the numbers (a Gaussian typed out as a matrix is rank 1), never from a kernel's name.
/// Kernels of at most `smallKernelTaps` taps keep the direct core without analysis. The costs are
/// `ScheduleCost`'s, calibrated on this project's machines (docs/convolution.md, "Large kernels").
enum ScheduleChooser {
    /// Kernels with at most this many taps (3×3 and 5×5 banks) keep the direct core.
    static let smallKernelTaps = 25
    /// Most low-rank terms per kernel tried when choosing (a random kernel has min(kh, kw)).
    static let maxAutomaticTerms = 4

    /// An algorithm and the path it stands for.
    typealias Choice = (algorithm: any BandAlgorithm, path: ConvolutionPath)

    /// The algorithm for tf.nn.conv2d with `bank` (grouped banks keep the direct core).
    static func conv(_ bank: FilterBank, groups: Int, geometry: ConvolutionGeometry, layout: PaddedBandLayout,
                     request: PathRequest = .automatic) -> Choice {
        let direct = { PanelConvolution(bank, groups: groups, geometry: geometry, layout: layout) }
        let taps = bank.height * bank.width
        guard groups == 1, request != .direct, request != .automatic || taps > smallKernelTaps else { return (direct(), .direct) }
        let slices = KernelSlices(bank)
        let nonzero = PanelConvolution.nonzeroTaps(bank).filter { $0 }.count
        let cost = ScheduleCost(geometry: geometry, layout: layout)
        let panelLanes = Double(PackedFilterBank.lanes(outChannels: bank.outChannels))
        return choose(
            slices, geometry: geometry, layout: layout, request: request, cost: cost,
            direct: (cost.panel(taps: Double(taps * bank.inChannels), lanes: panelLanes), direct),
            sparse: (cost.panel(taps: Double(nonzero), lanes: panelLanes), nonzero,
                     { PanelConvolution(bank, groups: groups, geometry: geometry, layout: layout, skipZeroTaps: true) }))
    }

    /// The algorithm for tf.nn.depthwise_conv2d with `filter`.
    static func depthwise(_ filter: DepthwiseFilter, geometry: ConvolutionGeometry, layout: PaddedBandLayout,
                          request: PathRequest = .automatic) throws -> Choice {
        let cost = ScheduleCost(geometry: geometry, layout: layout)
        let taps = filter.height * filter.width
        let nonzero = (0..<taps).filter { t in (0..<(filter.channels * filter.multiplier)).contains { filter.weights[t * filter.channels * filter.multiplier + $0] != 0 } }.count
        let flat = FlatRowDepthwise.handles(filter, geometry)
        let directCost: Double, sparseCost: Double
        let direct: () -> any BandAlgorithm, sparse: () -> any BandAlgorithm
        if flat {
            directCost = cost.flat(taps: Double(taps), blocked: FlatRowDepthwise.blocks(filter, geometry, dense: true))
            sparseCost = cost.flat(taps: Double(nonzero), blocked: FlatRowDepthwise.blocks(filter, geometry, dense: nonzero == taps))
            direct = { FlatRowDepthwise(filter, geometry: geometry, layout: layout) }
            sparse = { FlatRowDepthwise(filter, geometry: geometry, layout: layout, skipZeroTaps: true) }
        } else {
            let bank = try filter.groupedBank()
            let lanes = Double(filter.channels * PackedFilterBank.lanes(outChannels: filter.multiplier))
            directCost = cost.panel(taps: Double(taps), lanes: lanes)
            sparseCost = cost.panel(taps: Double(nonzero), lanes: lanes)
            direct = { PanelConvolution(bank, groups: filter.channels, geometry: geometry, layout: layout) }
            sparse = { PanelConvolution(bank, groups: filter.channels, geometry: geometry, layout: layout, skipZeroTaps: true) }
        }
        guard request != .direct, request != .automatic || taps > smallKernelTaps else { return (direct(), .direct) }
        return choose(KernelSlices(filter), geometry: geometry, layout: layout, request: request, cost: cost,
                      direct: (directCost, direct), sparse: (sparseCost, nonzero, sparse))
    }

    /// The cheapest of the candidates (or the requested one).
    private static func choose(
        _ slices: KernelSlices, geometry: ConvolutionGeometry, layout: PaddedBandLayout, request: PathRequest, cost: ScheduleCost,
        direct: (cost: Double, make: () -> any BandAlgorithm),
        sparse: (cost: Double, taps: Int, make: () -> any BandAlgorithm)
    ) -> Choice {
        switch request {
        case .direct: return (direct.make(), .direct)
        case .sparse: return (sparse.make(), .sparse(taps: sparse.taps))
        case .separable:
            // Kernels too big to decompose that are not rank 1 have no factors: they stay direct.
            guard let factors = LowRankFactors(slices, maxRank: .max) else { return (direct.make(), .direct) }
            return (SeparableConvolution(slices, factors: factors, geometry: geometry, layout: layout), .separable(terms: factors.maxTerms))
        case .fft:
            // Kernels taller or wider than the largest tile stay direct.
            let tile = FFTConvolution.bestTile(slices, geometry: geometry, cost: cost)
            guard tile.height > 0 else { return (direct.make(), .direct) }
            return (FFTConvolution(slices, tile: tile, geometry: geometry, layout: layout), .fft(tileHeight: tile.height, tileWidth: tile.width))
        case .automatic:
            break
        }
        var best: (cost: Double, make: () -> Choice) = (direct.cost, { (direct.make(), .direct) })
        // Sparse only pays when many taps are zero; skipping them changes no value of a finite input.
        if sparse.cost < best.cost { best = (sparse.cost, { (sparse.make(), .sparse(taps: sparse.taps)) }) }
        if let factors = LowRankFactors(slices, maxRank: maxAutomaticTerms) {
            let separable = cost.separable(slices, factors: factors)
            if separable < best.cost {
                best = (separable, { (SeparableConvolution(slices, factors: factors, geometry: geometry, layout: layout), .separable(terms: factors.maxTerms)) })
            }
        }
        let tile = FFTConvolution.bestTile(slices, geometry: geometry, cost: cost)
        if tile.cost < best.cost, FFTConvolution.spectrumFloats(slices, tile: tile) <= FFTConvolution.maxSpectrumFloats {
            best = (tile.cost, { (FFTConvolution(slices, tile: tile, geometry: geometry, layout: layout), .fft(tileHeight: tile.height, tileWidth: tile.width)) })
        }
        return best.make()
    }
}

/// Which path a plan should take: chosen by cost, or one forced (benchmarks measuring crossovers,
/// tests comparing every path with the reference).
package enum PathRequest: String, CaseIterable, Sendable {
    case automatic, direct, sparse, separable, fft
}
