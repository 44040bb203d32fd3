import Essentials
/// The fast tf.nn.depthwise_conv2d. The photo-mode case (multiplier 1, horizontal stride 1) runs along
/// the flattened padded row: output value x·C + c reads input x·C + c + (tap offset), so whole SIMD8
/// vectors of consecutive values load contiguously, and the weight vector of each tap is periodic in
/// c (one precomputed vector per tap and phase). Every other case is a grouped conv2D with one
/// in-channel per group, which tf.nn.depthwise_conv2d is by definition.
enum FastDepthwise {
    /// Largest channel count whose per-phase weight table is built (C phases × taps vectors).
    static let maxRowChannels = 64

    /// tf.nn.depthwise_conv2d into `output` (storage reused when the shape fits); throws what the reference throws.
    static func depthwiseConv2D(_ input: Tensor, _ filter: DepthwiseFilter, options: ConvolutionOptions, into output: inout Tensor) throws {
        guard input.channels == filter.channels else {
            throw ConvolutionError.channelMismatch(
                "depthwise filter has \(filter.channels) channels but the input has \(input.channels)")
        }
        let geometry = try ConvolutionGeometry(
            inputShape: input.shape, kernelHeight: filter.height, kernelWidth: filter.width, options: options)
        guard PaddedBandLayout.fits(geometry) else {
            output = try ReferenceConvolution.depthwiseConv2D(input, filter, options: options)
            return
        }
        guard filter.multiplier == 1, geometry.strideW == 1, filter.channels <= maxRowChannels else {
            // [fh, fw, C, M] read as HWIO [fh, fw, 1, C·M] is the same memory: output c·M + k in group c.
            let bank = try FilterBank(
                height: filter.height, width: filter.width, inChannels: 1, outChannels: filter.channels * filter.multiplier,
                weights: filter.weights)
            try FastConvolution.conv2D(input, bank, options: options, into: &output)
            return
        }
        try FastConvolution.prepare(&output, shape: [geometry.batch, geometry.outHeight, geometry.outWidth, filter.channels])
        if output.scalars.isEmpty { return }
        let table = PhaseWeights(filter)
        input.scalars.withUnsafeBufferPointer { source in
            output.scalars.withUnsafeMutableBufferPointer { target in
                run(geometry, weights: table, raw: filter.weights, input: source.baseAddress!, output: target.baseAddress!)
            }
        }
    }

    /// Bands of rows of every image, on every core.
    static func run(
        _ g: ConvolutionGeometry, weights: borrowing PhaseWeights, raw: [Float],
        input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>
    ) {
        let readColumns = g.outWidth + (g.kernelWidth - 1) * g.dilationW
        let layout = PaddedBandLayout(g, readColumns: readColumns)
        let bandRows = layout.bandRows(batch: g.batch, outHeight: g.outHeight, budgetFloats: FastConvolution.bandBudgetFloats)
        let bandsPerImage = (g.outHeight + bandRows - 1) / bandRows
        var taps = [Int]()
        for m in 0..<g.kernelHeight {
            for n in 0..<g.kernelWidth { taps.append(m * g.dilationH * layout.rowStride + n * g.dilationW * g.inChannels) }
        }
        let imageFloats = g.inHeight * g.inWidth * g.inChannels
        let rowFloats = g.outWidth * g.inChannels
        taps.withUnsafeBufferPointer { tapBuffer in
            raw.withUnsafeBufferPointer { rawBuffer in
                let tapTable = tapBuffer.baseAddress!
                let rawWeights = rawBuffer.baseAddress!
                ParallelWork.run(g.batch * bandsPerImage, scratchFloats: layout.rowCount(outputRows: bandRows) * layout.rowStride) {
                    item, scratch in
                    let image = item / bandsPerImage
                    let firstRow = (item % bandsPerImage) * bandRows
                    let rows = min(bandRows, g.outHeight - firstRow)
                    layout.fill(scratch, image: input + image * imageFloats, firstRow: firstRow, outputRows: rows)
                    for r in 0..<rows {
                        convolveRow(
                            UnsafePointer(scratch + r * g.strideH * layout.rowStride), length: rowFloats,
                            output: output + (image * g.outHeight + firstRow + r) * rowFloats,
                            taps: tapTable, weights: weights, raw: rawWeights)
                    }
                }
            }
        }
    }

