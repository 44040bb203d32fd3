import Essentials
/// The fast tf.nn.conv2d: padding as its own step (a per-worker padded band), weights packed once
/// into SIMD panels, a register-blocked microkernel over runs of output pixels, and both cores busy
/// on row bands of every image in the batch. Same results as `ReferenceConvolution.conv2D` up to
/// float summation order.
enum FastConvolution {
    /// Output pixels per cache segment: the segment's input and one panel's weights stay in L1 while
    /// every panel passes over it.
    static let segmentPixels = 96
    /// Scratch budget per worker, in floats (≈ 512 KB: the band stays in L2).
    static let bandBudgetFloats = 128 * 1024

    /// tf.nn.conv2d on the fast core into `output`, whose storage is reused when it already has the
    /// result's shape and is uniquely referenced (no page faults or zeroing on repeated calls);
    /// throws exactly what the reference throws, before touching `output`.
    static func conv2D(_ input: Tensor, _ bank: FilterBank, options: ConvolutionOptions, into output: inout Tensor) throws {
        let geometry = try ConvolutionGeometry(
            inputShape: input.shape, kernelHeight: bank.height, kernelWidth: bank.width, options: options)
        let groups = try ReferenceConvolution.groupCount(inputChannels: input.channels, bank: bank)
        guard PaddedBandLayout.fits(geometry) else {
            output = try ReferenceConvolution.conv2D(input, bank, options: options)
            return
        }
        let outShape = [geometry.batch, geometry.outHeight, geometry.outWidth, bank.outChannels]
        try prepare(&output, shape: outShape)
        if output.scalars.isEmpty { return }
        let packed = PackedFilterBank(bank, groups: groups)
        input.scalars.withUnsafeBufferPointer { source in
            output.scalars.withUnsafeMutableBufferPointer { target in
                run(geometry, packed: packed, input: source.baseAddress!, output: target.baseAddress!)
            }
        }
    }

