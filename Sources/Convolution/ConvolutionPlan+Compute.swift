import Essentials
/// Running a plan: whole tensors on every core, or any band of output rows into a caller buffer, from
/// a float tensor or from 8/16-bit samples (converted inside the band fill).
extension ConvolutionPlan {
    /// Floats in one output row (`outWidth · K`).
    package var rowFloats: Int { outputShape[2] * outputShape[3] }

    /// Scratch floats `compute` needs for bands of up to `rows` output rows: the padded band (rounded
    /// to whole cache lines), then the algorithm's own working memory.
    package func scratchFloats(rows: Int) -> Int {
        guard case .banded(let layout, let algorithm) = schedule else { return 1 }
        return Self.alignedFloats(layout.scratchFloats(outputRows: rows)) + algorithm.workFloats(rows: max(1, rows))
    }

    /// Output rows per band for a caller whose output buffer holds `budgetFloats` floats: what fits,
    /// or more where the algorithm needs taller bands to be efficient (passes and tiles with a tall
    /// kernel), never more than the image's rows.
    package func bandRows(budgetFloats: Int) -> Int {
        let height = outputShape[1]
        let fitting = max(1, min(height, budgetFloats / max(1, rowFloats)))
        guard case .banded(_, let algorithm) = schedule else { return fitting }
        return max(1, min(height, algorithm.bandRows(budgetRows: fitting)))
    }

    /// The whole result into `output`, every core busy on bands of every image; `output`'s storage is
    /// reused when it already has the result's shape (no allocation, page faults or zeroing on repeated
    /// calls), otherwise replaced. Throws, before touching `output`, if `input` is not of `inputShape`.
    public func convolve(_ input: Tensor, into output: inout Tensor) throws {
        try convolve(.float(input), into: &output)
    }

    /// `convolve` from a float tensor or from 8/16-bit samples: the result equals that of the samples' float tensor.
    public func convolve(_ input: ConvolutionInput, into output: inout Tensor) throws {
        guard input.shape == inputShape else {
            throw ConvolutionError.invalidShape("the plan is for inputs of shape \(inputShape), got \(input.shape)")
        }
        try Self.prepare(&output, shape: outputShape)
        guard !output.scalars.isEmpty else { return }
        let (height, rowFloats) = (outputShape[1], self.rowFloats)
        let bandRows: Int
        if case .banded(let layout, let algorithm) = schedule {
            let budget = layout.bandRows(batch: geometry.batch, outHeight: height, budgetFloats: Self.bandBudgetFloats)
            bandRows = max(1, min(height, algorithm.bandRows(budgetRows: budget)))
        } else {
            bandRows = 1
        }
        let bandsPerImage = (height + bandRows - 1) / bandRows
        output.scalars.withUnsafeMutableBufferPointer { target in
            let base = target.baseAddress!
            ParallelWork.run(geometry.batch * bandsPerImage, scratchFloats: scratchFloats(rows: bandRows)) { item, scratch in
                let image = item / bandsPerImage
                let first = (item % bandsPerImage) * bandRows
                compute(input, image: image, rows: first..<min(height, first + bandRows),
                        into: base + (image * height + first) * rowFloats, scratch: scratch)
            }
        }
    }

    /// Writes output rows `rows` of image `image` of `input` to `output` (`rows.count · rowFloats` floats,
    /// row-major `[rows, outWidth, K]`), using `scratch` (`scratchFloats(rows: rows.count)` floats).
    package func compute(_ input: Tensor, image: Int, rows: Range<Int>, into output: UnsafeMutablePointer<Float>,
                         scratch: UnsafeMutablePointer<Float>) {
        compute(.float(input), image: image, rows: rows, into: output, scratch: scratch)
    }

