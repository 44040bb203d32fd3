/// Large dense kernels by overlap-save FFT: the band is cut into tiles of `tile.height × tile.width`
/// padded values, each transformed (`TileTransform`), multiplied by the kernels' conjugate spectra
/// (cross-correlation) and transformed back; of each tile only the positions whose whole window lies
/// inside it are kept, so tiles overlap by the kernel's extent less one. Memory stays bounded by a
/// few tile spectra per worker whatever the image size. A depthwise output reads its own channel's
/// spectrum; a conv output sums the products over the input channels before the one inverse.
final class FFTConvolution: BandAlgorithm, @unchecked Sendable {
    /// Largest total of kernel spectra a plan keeps (floats): 512 MB. Banks beyond it stay direct.
    static let maxSpectrumFloats = 128 << 20
    /// Tile sides tried.
    static let sides = [16, 32, 64, 128, 256, 512]

    /// A tile size and its estimated cost per output row.
    struct Tile { let height: Int, width: Int, cost: Double }

    let transform: TileTransform
    /// Kernel spectra (conjugated and scaled), one per slice pair in `KernelSlices.pairs` order.
    let spectra: UnsafeMutablePointer<Float>
    let kind: KernelSlices.Kind
    let channels: Int, outChannels: Int, outWidth: Int
    let strideH: Int, strideW: Int
    /// Valid stride-1 outputs per tile: tile size − effective kernel + 1.
    let validRows: Int, validColumns: Int
    /// Output rows one tile row yields.
    let rowsPerTile: Int
    /// Per-output bias (conv banks).
    let bias: [Float]

    /// Kernel spectra of `slices` for tiles of `tile`, over bands laid out by `layout`.
    init(_ slices: KernelSlices, tile: Tile, geometry: ConvolutionGeometry, layout: PaddedBandLayout) {
        transform = TileTransform(height: tile.height, width: tile.width)
        kind = slices.kind
        channels = slices.channels
        outChannels = slices.outChannels
        outWidth = geometry.outWidth
        (strideH, strideW) = (geometry.strideH, geometry.strideW)
        let effectiveH = (slices.height - 1) * geometry.dilationH + 1, effectiveW = (slices.width - 1) * geometry.dilationW + 1
        validRows = tile.height - effectiveH + 1
        validColumns = tile.width - effectiveW + 1
        rowsPerTile = (validRows - 1) / geometry.strideH + 1
        bias = slices.bias ?? [Float](repeating: 0, count: slices.outChannels)
        let pairs = slices.pairs
        let floats = transform.spectrumFloats
        spectra = UnsafeMutablePointer<Float>.allocate(capacity: max(1, pairs.count * floats))
        let work = UnsafeMutablePointer<Float>.allocate(capacity: transform.workFloats)
        defer { work.deallocate() }
        // 1 / (width · height/2) undoes the scale of the inverse transform.
        let scale = 1 / Float(tile.width * tile.height / 2)
        let (dh, dw) = (geometry.dilationH, geometry.dilationW)
        for (index, pair) in pairs.enumerated() {
            let kernel = slices.kernel(output: pair.output, input: pair.input)
            let spectrum = spectra + index * floats
            // The dilated kernel at the tile's top-left corner, zeros elsewhere.
            transform.forward(into: spectrum, work: work) { y, x in
                var v = SIMD8<Float>()
                guard y % dh == 0, y / dh < slices.height else { return v }
                for l in 0..<8 where (x + l) % dw == 0 && (x + l) / dw < slices.width {
                    v[l] = kernel[(y / dh) * slices.width + (x + l) / dw]
                }
                return v
            }
            let half = floats / 2
            for i in 0..<half {
                spectrum[i] *= scale
                spectrum[half + i] *= -scale  // conjugate: correlation, not convolution
            }
        }
    }

    deinit { spectra.deallocate() }

    /// Rows per band: whole tile rows (one at least, more if the budget allows).
    func bandRows(budgetRows: Int) -> Int { max(1, budgetRows / rowsPerTile) * rowsPerTile }

    /// Spectra of the tile's input channels (conv: every channel; depthwise: one), one for the sum, and the transform's work.
    func workFloats(rows: Int) -> Int {
        let inputs: Int
        if case .conv = kind { inputs = channels } else { inputs = 1 }
        return (inputs + 1) * transform.spectrumFloats + transform.workFloats
    }

