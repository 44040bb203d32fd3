/// The FFT schedule's tile choice: for every pair of sides the cost per output row of the tiles a
/// band needs (transforms, spectrum products, stores), the cheapest kept.
extension FFTConvolution {
    /// CPU seconds per tile value per log₂ of the transform size (butterflies, eight lanes at a time).
    static let butterflyCost = 0.115e-9
    /// CPU seconds per tile value for everything else of a transform: the band gathers, the untangling,
    /// the transposed stores and loads, the output stores.
    static let moveCost = 0.9e-9
    /// Extra CPU seconds per value when a tile's spectrum (2 planes) no longer fits a 512 KB L2 cache.
    static let largeTileCost = 0.6e-9
    /// CPU seconds per complex multiply-add of a spectrum product, per frequency.
    static let productCost = 0.25e-9

    /// The cheapest tile for `slices` on `geometry` (cost ∞ when the kernel fits no tile).
    static func bestTile(_ slices: KernelSlices, geometry: ConvolutionGeometry, cost: ScheduleCost) -> Tile {
        let effectiveH = (slices.height - 1) * geometry.dilationH + 1, effectiveW = (slices.width - 1) * geometry.dilationW + 1
        let neededColumns = (geometry.outWidth - 1) * geometry.strideW + 1
        let inputs = Double(slices.channels), outputs = Double(slices.outChannels), pairs = Double(slices.pairs.count)
        var best = Tile(height: 0, width: 0, cost: .infinity)
        // Tall tiles mean tall bands (each worker holds a band of padded input and one of output): up
        // to 256 rows, unless the kernel itself is that tall.
        for height in sides where height > effectiveH && (height <= 256 || effectiveH >= 128) {
            for width in sides where width > effectiveW && width / 2 < max(16, neededColumns + effectiveW) {
                let values = Double(height * width)
                let log = Double(height.trailingZeroBitCount - 1 + width.trailingZeroBitCount)
                let transformCost = values * (log * butterflyCost + moveCost + (height * width > 65536 ? largeTileCost : 0))
                let perTile = (inputs + outputs) * transformCost + pairs * values / 2 * productCost
                let across = Double((neededColumns + width - effectiveW) / (width - effectiveW + 1))
                // A tile taller than the image computes rows nobody needs.
                let rows = Double(min((height - effectiveH) / geometry.strideH + 1, geometry.outHeight))
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
