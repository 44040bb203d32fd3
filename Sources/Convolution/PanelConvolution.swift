/// The direct SIMD core of conv2D (grouped included): weights packed into panels of 8 or 16 output
/// channels, one register-blocked microkernel per panel over 96-pixel segments of each output row,
/// so a segment's input and one panel's weights stay in L1 while every panel passes over it.
final class PanelConvolution: BandAlgorithm, @unchecked Sendable {
    /// Output pixels per cache segment.
    static let segmentPixels = 96

    /// The packed weights; read-only after init, shared by every worker.
    let packed: PackedFilterBank
    /// Tap offsets in the band; owned here.
    let taps: TapTable
    /// Output columns, horizontal stride and input channels (all groups).
    let outWidth: Int, strideW: Int, inChannels: Int
    /// Whether the column-sharing 3-wide kernel applies (3 wide, stride 1, dilation 1, 8-wide panels).
    let slides3: Bool

    /// Packs `bank` for `groups` groups over bands laid out by `layout`; with `skipZeroTaps` (the sparse
    /// schedule), taps (m, n, c) that are zero in every output channel are left out.
    init(_ bank: FilterBank, groups: Int, geometry: ConvolutionGeometry, layout: PaddedBandLayout, skipZeroTaps: Bool = false) {
        let keep = skipZeroTaps ? Self.nonzeroTaps(bank) : nil
        packed = PackedFilterBank(bank, groups: groups, keep: keep)
        taps = TapTable(geometry, rowStride: layout.rowStride, channels: bank.inChannels, keep: keep)
        outWidth = geometry.outWidth
        strideW = geometry.strideW
        inChannels = geometry.inChannels
        slides3 = keep == nil && packed.panelWidth == 8 && geometry.kernelWidth == 3 && geometry.strideW == 1 && geometry.dilationW == 1
    }

    deinit { taps.deallocate() }

    /// One flag per tap (m, n, c): whether any output channel weighs it.
    static func nonzeroTaps(_ bank: FilterBank) -> [Bool] {
        (0..<(bank.height * bank.width * bank.inChannels)).map { t in
            (0..<bank.outChannels).contains { bank.weights[t * bank.outChannels + $0] != 0 }
        }
    }

    /// The one pixel-stride switch: common strides become compile-time constants, so a block addresses
    /// its pixels from one register with constant displacements.
    func compute(band: UnsafePointer<Float>, layout: PaddedBandLayout, rows: Int, into output: UnsafeMutablePointer<Float>,
                 work: UnsafeMutablePointer<Float>) {
        switch strideW * inChannels {
        case 1: compute(PixelStride1.self, band: band, layout: layout, rows: rows, into: output)
        case 3: compute(PixelStride3.self, band: band, layout: layout, rows: rows, into: output)
        case 6: compute(PixelStride6.self, band: band, layout: layout, rows: rows, into: output)
        case 16: compute(PixelStride16.self, band: band, layout: layout, rows: rows, into: output)
        default: compute(PixelStrideAny.self, band: band, layout: layout, rows: rows, into: output)
        }
    }

    /// Picks the register block once per band.
    private func compute<Stride: PixelStride>(
        _ stride: Stride.Type, band: UnsafePointer<Float>, layout: PaddedBandLayout, rows: Int, into output: UnsafeMutablePointer<Float>
    ) {
        if packed.panelWidth == 16 {
            compute(Microkernel16.self, stride, band: band, layout: layout, rows: rows, into: output)
        } else if slides3 && Stride.fixed != 0 {
            compute(Microkernel8Slide3.self, stride, band: band, layout: layout, rows: rows, into: output)
        } else {
            compute(Microkernel8.self, stride, band: band, layout: layout, rows: rows, into: output)
        }
    }

    /// Every row of the band: every group, every segment, every panel.
    private func compute<Block: RegisterBlock, Stride: PixelStride>(
        _ kernel: Block.Type, _ stride: Stride.Type,
        band: UnsafePointer<Float>, layout: PaddedBandLayout, rows: Int, into output: UnsafeMutablePointer<Float>
    ) {
        let pixelStride = Stride.fixed == 0 ? strideW * inChannels : Stride.fixed
        let outputStride = packed.groups * packed.outChannelsPerGroup
        let width = packed.panelWidth
        for r in 0..<rows {
            let bandRow = band + r * layout.strideH * layout.rowStride
            let outRow = output + r * outWidth * outputStride
            for group in 0..<packed.groups {
                let groupInput = bandRow + group * packed.inChannelsPerGroup
                let groupOutput = outRow + group * packed.outChannelsPerGroup
                var segmentStart = 0
                while segmentStart < outWidth {
                    let segmentEnd = min(outWidth, segmentStart + Self.segmentPixels)
                    for panel in 0..<packed.panelsPerGroup {
                        Self.segment(
                            kernel, stride, segmentStart, segmentEnd, input: groupInput, pixelStride: pixelStride, taps: taps,
                            weights: packed.panelWeights(group: group, panel: panel), bias: packed.panelBias(group: group, panel: panel),
                            output: groupOutput + panel * width, outputStride: outputStride,
                            lanes: min(width, packed.outChannelsPerGroup - panel * width))
                    }
                    segmentStart = segmentEnd
                }
            }
        }
    }

    /// Pixels `start ..< end` of one panel: whole blocks, then one block shifted back to end exactly at
    /// `end` (recomputing a few pixels beats a scalar tail), or single pixels if the segment is shorter
    /// than a block.
    static func segment<Block: RegisterBlock, Stride: PixelStride>(
        _: Block.Type, _ stride: Stride.Type, _ start: Int, _ end: Int, input: UnsafePointer<Float>, pixelStride: Int,
        taps: TapTable, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, outputStride: Int, lanes: Int
    ) {
        let block = Block.pixels
        if end - start < block {
            for j in start..<end {
                Block.single(
                    input: input + j * pixelStride, taps: taps, weights: weights, bias: bias, output: output + j * outputStride, lanes: lanes)
            }
            return
        }
        var j = start
        while true {
            if j + block > end { j = end - block }
            Block.block(
                stride, input: input + j * pixelStride, pixelStride: pixelStride, taps: taps, weights: weights, bias: bias,
                output: output + j * outputStride, outputStride: outputStride, lanes: lanes)
            j += block
            if j >= end { break }
        }
    }
}