    func compute(band: UnsafePointer<Float>, layout: PaddedBandLayout, rows: Int, into output: UnsafeMutablePointer<Float>,
                 work: UnsafeMutablePointer<Float>) {
        let bandRows = layout.rowCount(outputRows: rows)
        let floats = transform.spectrumFloats
        let inputs: Int
        if case .conv = kind { inputs = channels } else { inputs = 1 }
        let sum = work + inputs * floats, transformWork = sum + floats
        let neededRows = (rows - 1) * strideH + 1, neededColumns = (outWidth - 1) * strideW + 1
        for ty in stride(from: 0, to: neededRows, by: validRows) {
            for tx in stride(from: 0, to: neededColumns, by: validColumns) {
                // Values of input channel c in this tile (zeros past the band).
                func load(_ c: Int, into spectrum: UnsafeMutablePointer<Float>) {
                    transform.forward(into: spectrum, work: transformWork) { y, x in
                        var v = SIMD8<Float>()
                        let row = ty + y
                        guard row < bandRows else { return v }
                        let base = band + row * layout.rowStride + c + (tx + x) * channels
                        let count = min(8, layout.columns - (tx + x))
                        if count == 8 && channels == 1 { return UnsafeRawPointer(base).loadUnaligned(as: SIMD8<Float>.self) }
                        for l in 0..<max(0, count) { v[l] = base[l * channels] }
                        return v
                    }
                }
                func store(_ spectrum: UnsafeMutablePointer<Float>, output o: Int) {
                    let biasValue = bias[o]
                    // Stride-1 position (sy, sx) of the tile is output (r, j) when both fall on the stride.
                    func put(_ sy: Int, _ x: Int, _ values: SIMD8<Float>) {
                        guard sy < validRows else { return }
                        if strideH == 1 && strideW == 1 {
                            let r = ty + sy
                            guard r < rows else { return }
                            let target = output + (r * outWidth + tx + x) * outChannels + o
                            let count = min(8, validColumns - x, outWidth - tx - x)
                            for l in 0..<max(0, count) { target[l * outChannels] = values[l] + biasValue }
                            return
                        }
                        guard (ty + sy) % strideH == 0 else { return }
                        let r = (ty + sy) / strideH
                        guard r < rows else { return }
                        let target = output + r * outWidth * outChannels + o
                        for l in 0..<8 {
                            let sx = x + l
                            guard sx < validColumns, (tx + sx) % strideW == 0 else { continue }
                            let j = (tx + sx) / strideW
                            if j < outWidth { target[j * outChannels] = values[l] + biasValue }
                        }
                    }
                    transform.inverse(spectrum, work: transformWork) { y, x, even, odd in
                        put(y, x, even)
                        put(y + 1, x, odd)
                    }
                }
                switch kind {
                case .depthwise(let multiplier):
                    for c in 0..<channels {
                        load(c, into: work)
                        for m in 0..<multiplier {
                            multiply(work, spectra + (c * multiplier + m) * floats, into: sum, accumulate: false)
                            store(sum, output: c * multiplier + m)
                        }
                    }
                case .conv:
                    for c in 0..<channels { load(c, into: work + c * floats) }
                    for k in 0..<outChannels {
                        for c in 0..<channels {
                            multiply(work + c * floats, spectra + (k * channels + c) * floats, into: sum, accumulate: c > 0)
                        }
                        store(sum, output: k)
                    }
                }
            }
        }
    }

    /// sum (+)= a · b, complex, over the real frequencies.
    private func multiply(_ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>, into sum: UnsafeMutablePointer<Float>, accumulate: Bool) {
        let plane = transform.width * transform.paddedK
        let vectorsPerPlane = plane / 8
        let (ar, ai) = (vectors(a), vectors(a + plane)), (br, bi) = (vectors(b), vectors(b + plane))
        let (sr, si) = (vectors(sum), vectors(sum + plane))
        for i in 0..<vectorsPerPlane {
            var (r, m) = accumulate ? (sr[i], si[i]) : (SIMD8<Float>(), SIMD8<Float>())
            r = r.addingProduct(ar[i], br[i]).addingProduct(-ai[i], bi[i])
            m = m.addingProduct(ar[i], bi[i]).addingProduct(ai[i], br[i])
            (sr[i], si[i]) = (r, m)
        }
    }

    @inline(__always)
    private func vectors(_ p: UnsafeMutablePointer<Float>) -> UnsafeMutablePointer<SIMD8<Float>> {
        UnsafeMutableRawPointer(p).assumingMemoryBound(to: SIMD8<Float>.self)
    }
}