    /// One flattened output row of `length` values: 4 vectors at a time, then single vectors, then scalars.
    @inline(__always)
    static func convolveRow(
        _ row: UnsafePointer<Float>, length: Int, output: UnsafeMutablePointer<Float>, taps: UnsafePointer<Int>,
        weights: borrowing PhaseWeights, raw: UnsafePointer<Float>
    ) {
        let tapCount = weights.tapCount
        let channels = weights.channels
        var f = 0
        var phase = 0
        while f + 32 <= length {
            let phase1 = weights.advance(phase), phase2 = weights.advance(phase1), phase3 = weights.advance(phase2)
            let w0 = weights.vectors(phase: phase), w1 = weights.vectors(phase: phase1)
            let w2 = weights.vectors(phase: phase2), w3 = weights.vectors(phase: phase3)
            var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
            let base = UnsafeRawPointer(row + f)
            for t in 0..<tapCount {
                let offset = taps[t] &* 4
                let w = t &* 32
                a0 = a0.addingProduct(base.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self), w0.loadUnaligned(fromByteOffset: w, as: SIMD8<Float>.self))
                a1 = a1.addingProduct(base.loadUnaligned(fromByteOffset: offset + 32, as: SIMD8<Float>.self), w1.loadUnaligned(fromByteOffset: w, as: SIMD8<Float>.self))
                a2 = a2.addingProduct(base.loadUnaligned(fromByteOffset: offset + 64, as: SIMD8<Float>.self), w2.loadUnaligned(fromByteOffset: w, as: SIMD8<Float>.self))
                a3 = a3.addingProduct(base.loadUnaligned(fromByteOffset: offset + 96, as: SIMD8<Float>.self), w3.loadUnaligned(fromByteOffset: w, as: SIMD8<Float>.self))
            }
            let out = UnsafeMutableRawPointer(output + f)
            out.storeBytes(of: a0, as: SIMD8<Float>.self)
            out.storeBytes(of: a1, toByteOffset: 32, as: SIMD8<Float>.self)
            out.storeBytes(of: a2, toByteOffset: 64, as: SIMD8<Float>.self)
            out.storeBytes(of: a3, toByteOffset: 96, as: SIMD8<Float>.self)
            f += 32
            phase = weights.advance(phase3)
        }
        while f + 8 <= length {
            let w0 = weights.vectors(phase: phase)
            var a0 = SIMD8<Float>()
            let base = UnsafeRawPointer(row + f)
            for t in 0..<tapCount {
                a0 = a0.addingProduct(
                    base.loadUnaligned(fromByteOffset: taps[t] &* 4, as: SIMD8<Float>.self),
                    w0.loadUnaligned(fromByteOffset: t &* 32, as: SIMD8<Float>.self))
            }
            UnsafeMutableRawPointer(output + f).storeBytes(of: a0, as: SIMD8<Float>.self)
            f += 8
            phase = weights.advance(phase)
        }
        while f < length {
            let c = f % channels
            var sum: Float = 0
            for t in 0..<tapCount { sum += row[f + taps[t]] * raw[t * channels + c] }
            output[f] = sum
            f += 1
        }
    }
}

/// Depthwise weights (multiplier 1) as SIMD8 vectors per tap and phase: lane l of phase p's vector for
/// tap t is w[t, (p + l) mod C], the weight of the value 8 lanes of a flattened row starting at channel p.
struct PhaseWeights: ~Copyable {
    /// Input channels C (the period of the weights along a flattened row).
    let channels: Int
    /// Taps per kernel: height · width.
    let tapCount: Int
    /// How far the phase moves per 8 values: 8 mod C.
    let step: Int
    /// `C · tapCount · 8` floats.
    let storage: UnsafeMutablePointer<Float>

    /// Builds every phase's vectors for a multiplier-1 filter.
    init(_ filter: DepthwiseFilter) {
        channels = filter.channels
        tapCount = filter.height * filter.width
        step = 8 % filter.channels
        storage = UnsafeMutablePointer<Float>.allocate(capacity: channels * tapCount * 8)
        for phase in 0..<channels {
            for t in 0..<tapCount {
                for lane in 0..<8 {
                    storage[(phase * tapCount + t) * 8 + lane] = filter.weights[t * channels + (phase + lane) % channels]
                }
            }
        }
    }

    /// The phase 8 values further along the row.
    @inline(__always)
    func advance(_ phase: Int) -> Int {
        let next = phase + step
        return next >= channels ? next - channels : next
    }

    /// The tap vectors of one phase.
    @inline(__always)
    func vectors(phase: Int) -> UnsafeRawPointer { UnsafeRawPointer(storage + phase * tapCount * 8) }

    deinit { storage.deallocate() }
}
