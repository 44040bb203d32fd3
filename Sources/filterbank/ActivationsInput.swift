import Essentials
import Foundation
import ImageCodecs
import Models

/// How `activations` turns one INPUT into a model batch: `.npy` NHWC tensors as stored, images decoded
/// as `apply` decodes them (EXIF-upright, 0…255), converted to the model's channel count, resized to
/// the model's fixed input size and then scaled (x·S + B).
struct ActivationsInput {
    /// The batch and, for images, the picture shown first on each sheet.
    let batch: ModelArray
    let pictures: [Tensor]

    static func load(_ path: String, model: KerasModel, resize: ResizeChoice, scale: Float, offset: Float, maxPixels: Int) throws -> ActivationsInput {
        let shape = model.inputShape
        if (path as NSString).pathExtension.lowercased() == "npy" {
            let array = try NPYFile.read(path: path)
            let nhwc = array.shape.count == shape.count ? [1] + array.shape : array.shape
            let batch = try ModelArray(shape: nhwc, values: array.values)
            return ActivationsInput(batch: batch, pictures: [])
        }
        guard shape.count == 3 else {
            throw InputFault("the model input has shape \(shape); images can only feed an [H, W, C] input (give a .npy)")
        }
        let channels = shape[2] ?? 3
        let policy: ChannelPolicy
        switch channels {
        case 1: policy = .gray
        case 3: policy = .rgb
        default: policy = .keep
        }
        var image = try ImageDecoder.decode(path: path, options: DecodeOptions(channels: policy, maxPixels: maxPixels)).tensor
        guard image.channels == channels else {
            throw InputFault("the image has \(image.channels) channels; the model needs \(channels)")
        }
        let picture = image
        let height = shape[0] ?? image.height, width = shape[1] ?? image.width
        if height != image.height || width != image.width {
            guard resize == .bilinear else {
                throw InputFault("the image is \(image.width)x\(image.height) but the model takes \(width)x\(height), and --resize is off")
            }
            image = try bilinear(image, height: height, width: width)
        }
        var values = image.scalars
        if scale != 1 || offset != 0 { for i in values.indices { values[i] = values[i] * scale + offset } }
        return ActivationsInput(batch: try ModelArray(shape: image.shape, values: values), pictures: [picture])
    }

    /// tf.image.resize bilinear (half_pixel_centers, no antialias) of a one-image tensor.
    static func bilinear(_ image: Tensor, height: Int, width: Int) throws -> Tensor {
        let (h, w, c) = (image.height, image.width, image.channels)
        func taps(_ out: Int, _ size: Int, _ target: Int) -> (Int, Int, Float) {
            let position = (Float(out) + 0.5) * Float(size) / Float(target) - 0.5
            let low = position.rounded(.down)
            return (max(Int(low), 0), min(Int(position.rounded(.up)), size - 1), position - low)
        }
        var output = [Float](repeating: 0, count: height * width * c)
        let columns = (0..<width).map { taps($0, w, width) }
        for y in 0..<height {
            let (y0, y1, fy) = taps(y, h, height)
            for (x, (x0, x1, fx)) in columns.enumerated() {
                for k in 0..<c {
                    let top = image.scalars[(y0 * w + x0) * c + k] * (1 - fx) + image.scalars[(y0 * w + x1) * c + k] * fx
                    let bottom = image.scalars[(y1 * w + x0) * c + k] * (1 - fx) + image.scalars[(y1 * w + x1) * c + k] * fx
                    output[(y * width + x) * c + k] = top * (1 - fy) + bottom * fy
                }
            }
        }
        return try Tensor(shape: [1, height, width, c], scalars: output)
    }
}

/// A problem with one input (exit 1 for that input, the others go on).
struct InputFault: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
