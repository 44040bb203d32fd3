// swift-tools-version:6.0
import Foundation
import PackageDescription

/// The convolution kernels are built for a CPU with AVX2 + FMA on x86_64: on the default x86-64
/// target Swift lowers SIMD `addProduct` to one libm `fmaf` call per lane (≈ 20× slower).
/// Other architectures build the same portable Swift code with their default target.
var hotCodeSettings: [SwiftSetting] = []
#if arch(x86_64)
hotCodeSettings = [.unsafeFlags(["-Xcc", "-march=x86-64-v3"])]
#endif

/// The release CLI links the Swift runtime and Foundation statically: loading and relocating them as
/// shared libraries took about half of a short `filterbank` run's 20 ms start-up. Compiling its own
/// sources with the flag too makes them name every static library Foundation needs.
let startupSwiftSettings: [SwiftSetting] = [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))]
let startupLinkerSettings: [LinkerSetting] = [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))]

/// Debian's libhdf5-dev also ships libhdf5 as an archive; linked from it, a run no longer loads the
/// ≈ 30 shared libraries libhdf5.so pulls in (libcurl, OpenSSL, GnuTLS, Kerberos, LDAP, for a remote-file
/// driver never used here), which took half of a short `filterbank` run's remaining start-up. Where
/// the archive is not there, pkg-config's shared libhdf5 is linked as before.
let staticHDF5 = ["/usr/lib/x86_64-linux-gnu/libhdf5_serial.a", "/usr/lib/aarch64-linux-gnu/libhdf5_serial.a"]
    .first { FileManager.default.fileExists(atPath: $0) }
let hdf5LinkerSettings: [LinkerSetting] = staticHDF5.map { [.unsafeFlags([$0]), .linkedLibrary("sz"), .linkedLibrary("z"), .linkedLibrary("m")] } ?? []

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
        // Headers only when libhdf5 is linked from its archive (shim.h finds Debian's hdf5/serial/ itself).
        .systemLibrary(
            name: "CHDF5", pkgConfig: staticHDF5 == nil ? "hdf5" : nil,
            providers: [.apt(["libhdf5-dev"])]),
        // Every libhdf5 call runs in this C shim with the library's error printing off; failures come back as a message.
        .target(name: "CHDF5Shims", dependencies: ["CHDF5"], linkerSettings: hdf5LinkerSettings),
        // zlib for adler32/crc32 in the built-in Huffman-only PNG writer (libpng already needs zlib).
        .target(name: "CImageShims", dependencies: ["CPNG", "CJPEG"], linkerSettings: [.linkedLibrary("z")]),
        // What every layer uses: Tensor, .npy I/O, atomic files, the seeded RNG, memory hints, the parallel loop.
        .target(name: "Essentials"),
        .target(name: "Convolution", dependencies: ["Essentials"], swiftSettings: hotCodeSettings),
        .target(name: "ImageCodecs", dependencies: ["CImageShims", "Essentials"]),
        .target(name: "FeatureMaps", dependencies: ["Essentials", "Convolution",
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
            ],
            swiftSettings: startupSwiftSettings, linkerSettings: startupLinkerSettings),
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
