import ArgumentParser
import Batch

/// The `filterbank` root command: convolution filter banks applied to images, fast.
struct FilterBankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filterbank",
        abstract: "Apply banks of convolution filters to images with tf.nn.conv2d semantics.",
        version: FilterBankVersion.current,
        subcommands: [
            ApplyCommand.self, FilterCommand.self, ActivationsCommand.self, KernelsCommand.self, ConvCommand.self, BenchCommand.self,
            DecodeCommand.self, InspectCommand.self, RenderCommand.self, ShowBankCommand.self,
        ])
}
