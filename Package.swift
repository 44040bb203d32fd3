// swift-tools-version:6.0
import PackageDescription

/// The convolution kernels are built for a CPU with AVX2 + FMA on x86_64: on the default x86-64
/// target Swift lowers SIMD `addProduct` to one libm `fmaf` call per lane (≈ 20× slower).
/// Other architectures build the same portable Swift code with their default target.
var hotCodeSettings: [SwiftSetting] = []
#if arch(x86_64)
hotCodeSettings = [.unsafeFlags(["-Xcc", "-march=x86-64-v3"])]
#endif

let package = Package(
    name: "FilterBank",
    products: [
        .executable(name: "filterbank", targets: ["filterbank"]),
        .library(name: "FilterBank", targets: ["Essentials", "Convolution", "ImageCodecs", "FeatureMaps", "Batch", "Models"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CPNG", pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]),
        .systemLibrary(
            name: "CJPEG", pkgConfig: "libjpeg",
            providers: [.apt(["libjpeg-dev"])]),
        .systemLibrary(
            name: "CHDF5", pkgConfig: "hdf5",
            providers: [.apt(["libhdf5-dev"])]),
        // Every libhdf5 call runs in this C shim with the library's error printing off; failures come back as a message.
        .target(name: "CHDF5Shims", dependencies: ["CHDF5"]),
        // zlib for adler32/crc32 in the built-in Huffman-only PNG writer (libpng already needs zlib).
        .target(name: "CImageShims", dependencies: ["CPNG", "CJPEG"], linkerSettings: [.linkedLibrary("z")]),
        // What every layer uses: Tensor, .npy I/O, atomic files, the seeded RNG, memory hints, the parallel loop.
        .target(name: "Essentials"),
        .target(name: "Convolution", dependencies: ["Essentials"], swiftSettings: hotCodeSettings),
        .target(name: "ImageCodecs", dependencies: ["CImageShims", "Essentials"]),
        .target(name: "FeatureMaps", dependencies: ["Essentials", "Convolution", "ImageCodecs",
                                            .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                swiftSettings: hotCodeSettings),
        .target(name: "Batch", dependencies: ["Essentials", "Convolution", "ImageCodecs", "FeatureMaps"]),
        // Keras .keras/.h5 reading, the layer graph and its forward pass on the convolution core.
        .target(name: "Models", dependencies: ["Essentials", "Convolution", "CHDF5Shims", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                swiftSettings: hotCodeSettings),
        .executableTarget(
            name: "filterbank",
            dependencies: [
                "Essentials", "Convolution", "ImageCodecs", "FeatureMaps", "Batch", "Models",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // The README's "Using FilterBank from Swift" example, kept compiling (ReadmeExampleTests checks the
        // README shows exactly this file).
        .executableTarget(name: "filterbank-example", dependencies: ["Batch"]),
        // Codec speed measurements (Scripts/bench-codecs); a tool for developers, not a product.
        .executableTarget(
            name: "codec-bench",
            dependencies: [
                "Essentials", "ImageCodecs",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "EssentialsTests", dependencies: ["Essentials"]),
        .testTarget(name: "ConvolutionTests", dependencies: ["Essentials", "Convolution"]),
        .testTarget(name: "ImageCodecsTests", dependencies: ["Essentials", "ImageCodecs"]),
        .testTarget(name: "FeatureMapsTests", dependencies: ["Essentials", "Convolution", "FeatureMaps"]),
        .testTarget(name: "BatchTests", dependencies: ["Essentials", "Convolution", "ImageCodecs", "FeatureMaps", "Batch"]),
        .testTarget(name: "CLITests", dependencies: ["Essentials", "Convolution", "ImageCodecs"]),
        .testTarget(name: "ModelsTests", dependencies: ["Essentials", "Models"]),
    ]
)