    /// `compute` from any input: a float tensor, or 8/16-bit samples converted in the band fill.
    package func compute(_ input: ConvolutionInput, image: Int, rows: Range<Int>, into output: UnsafeMutablePointer<Float>,
                         scratch: UnsafeMutablePointer<Float>) {
        precondition(input.shape == inputShape, "the input must have the plan's shape")
        precondition(image >= 0 && image < outputShape[0], "image outside the batch")
        let imageSamples = geometry.inHeight * geometry.inWidth * geometry.inChannels
        switch input {
        case .float(let tensor):
            if case .referenceConv = schedule { return reference(tensor, image: image, rows: rows, into: output) }
            if case .referenceDepthwise = schedule { return reference(tensor, image: image, rows: rows, into: output) }
            tensor.scalars.withUnsafeBufferPointer { compute(image: $0.baseAddress.map { $0 + image * imageSamples }, rows: rows, into: output, scratch: scratch) }
        case .uint8(let samples):
            samples.samples.withUnsafeBufferPointer { compute(image: $0.baseAddress.map { $0 + image * imageSamples }, rows: rows, into: output, scratch: scratch) }
        case .uint16(let samples):
            samples.samples.withUnsafeBufferPointer { compute(image: $0.baseAddress.map { $0 + image * imageSamples }, rows: rows, into: output, scratch: scratch) }
        }
    }

    /// Output rows `rows` of the one image whose first sample `image` points at (nil for an image with
    /// no pixels), as `compute` writes them; the pointer API the batch job's decoder feeds.
    package func compute<Sample: BandSample>(image: UnsafePointer<Sample>?, rows: Range<Int>, into output: UnsafeMutablePointer<Float>,
                                             scratch: UnsafeMutablePointer<Float>) {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= outputShape[1], "rows outside the output")
        guard !rows.isEmpty, rowFloats > 0 else { return }
        switch schedule {
        case .banded(let layout, let algorithm):
            if let image {
                layout.fill(scratch, image: image, firstRow: rows.lowerBound, outputRows: rows.count)
            } else {
                // An image with no pixels (explicit padding around a zero-size axis) pads to zeros.
                scratch.update(repeating: 0, count: layout.rowCount(outputRows: rows.count) * layout.rowStride)
            }
            let work = scratch + Self.alignedFloats(layout.scratchFloats(outputRows: rows.count))
            algorithm.compute(band: UnsafePointer(scratch), layout: layout, rows: rows.count, into: output, work: work)
            addBias(rows: rows.count, to: output)
        case .referenceConv, .referenceDepthwise:
            // Only absurd geometries run here; they read the one image as floats.
            let count = geometry.inHeight * geometry.inWidth * geometry.inChannels
            var floats = [Float](repeating: 0, count: count)
            if let image { floats.withUnsafeMutableBufferPointer { Sample.convert(image, count: count, to: $0.baseAddress!) } }
            let tensor = try! Tensor(shape: [1] + inputShape.dropFirst(), scalars: floats)
            reference(tensor, image: 0, rows: rows, into: output)
        }
    }

    /// The reference loops for image `image` of `input`.
    private func reference(_ input: Tensor, image: Int, rows: Range<Int>, into output: UnsafeMutablePointer<Float>) {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= outputShape[1], "rows outside the output")
        guard !rows.isEmpty, rowFloats > 0 else { return }
        switch schedule {
        case .referenceConv(let bank, let groups, let border):
            ReferenceConvolution.conv2DRows(input, bank, groups: groups, geometry, border: border, image: image, rows: rows, into: output)
        case .referenceDepthwise(let filter, let border):
            ReferenceConvolution.depthwiseRows(input, filter, geometry, border: border, image: image, rows: rows, into: output)
        case .banded:
            preconditionFailure("banded plans fill their bands")
        }
        addBias(rows: rows.count, to: output)
    }

    /// Adds the depthwise bias: rows hold whole pixels, so value i of the band is channel i % K, as in the whole tensor.
    private func addBias(rows: Int, to output: UnsafeMutablePointer<Float>) {
        guard let bias else { return }
        let count = rows * rowFloats, channels = bias.count
        bias.withUnsafeBufferPointer { b in
            var i = 0
            while i < count {
                for k in 0..<channels { output[i + k] += b[k] }
                i += channels
            }
        }
    }

    /// `floats` rounded up to a whole number of 64-byte lines.
    static func alignedFloats(_ floats: Int) -> Int { (floats + 15) / 16 * 16 }
}
