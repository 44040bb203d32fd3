/// The FFT schedule's tile choice: for every pair of sides the cost per output row of the tiles a
/// band needs (transforms, spectrum products, stores), the cheapest kept.
extension FFTConvolution {
    /// Seconds per value per log₂ of a transform pass (butterflies, eight lanes at a time).
    static let butterflyCost = 0.55e-9
    /// Seconds per value moved in or out of a tile (the transposed stores and loads, the band gathers).
    static let moveCost = 1.2e-9
    /// Seconds per complex multiply-add of a spectrum product, per frequency.
    static let productCost = 0.25e-9

    /// The cheapest tile for `slices` on `geometry` (cost ∞ when the kernel fits no tile).
    static func bestTile(_ slices: KernelSlices, geometry: ConvolutionGeometry, cost: ScheduleCost) -> Tile {
        let effectiveH = (slices.height - 1) * geometry.dilationH + 1, effectiveW = (slices.width - 1) * geometry.dilationW + 1
        let neededColumns = (geometry.outWidth - 1) * geometry.strideW + 1
        let inputs = Double(slices.channels), outputs = Double(slices.outChannels), pairs = Double(slices.pairs.count)
        var best = Tile(height: 0, width: 0, cost: .infinity)
        for height in sides where height > effectiveH {
            for width in sides where width > effectiveW && width / 2 < max(16, neededColumns + effectiveW) {
                let values = Double(height * width)
                let log = Double(height.trailingZeroBitCount - 1 + width.trailingZeroBitCount)
                let transformCost = values * (log * butterflyCost + moveCost)
                let perTile = (inputs + outputs) * transformCost + pairs * values / 2 * productCost
                let across = Double((neededColumns + width - effectiveW) / (width - effectiveW + 1))
                let rows = Double((height - effectiveH) / geometry.strideH + 1)
                let tile = Tile(height: height, width: width, cost: across * perTile / rows)
                if tile.cost < best.cost { best = tile }
            }
        }
        return best
    }

    /// Floats the kernel spectra of `slices` take for `tile`.
    static func spectrumFloats(_ slices: KernelSlices, tile: Tile) -> Int {
        guard tile.height > 0 else { return 0 }
        return slices.pairs.count * TileTransform(height: tile.height, width: tile.width).spectrumFloats
    }
}
