import Foundation
import ArgumentParser
import Convolution

/// `--strides`, `--padding`, `--dilations`, `--border`, shared by every command that convolves.
struct GeometryOptions: ParsableArguments {
    @Option(help: "Stride S or SH,SW (each ≥ 1).")
    var strides: String = "1"

    @Option(help: "same | valid | T,B,L,R (explicit zero padding in pixels).", completion: .list(["same", "valid"]))
    var padding: String = "same"

    @Option(help: "Dilation D or DH,DW (each ≥ 1).")
    var dilations: String = "1"

    @Option(help: "What SAME or explicit padding adds: zero (tf.nn.conv2d), replicate, reflect (OpenCV BORDER_REFLECT_101) or wrap.")
    var border: Border = .zero

    /// The parsed options; malformed values are usage errors naming the option.
    func convolutionOptions() throws -> ConvolutionOptions {
        ConvolutionOptions(
            strides: try Self.pair(strides, option: "--strides"),
            padding: try Self.padding(padding),
            dilations: try Self.pair(dilations, option: "--dilations"),
            border: border)
    }

    func validate() throws {
        _ = try convolutionOptions()
    }

    /// "S" → (S, S); "H,W" → (H, W); each must be an integer ≥ 1.
    static func pair(_ text: String, option: String) throws -> (Int, Int) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard (1...2).contains(parts.count), parts.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ValidationError("\(option) expects N or H,W with integers ≥ 1, got '\(text)'")
        }
        return (parts[0]!, parts.last!!)
    }

    /// "same", "valid" (any case) or four integers ≥ 0 "T,B,L,R".
    static func padding(_ text: String) throws -> Padding {
        switch text.lowercased() {
        case "same": return .same
        case "valid": return .valid
        default:
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 4, parts.allSatisfy({ ($0 ?? -1) >= 0 }) else {
                throw ValidationError("--padding expects same, valid or T,B,L,R with integers ≥ 0, got '\(text)'")
            }
            return .explicit(top: parts[0]!, bottom: parts[1]!, left: parts[2]!, right: parts[3]!)
        }
    }
}
