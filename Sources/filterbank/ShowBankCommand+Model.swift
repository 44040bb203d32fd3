import FeatureMaps
import Foundation
import Models

extension ShowBankCommand {
    /// The trained filters of `layer` in the Keras model `model`, as named filters.
    static func modelFilters(model path: String, layer name: String, bias: String?) throws -> (filters: [NamedFilter], source: String) {
        if bias != nil { throw UsageError("--bias goes with a .npy bank, not with a model's --layer") }
        let model: KerasModel
        do {
            model = try KerasModel(path: path)
        } catch let error as ModelError {
            throw UsageError(error.description)
        }
        guard let layer = model.layer(named: name) else {
            throw UsageError("\(path) has no layer '\(name)' (layers: \(model.layers.map(\.name).joined(separator: ", ")))")
        }
        guard let kernel = layer.filters else {
            let drawable = model.layers.filter { $0.filters != nil }.map(\.name)
            throw UsageError("layer '\(name)' (\(layer.className)) has no convolution kernel to draw (layers with one: \(drawable.joined(separator: ", ")))")
        }
        let (height, width, inputs, outputs) = (kernel.shape[0], kernel.shape[1], kernel.shape[2], kernel.shape[3])
        let count = kernel.isDepthwise ? inputs * outputs : outputs
        let names = (0..<count).map { "f" + ActivationRendering.padded($0, count: count) }
        let filters = try (0..<count).map { index -> NamedFilter in
            var weights = [Float]()
            if kernel.isDepthwise {
                // Output channel c·M + m filters input channel c with kernel [:, :, c, m].
                let (c, m) = (index / outputs, index % outputs)
                for tap in 0..<(height * width) { weights.append(kernel.weights[(tap * inputs + c) * outputs + m]) }
                return try NamedFilter(name: names[index], height: height, width: width, weights: weights,
                                       bias: kernel.bias?[index] ?? 0)
            }
            for tap in 0..<(height * width) {
                for c in 0..<inputs { weights.append(kernel.weights[(tap * inputs + c) * outputs + index]) }
            }
            return try NamedFilter(name: names[index], height: height, width: width, inChannels: inputs, weights: weights,
                                   bias: kernel.bias?[index] ?? 0)
        }
        return (filters, "\((path as NSString).lastPathComponent) \(name) (\(layer.className))")
    }

    /// The filter picture with a row of colour patches under it: each 3-channel kernel as an RGB
    /// image, 0 at 128 and ±max|w| of the whole bank at 0 and 255.
    static func withColourPatches(_ picture: RGBImage, filters: [NamedFilter], cell: Int) -> RGBImage {
        let largest = max(filters.flatMap(\.weights).map(abs).max() ?? 0, .leastNonzeroMagnitude)
        let tiles = filters.map { filter -> (label: String, image: RGBImage) in
            let pixels = filter.weights.map { UInt8(max(0, min(255, (127.5 + 127.5 * $0 / largest).rounded()))) }
            let patch = (try? RGBImage(width: filter.width, height: filter.height, channels: 3, pixels: pixels))
                ?? RGBImage(width: filter.width, height: filter.height)
            return (filter.name, patch.enlargedNearest(by: max(1, min(cell, 64))))
        }
        let sheet = ContactSheet.titled(ContactSheet.render(input: nil, tiles: tiles, columns: min(filters.count, 16), tileSize: 64),
                                             "colour patches (RGB, 0 at 128)")
        var canvas = RGBImage(width: max(picture.width, sheet.width), height: picture.height + sheet.height,
                              channels: 3, fill: ContactSheet.background)
        canvas.draw(picture.channels == 3 ? picture : picture.expandedToRGB(), x: 0, y: 0)
        canvas.draw(sheet, x: 0, y: picture.height)
        return canvas
    }
}