    /// Makes `output` a tensor of `shape` whose values are about to be overwritten: kept as is when it
    /// already fits, otherwise fresh uninitialised storage (advised for huge pages), never zero-filled.
    static func prepare(_ output: inout Tensor, shape: [Int]) throws {
        if output.shape == shape { return }
        let (count, overflow) = Tensor.elementCount(shape)
        guard !overflow else { throw ConvolutionError.invalidShape("output shape \(shape) is too large") }
        let scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            HugePageAdvice.advise(buffer)
            // Only memory is reserved here; every element is written by the convolution that follows.
            initialized = count
        }
        output = try Tensor(shape: shape, scalars: scalars)
    }

    /// The schedule: work items are (image, band of output rows), claimed by the workers.
    static func run(
        _ g: ConvolutionGeometry, packed: borrowing PackedFilterBank,
        input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>
    ) {
        let readColumns = (g.outWidth - 1) * g.strideW + (g.kernelWidth - 1) * g.dilationW + 1
        let layout = PaddedBandLayout(g, readColumns: readColumns)
        let bandRows = layout.bandRows(batch: g.batch, outHeight: g.outHeight, budgetFloats: bandBudgetFloats)

        // Tap offsets inside the band, in the packed weights' (m, n, c) order.
        var taps = [Int]()
        taps.reserveCapacity(packed.tapCount)
        for m in 0..<g.kernelHeight {
            for n in 0..<g.kernelWidth {
                for c in 0..<packed.inChannelsPerGroup {
                    taps.append(m * g.dilationH * layout.rowStride + n * g.dilationW * g.inChannels + c)
                }
            }
        }
        let rowOffsets = (0..<g.kernelHeight).map { $0 * g.dilationH * layout.rowStride }
        let tapTables = Taps(offsets: taps, rowOffsets: rowOffsets)
        switch g.strideW * g.inChannels {
        case 1: run(PixelStride1.self, g, packed: packed, input: input, output: output, layout: layout, taps: tapTables, bandRows: bandRows)
        case 3: run(PixelStride3.self, g, packed: packed, input: input, output: output, layout: layout, taps: tapTables, bandRows: bandRows)
        case 6: run(PixelStride6.self, g, packed: packed, input: input, output: output, layout: layout, taps: tapTables, bandRows: bandRows)
        case 16: run(PixelStride16.self, g, packed: packed, input: input, output: output, layout: layout, taps: tapTables, bandRows: bandRows)
        default: run(PixelStrideAny.self, g, packed: packed, input: input, output: output, layout: layout, taps: tapTables, bandRows: bandRows)
        }
    }

    /// The parallel loop, specialised for one pixel stride.
    static func run<Stride: PixelStride>(
        _ stride: Stride.Type, _ g: ConvolutionGeometry, packed: borrowing PackedFilterBank,
        input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        layout: PaddedBandLayout, taps: Taps, bandRows: Int
    ) {
        let bandsPerImage = (g.outHeight + bandRows - 1) / bandRows
        let scratchFloats = layout.rowCount(outputRows: bandRows) * layout.rowStride
        let imageFloats = g.inHeight * g.inWidth * g.inChannels
        let outRowFloats = g.outWidth * packed.groups * packed.outChannelsPerGroup
        taps.offsets.withUnsafeBufferPointer { tapBuffer in
          taps.rowOffsets.withUnsafeBufferPointer { rowBuffer in
            let tapTable = tapBuffer.baseAddress!
            let rowTable = rowBuffer.baseAddress!
            ParallelWork.run(g.batch * bandsPerImage, scratchFloats: scratchFloats) { item, scratch in
                let image = item / bandsPerImage
                let firstRow = (item % bandsPerImage) * bandRows
                let rows = min(bandRows, g.outHeight - firstRow)
                layout.fill(scratch, image: input + image * imageFloats, firstRow: firstRow, outputRows: rows)
                for r in 0..<rows {
                    let bandRow = UnsafePointer(scratch + r * g.strideH * layout.rowStride)
                    let outRow = output + (image * g.outHeight + firstRow + r) * outRowFloats
                    convolveRow(
                        stride, g, packed: packed, band: bandRow, taps: tapTable, rowOffsets: rowTable, output: outRow,
                        outputStride: outRowFloats / g.outWidth)
                }
            }
          }
        }
    }

    /// One output row: every group, every panel, in cache segments of output pixels.
    @inline(__always)
    static func convolveRow<Stride: PixelStride>(
        _ stride: Stride.Type,
        _ g: ConvolutionGeometry, packed: borrowing PackedFilterBank, band: UnsafePointer<Float>,
        taps: UnsafePointer<Int>, rowOffsets: UnsafePointer<Int>, output: UnsafeMutablePointer<Float>, outputStride: Int
    ) {
        let pixelStride = Stride.fixed == 0 ? g.strideW * g.inChannels : Stride.fixed
        let width = packed.panelWidth
        // 3-wide kernels sliding one pixel at a time share input columns between neighbouring pixels.
        let slide3 = width == 8 && Stride.fixed != 0 && g.kernelWidth == 3 && g.strideW == 1 && g.dilationW == 1
        for group in 0..<packed.groups {
            let groupInput = band + group * packed.inChannelsPerGroup
            let groupOutput = output + group * packed.outChannelsPerGroup
            var segmentStart = 0
            while segmentStart < g.outWidth {
                let segmentEnd = min(g.outWidth, segmentStart + segmentPixels)
                for panel in 0..<packed.panelsPerGroup {
                    let lanes = min(width, packed.outChannelsPerGroup - panel * width)
                    let weights = packed.panelWeights(group: group, panel: panel)
                    let bias = packed.panelBias(group: group, panel: panel)
                    let panelOutput = groupOutput + panel * width
                    if width == 16 {
                        segment16(
                            stride, segmentStart, segmentEnd, input: groupInput, pixelStride: pixelStride, taps: taps,
                            tapCount: packed.tapCount, weights: weights, bias: bias, output: panelOutput,
                            outputStride: outputStride, lanes: lanes)
                    } else if slide3 {
                        segment8Slide3(
                            stride, segmentStart, segmentEnd, input: groupInput, taps: taps, rowOffsets: rowOffsets,
                            rows: g.kernelHeight, channels: packed.inChannelsPerGroup, tapCount: packed.tapCount,
                            weights: weights, bias: bias, output: panelOutput, outputStride: outputStride, lanes: lanes)
                    } else {
                        segment8(
                            stride, segmentStart, segmentEnd, input: groupInput, pixelStride: pixelStride, taps: taps,
                            tapCount: packed.tapCount, weights: weights, bias: bias, output: panelOutput,
                            outputStride: outputStride, lanes: lanes)
                    }
                }
                segmentStart = segmentEnd
            }
        }
    }

    /// Pixels `start ..< end` of one 16-channel panel: whole blocks, then one block shifted back to
    /// end exactly at `end` (recomputing a few pixels beats a scalar tail), or single pixels if the
    /// segment is shorter than a block.
    static func segment16<Stride: PixelStride>(
        _ stride: Stride.Type,
        _ start: Int, _ end: Int, input: UnsafePointer<Float>, pixelStride: Int, taps: UnsafePointer<Int>,
        tapCount: Int, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, outputStride: Int, lanes: Int
    ) {
        let block = Microkernel16.pixels
        if end - start < block {
            for j in start..<end {
                Microkernel16.single(
                    input: input + j * pixelStride, taps: taps, tapCount: tapCount, weights: weights, bias: bias,
                    output: output + j * outputStride, lanes: lanes)
            }
            return
        }
        var j = start
        while true {
            if j + block > end { j = end - block }
            Microkernel16.block(
                stride,
                input: input + j * pixelStride, pixelStride: pixelStride, taps: taps, tapCount: tapCount,
                weights: weights, bias: bias, output: output + j * outputStride, outputStride: outputStride, lanes: lanes)
            j += block
            if j >= end { break }
        }
    }

    /// `segment16` for 8-channel panels.
    static func segment8<Stride: PixelStride>(
        _ stride: Stride.Type,
        _ start: Int, _ end: Int, input: UnsafePointer<Float>, pixelStride: Int, taps: UnsafePointer<Int>,
        tapCount: Int, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, outputStride: Int, lanes: Int
    ) {
        let block = Microkernel8.pixels
        if end - start < block {
            for j in start..<end {
                Microkernel8.single(
                    input: input + j * pixelStride, taps: taps, tapCount: tapCount, weights: weights, bias: bias,
                    output: output + j * outputStride, lanes: lanes)
            }
            return
        }
        var j = start
        while true {
            if j + block > end { j = end - block }
            Microkernel8.block(
                stride,
                input: input + j * pixelStride, pixelStride: pixelStride, taps: taps, tapCount: tapCount,
                weights: weights, bias: bias, output: output + j * outputStride, outputStride: outputStride, lanes: lanes)
            j += block
            if j >= end { break }
        }
    }

    /// `segment8` with the column-sharing 3-wide kernel (stride 1, dilation 1, compile-time pixel stride).
    static func segment8Slide3<Stride: PixelStride>(
        _ stride: Stride.Type,
        _ start: Int, _ end: Int, input: UnsafePointer<Float>, taps: UnsafePointer<Int>, rowOffsets: UnsafePointer<Int>,
        rows: Int, channels: Int, tapCount: Int, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, outputStride: Int, lanes: Int
    ) {
        let pixelStride = Stride.fixed
        let block = Microkernel8Slide3.pixels
        if end - start < block {
            for j in start..<end {
                Microkernel8.single(
                    input: input + j * pixelStride, taps: taps, tapCount: tapCount, weights: weights, bias: bias,
                    output: output + j * outputStride, lanes: lanes)
            }
            return
        }
        var j = start
        while true {
            if j + block > end { j = end - block }
            Microkernel8Slide3.block(
                stride, input: input + j * pixelStride, pixelStride: pixelStride, rowOffsets: rowOffsets, rows: rows,
                channels: channels, weights: weights, bias: bias, output: output + j * outputStride,
                outputStride: outputStride, lanes: lanes)
            j += block
            if j >= end { break }
        }
    }
}

/// Where each tap reads inside the padded band: one offset per (m, n, c) in packed order, and the
/// start of each kernel row m.
struct Taps {
    /// Offsets of the taps (m, n, c) from a pixel's first input value.
    let offsets: [Int]
    /// Offsets of the kernel rows m.
    let rowOffsets: [Int]
}
