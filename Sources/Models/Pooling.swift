import Convolution
import Essentials

/// MaxPooling2D, AveragePooling2D and the global pools on NHWC arrays. Window placement uses the
/// convolution geometry (TF SAME/VALID); SAME max ignores padded pixels, SAME average divides by the
/// count of real pixels in the window, as TensorFlow does.
enum Pooling {
    static func pool(_ input: ModelArray, _ spec: PoolSpec, layer: String) throws -> ModelArray {
        let x = try input.tensor(for: layer)
        let options = ConvolutionOptions(strides: spec.strides, padding: spec.same ? .same : .valid)
        let g: ConvolutionGeometry
        do {
            g = try ConvolutionGeometry(inputShape: x.shape, kernelHeight: spec.size.height, kernelWidth: spec.size.width, options: options)
        } catch {
            throw ModelFault("layer '\(layer)': \(error)")
        }
        let (n, h, w, c) = (x.batch, x.height, x.width, x.channels)
        let (oh, ow) = (g.outHeight, g.outWidth)
        var output = [Float](repeating: 0, count: n * oh * ow * c)
        x.scalars.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                let src = UncheckedSendable(source.baseAddress!), dst = UncheckedSendable(target.baseAddress!)
                ParallelWork.run(n * oh, scratchFloats: c) { item, scratch in
                    let b = item / oh, oy = item % oh
                    let y0 = oy * g.strideH - g.rows.padBefore
                    let yStart = max(0, y0), yEnd = min(h, y0 + spec.size.height)
                    for ox in 0..<ow {
                        let x0 = ox * g.strideW - g.cols.padBefore
                        let xStart = max(0, x0), xEnd = min(w, x0 + spec.size.width)
                        for k in 0..<c { scratch[k] = spec.average ? 0 : -.infinity }
                        for yy in yStart..<yEnd {
                            for xx in xStart..<xEnd {
                                let pixel = src.value + ((b * h + yy) * w + xx) * c
                                if spec.average {
                                    for k in 0..<c { scratch[k] += pixel[k] }
                                } else {
                                    for k in 0..<c { scratch[k] = max(scratch[k], pixel[k]) }
                                }
                            }
                        }
                        let out = dst.value + ((b * oh + oy) * ow + ox) * c
                        let count = Float((yEnd - yStart) * (xEnd - xStart))
                        for k in 0..<c { out[k] = spec.average ? scratch[k] / count : scratch[k] }
                    }
                }
            }
        }
        return ModelArray(unchecked: [n, oh, ow, c], output)
    }

    /// Mean or maximum over height and width per channel: `[N, C]`, or `[N, 1, 1, C]` with keepdims.
    static func global(_ input: ModelArray, average: Bool, keepDims: Bool, layer: String) throws -> ModelArray {
        let x = try input.tensor(for: layer)
        let (n, pixels, c) = (x.batch, x.height * x.width, x.channels)
        var output = [Float](repeating: average ? 0 : -.infinity, count: n * c)
        for b in 0..<n {
            for p in 0..<pixels {
                let base = (b * pixels + p) * c
                for k in 0..<c {
                    output[b * c + k] = average ? output[b * c + k] + x.scalars[base + k] : max(output[b * c + k], x.scalars[base + k])
                }
            }
            if average { for k in 0..<c { output[b * c + k] /= Float(pixels) } }
        }
        return ModelArray(unchecked: keepDims ? [n, 1, 1, c] : [n, c], output)
    }
}
