import ArgumentParser
import Convolution
import Essentials

/// `filterbank conv`: one tf.nn.conv2d on .npy tensors, written as a float32 NHWC .npy.
struct ConvCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conv",
        abstract: "Convolve an NHWC .npy tensor with an HWIO .npy filter bank (tf.nn.conv2d semantics).",
        discussion: """
            The input may be 4-D [N,H,W,C], 3-D [H,W,C] (one image) or 2-D [H,W] (one gray image); \
            the filter must be 4-D [fh,fw,in,out] and the bias 1-D [out]. Input channels that are a \
            multiple of the filter's in-channels give a grouped convolution, as in TensorFlow. \
            The output is always float32 [N,OH,OW,out] and is written atomically: on any error \
            nothing is written and the exit status is 2.
            """)

    @Option(help: "Input tensor (.npy, NHWC; HWC or HW also accepted).")
    var input: String

    @Option(help: "Filter bank (.npy, HWIO [fh, fw, in, out]).")
    var filter: String

    @Option(help: "Optional bias (.npy, 1-D [out]).")
    var bias: String?

    @OptionGroup var geometry: GeometryOptions

    @Option(help: "Output tensor (.npy, float32 NHWC).")
    var output: String

    func run() throws {
        let options = try geometry.convolutionOptions()
        let tensor = try loaded(input) { try $0.tensor() }
        let biasValues = try bias.map { path in
            try loaded(path) { array in
                guard array.shape.count == 1 else {
                    throw ConvolutionError.invalidShape("a bias must be 1-D [out], got shape \(array.shape)")
                }
                return array
            }
        }
        let weights = try loaded(filter) { try $0.filterBank() }
        if let bias, let biasValues, biasValues.values.count != weights.outChannels {
            throw UsageError(
                "\(bias): the bias has \(biasValues.values.count) values but \(filter) has \(weights.outChannels) output channels")
        }
        let bank = try FilterBank(
            height: weights.height, width: weights.width, inChannels: weights.inChannels,
            outChannels: weights.outChannels, weights: weights.weights, bias: biasValues?.values)
        let result: Tensor
        do {
            result = try conv2D(tensor, bank, options: options)
        } catch let error as ConvolutionError {
            throw UsageError(
                "cannot convolve \(input) \(tensor.shape) with \(filter) \(bank.shape): \(error)")
        }
        do {
            try NPYFile.write(result, to: output)
        } catch let error as NPYError {
            throw UsageError(error.description)
        }
    }

    /// Reads `path` and converts it, turning every failure into a usage error that names the file.
    private func loaded<T>(_ path: String, _ convert: (NPYArray) throws -> T) throws -> T {
        let array: NPYArray
        do {
            array = try NPYFile.read(path: path)
        } catch let error as NPYError {
            throw UsageError(error.description)
        }
        do {
            return try convert(array)
        } catch let error as ConvolutionError {
            throw UsageError("\(path): \(error)")
        } catch let error as TensorError {
            throw UsageError("\(path): \(error)")
        }
    }
}
