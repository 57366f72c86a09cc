// swift-tools-version: 6.0
// WeightPort: convert Keras and ONNX MobileNet weight files into one canonical, mmap-backed
// format (WPK), inspect them, and prove by running them that they compute the source's logits.
//
// CPU-specific flags (AVX2/FMA) are never set here: `unsafeFlags` would stop WeightPort from
// being used as a dependency. The Makefile passes them on the `swift build` command line.
import PackageDescription

let package = Package(
    name: "WeightPort",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "WeightPortFormat", targets: ["WeightPortFormat"]),
        .library(name: "WeightPortRuntime", targets: ["WeightPortRuntime"]),
        .library(name: "WeightPortKeras", targets: ["WeightPortKeras"]),
        .library(name: "WeightPortONNX", targets: ["WeightPortONNX"]),
        .executable(name: "weightport", targets: ["weightport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // Linux system calls Swift's Glibc module does not declare (see its shim.h).
        .systemLibrary(name: "CSystemCalls"),
        .target(name: "WeightPortFormat", dependencies: ["CSystemCalls"]),
        .target(name: "WeightPortRuntime", dependencies: ["WeightPortFormat"]),
        // The SHA-256 of source files (provenance), through swift-crypto: its BoringSSL uses the
        // CPU's SHA extensions. Only the importers need it; Format and Runtime stay Foundation-only.
        .target(
            name: "WeightPortDigest",
            dependencies: ["WeightPortFormat", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .systemLibrary(
            name: "CHDF5",
            pkgConfig: "hdf5",
            providers: [.apt(["libhdf5-dev"])]
        ),
        .target(
            name: "WeightPortKeras",
            dependencies: [
                "WeightPortFormat",
                "WeightPortDigest",
                "CHDF5",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(name: "COnnxProto", linkerSettings: [.linkedLibrary("protobuf-c")]),
        .target(name: "WeightPortONNX", dependencies: ["WeightPortFormat", "WeightPortDigest", "COnnxProto"]),
        .executableTarget(
            name: "weightport",
            dependencies: [
                "WeightPortFormat",
                "WeightPortRuntime",
                "WeightPortKeras",
                "WeightPortONNX",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "WeightPortFormatTests", dependencies: ["WeightPortFormat"]),
        .testTarget(name: "WeightPortDigestTests", dependencies: ["WeightPortDigest"]),
        .testTarget(name: "WeightPortRuntimeTests", dependencies: ["WeightPortRuntime"]),
        .testTarget(name: "WeightPortKerasTests", dependencies: ["WeightPortKeras", "WeightPortRuntime"]),
        .testTarget(name: "WeightPortONNXTests", dependencies: ["WeightPortONNX", "WeightPortRuntime"]),
        .testTarget(name: "WeightPortCLITests", dependencies: ["weightport"]),
    ]
)
