import Convolution
import Essentials

/// What the decode stage hands to the convolution stage.
enum WorkUnit: Sendable {
    /// Decoded images of one size stacked in one NHWC tensor; `items[n]` is the work-list index of batch
    /// item n and `sides[n]` what travels with it.
    case images(items: [Int], input: ConvolutionInput, sides: [DecodedSide])
    /// An input that could not be decoded, with the reason (naming the file).
    case failed(item: Int, reason: String)
}

/// Decodes inputs one after another and stacks consecutive small images of the same size into one
/// tensor, so a folder of 28×28 digits becomes a few large convolutions instead of thousands of tiny
/// ones. Large images always travel alone.
final class DecodeStage: @unchecked Sendable {
    /// Images with at most this many pixels may be stacked.
    static let smallImagePixels = 128 * 128
    /// A stack holds at most this many Float values (16 MB), bounding the memory of one unit.
    static let maxStackedValues = 4 << 20

    private let count: Int
    private let decode: (Int) throws -> (ConvolutionInput, DecodedSide)
    private var next = 0
    private var carried: (item: Int, input: ConvolutionInput, side: DecodedSide)?
    private var stack: (items: [Int], shape: [Int], scalars: [Float], sides: [DecodedSide])?

    /// A stage over work-list indices `0 ..< count`; `decode` returns a `[1, H, W, C]` tensor with what
    /// travels beside it, or throws an error whose description names the file.
    init(count: Int, decode: @escaping (Int) throws -> (ConvolutionInput, DecodedSide)) {
        self.count = count
        self.decode = decode
    }

    /// The next unit, or nil when every input has been handed out. Called from one thread at a time.
    func nextUnit() -> WorkUnit? {
        while true {
            let image: (item: Int, input: ConvolutionInput, side: DecodedSide)
            if let carried {
                image = carried
                self.carried = nil
            } else if next < count {
                let item = next
                next += 1
                do {
                    let (input, side) = try decode(item)
                    image = (item, input, side)
                } catch {
                    return .failed(item: item, reason: "\(error)")
                }
            } else {
                return flushStack()
            }

            let shape = image.input.shape
            let isSmall = shape[1] * shape[2] <= Self.smallImagePixels
            if isSmall, var current = stack, current.shape == shape,
               current.scalars.count + shape.reduce(1, *) <= Self.maxStackedValues {
                current.items.append(image.item)
                current.scalars.append(contentsOf: image.input.tensor.scalars)
                current.sides.append(image.side)
                stack = current
                continue
            }
            if stack != nil {
                carried = image
                return flushStack()
            }
            if isSmall {
                stack = ([image.item], shape, image.input.tensor.scalars, [image.side])
                continue
            }
            return .images(items: [image.item], input: image.input, sides: [image.side])
        }
    }

    private func flushStack() -> WorkUnit? {
        guard let current = stack else { return nil }
        stack = nil
        let shape = [current.items.count] + current.shape.dropFirst()
        // The shape is built from tensors that were valid, so this cannot fail.
        guard let tensor = try? Tensor(shape: shape, scalars: current.scalars) else {
            return .failed(item: current.items[0], reason: "internal error stacking images of shape \(current.shape)")
        }
        return .images(items: current.items, input: .float(tensor), sides: current.sides)
    }
}
