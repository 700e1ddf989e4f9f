// swift-tools-version:6.0
import Foundation
import PackageDescription

// Targets follow the data flow in DESIGN.md:
// Tensors -> Transforms -> Formats (fast path) -> Metrics -> Experiments -> Reports,
// with Reference (MPFR) checking Formats bit for bit.
// Release builds target the build machine's vector unit: AVX2 (x86-64 "haswell") where
// /proc/cpuinfo lists it, unless QUANTLAB_PORTABLE is set. Results are bit-identical either way
// (IEEE operations only, no FMA contraction); only the speed differs.
let cpuInfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
let hasAVX2 = ["avx2", "fma", "bmi2"].allSatisfy { cpuInfo.contains(" \($0)") }
let nativeFlags = hasAVX2 && ProcessInfo.processInfo.environment["QUANTLAB_PORTABLE"] == nil ? ["-target-cpu", "haswell"] : []
let optimize: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-wmo"] + nativeFlags, .when(configuration: .release))]

let package = Package(
    name: "QuantLab",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "quantlab", targets: ["quantlab"]),
        .library(name: "QuantLabKit", targets: ["Formats", "Reference", "Tensors", "Transforms", "Metrics"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CMPFR",
            pkgConfig: "mpfr",
            providers: [.apt(["libgmp-dev", "libmpfr-dev"])]
        ),
        .target(name: "Formats", swiftSettings: optimize),
        .target(name: "Reference", dependencies: ["CMPFR", "Formats"]),
        .target(name: "Tensors", swiftSettings: optimize),
        .target(name: "Transforms", dependencies: ["Tensors"], swiftSettings: optimize),
        .target(name: "Metrics", dependencies: ["Tensors"], swiftSettings: optimize),
        .target(
            name: "Experiments",
            dependencies: ["Formats", "Reference", "Tensors", "Transforms", "Metrics", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "Reports", dependencies: ["Experiments"]),
        .executableTarget(
            name: "quantlab",
            dependencies: [
                "Formats", "Reference", "Tensors", "Transforms", "Metrics", "Experiments", "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "FormatsTests", dependencies: ["Formats"]),
        .testTarget(name: "ReferenceTests", dependencies: ["Reference", "Formats"]),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors"]),
        .testTarget(name: "TransformsTests", dependencies: ["Transforms", "Tensors"]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics", "Tensors"]),
        .testTarget(name: "CLITests", dependencies: ["quantlab"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "Reports", "Formats", "Tensors"]),
    ],
    swiftLanguageModes: [.v5]
)
