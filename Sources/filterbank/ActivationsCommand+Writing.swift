import Essentials
import FeatureMaps
import Foundation
import ImageCodecs
import Models

// Writing what `activations` computed, with the command's own options (format, grid, look).
extension ActivationsCommand {
    /// Writes one input's layer outputs (`.npy` arrays, or one PNG per channel, plus the optional
    /// sheets) under `--output`; returns the files written per layer.
    func write(_ results: [String: ModelArray], of model: KerasModel, layers: [String], stem: String,
               pictures: [Tensor]) throws -> [String: [String]] {
        var files = [String: [String]]()
        for name in layers {
            guard let array = results[name] else { continue }
            var written = [String]()
            if format == .npy {
                let folder = try folder(stem)
                let path = (folder as NSString).appendingPathComponent("\(name).npy")
                try NPYFile.write(values: array.values, shape: array.shape, to: path)
                written.append(path)
            }
            if array.shape.count == 4 && (format == .png || grid) {
                let rendering = try ActivationRendering(shape: array.shape, values: array.values, sharedRange: false)
                for item in 0..<rendering.items {
                    let itemStem = rendering.items > 1 ? "\(stem)-\(rendering.itemName(item))" : stem
                    let maps = try mapPictures(rendering, item: item)
                    if format == .png {
                        let layerFolder = try folder((itemStem as NSString).appendingPathComponent(name))
                        for (channel, picture) in maps.enumerated() {
                            let path = (layerFolder as NSString).appendingPathComponent("\(rendering.channelName(channel)).png")
                            try writePNG(picture, to: path)
                            written.append(path)
                        }
                    }
                    if grid {
                        let path = (try folder(itemStem) as NSString).appendingPathComponent("\(name).png")
                        let contactSheet = sheet(rendering, item: item, maps: maps, layer: name, className: model.layer(named: name)?.className,
                                          input: item < pictures.count ? pictures[item] : nil)
                        try writePNG(contactSheet, to: path)
                        written.append(path)
                    }
                }
            } else if format == .png {
                printError("filterbank: layer '\(name)' gives shape \(array.shape), not maps; use --format npy (or --report for a classifier)")
            }
            files[name] = written
        }
        return files
    }

    /// Every channel of one item as a coloured picture.
    private func mapPictures(_ rendering: ActivationRendering, item: Int) throws -> [RGBImage] {
        try (0..<rendering.channels).map { channel in
            let gray = rendering.gray8(item: item, channel: channel, mode: look.normalization)
            return look.chosenColormap.apply(to: try RGBImage(width: rendering.width, height: rendering.height, channels: 1, pixels: gray))
        }
    }

    /// The sheet: the input (for images), then every channel labelled with its index and raw range,
    /// under a title with the layer's name, class and output shape.
    private func sheet(_ rendering: ActivationRendering, item: Int, maps: [RGBImage], layer: String, className: String?,
                       input: Tensor?) -> RGBImage {
        let tiles = maps.enumerated().map { channel, picture in
            let own = rendering.ownStatistics[item][channel]
            return (label: ContactSheet.label(name: rendering.channelName(channel), minimum: own.min, maximum: own.max), image: picture)
        }
        let body = ContactSheet.render(input: input.flatMap { RGBImage(tensor: $0) }, tiles: tiles)
        let shape = "[\(rendering.items), \(rendering.height), \(rendering.width), \(rendering.channels)]"
        return ContactSheet.titled(body, "\(layer) (\(className ?? "?")) \(shape)")
    }

    /// `--output`/relative, created when missing.
    private func folder(_ relative: String) throws -> String {
        let path = (output as NSString).appendingPathComponent(relative)
        try RenderCommand.createFolder(path)
        return path
    }

    private func writePNG(_ picture: RGBImage, to path: String) throws {
        let bytes = try PNGEncoder.encode(pixels: picture.pixels, width: picture.width, height: picture.height, channels: picture.channels)
        try AtomicFile.write(bytes, to: path)
    }
}
