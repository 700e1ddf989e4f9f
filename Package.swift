// swift-tools-version:6.0
import Foundation
import PackageDescription

// Targets follow the data flow in DESIGN.md:
// Tensors -> Transforms -> Formats (fast path) -> Metrics -> Experiments -> Reports -> Workflows -> CLI,
// with Reference (MPFR) checking Formats bit for bit; PlainText (edit distance, text tables) under all.
// Release builds target the build machine's vector unit: AVX-512 (x86-64 "skylake-avx512") where
// /proc/cpuinfo lists avx512f/dq/bw/vl, else AVX2 ("haswell") where it lists avx2/fma/bmi2, unless
// QUANTLAB_PORTABLE is set. Results are bit-identical either way (IEEE operations only, no FMA
// contraction; explicit FMAs only where a kernel's definition has them); only the speed differs.
// Chosen by measurement (`quantlab bench`, 16M float32, one quiet 2-core Xeon, 2026-11-26): AVX-512
// over AVX2 moved minifloats from 67% to 78% of the copy rate, MXFP from 32% to 39%, power:4:0.5/g32
// from 3.5% to 39% (its scaled level-table loop vectorizes only with masked AVX-512 operations) and
// changed no row for the worse; the README's Speed section has the table.
let cpuInfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
let portable = ProcessInfo.processInfo.environment["QUANTLAB_PORTABLE"] != nil
let hasAVX2 = !portable && ["avx2", "fma", "bmi2"].allSatisfy { cpuInfo.contains(" \($0)") }
let hasAVX512 = hasAVX2 && ["avx512f", "avx512dq", "avx512bw", "avx512vl"].allSatisfy { cpuInfo.contains(" \($0)") }
// With AVX-512, LLVM's default for this CPU still prefers 256-bit vectors in the loop vectorizer
// ("prefer-256-bit"); the kernels turn that preference off, so vectorized loops use 512-bit registers.
let wide512 = ["-Xcc", "-Xclang", "-Xcc", "-target-feature", "-Xcc", "-Xclang", "-Xcc", "-prefer-256-bit"]
let nativeFlags = hasAVX512 ? ["-target-cpu", "skylake-avx512"] + wide512 : hasAVX2 ? ["-target-cpu", "haswell"] : []
// Numeric kernels (Transforms, Metrics, IntegerOps) are built without bounds and overflow checks;
// everything that reads untrusted bytes or text keeps them, so a defect traps instead of reading out
// of bounds: Tensors' .npy/.safetensors readers, YAML specs, codes files, and Formats, which holds the
// format-spec parser as well as the rounding kernels (its kernels index raw buffers through unsafe
// pointers and wrapping arithmetic, so checks cost them nothing measurable: bench rows within 3%).
let kernels: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-wmo"] + nativeFlags, .when(configuration: .release))]
let checked: [SwiftSetting] = [.unsafeFlags(["-wmo"] + nativeFlags, .when(configuration: .release))]
// The transformer's dense kernels (ModelKernels) use wider GEMM tiles with AVX-512 (QUANTLAB_AVX512;
// the same results), and are optimized in debug builds too (with the vector unit's FMA: without it
// each fused multiply-add is a library call), so the model tests run in seconds.
let modelKernels: [SwiftSetting] = [
    .unsafeFlags(["-Ounchecked", "-wmo"] + nativeFlags, .when(configuration: .release)),
    .unsafeFlags(["-O"] + nativeFlags, .when(configuration: .debug)),
] + (hasAVX512 ? [.define("QUANTLAB_AVX512")] : [])
// The Gemm target's kernels work on 16-float vectors: with AVX-512 the loop vectorizer is forced to 16
// lanes. Same bits either way (IEEE operations and explicit FMAs only).
let gemmFlags = hasAVX512 ? nativeFlags + ["-Xllvm", "-force-vector-width=16"] : nativeFlags
let gemmKernels: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-wmo"] + gemmFlags, .when(configuration: .release))]

let package = Package(
    name: "QuantLab",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "quantlab", targets: ["quantlab"]),
        .library(name: "QuantLabKit", targets: ["Formats", "Reference", "Tensors", "Transforms", "Metrics", "Codes", "Gemm"]),
        // The C ABI (libQuantLabC.so) that the Python package in python/ loads; header in Sources/QuantLabC/quantlab.h.
        .library(name: "QuantLabC", type: .dynamic, targets: ["QuantLabC"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CMPFR",
            pkgConfig: "mpfr",
            providers: [.apt(["libgmp-dev", "libmpfr-dev"])]
        ),
        .target(name: "PlainText", swiftSettings: checked),
        .target(name: "Formats", dependencies: ["PlainText", "Tensors"], swiftSettings: checked),
        // Integer-only operators (HAWQ-V3 dyadic requantization, I-ViT's Shiftmax, ShiftGELU, I-LayerNorm).
        .target(name: "IntegerOps", swiftSettings: kernels),
        .target(name: "Reference", dependencies: ["CMPFR", "Formats"]),
        .target(name: "Tensors", dependencies: ["PlainText"], swiftSettings: checked),
        .target(name: "Transforms", dependencies: ["Tensors"], swiftSettings: kernels),
        .target(name: "Metrics", dependencies: ["Tensors"], swiftSettings: kernels),
        .target(name: "Gemm", dependencies: ["Formats", "Tensors", "Transforms"], swiftSettings: gemmKernels),
        .target(name: "Codes", dependencies: ["Formats", "Tensors"], swiftSettings: checked),
        .target(
            name: "Experiments",
            dependencies: ["Formats", "Tensors", "Transforms", "Metrics", "Gemm", "PlainText", .product(name: "Yams", package: "Yams"),
                           .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: checked
        ),
        .target(name: "Reports", dependencies: ["Experiments", "Formats", "PlainText"], swiftSettings: checked),
        .target(name: "ModelKernels", swiftSettings: modelKernels),
        .target(
            name: "Models",
            dependencies: [
                "ModelKernels", "Formats", "Tensors", "Transforms", "Gemm",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: checked
        ),
        .target(name: "Workflows", dependencies: ["Experiments", "Reports", "Reference", "Formats", "Tensors", "Transforms", "Metrics", "Models", "IntegerOps", "Gemm"], swiftSettings: checked),
        .target(name: "QuantLabC", dependencies: ["Codes", "Formats", "Tensors", "Transforms", "Experiments", "Workflows"],
                exclude: ["quantlab.h"], swiftSettings: checked),
        .executableTarget(
            name: "quantlab",
            dependencies: [
                "Formats", "Reference", "Tensors", "Transforms", "Experiments", "Reports", "Workflows", "Codes", "PlainText", "Models", "Gemm",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: checked
        ),
        .testTarget(name: "PlainTextTests", dependencies: ["PlainText"]),
        .testTarget(name: "FormatsTests", dependencies: ["Formats", "Reference", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "ReferenceTests", dependencies: ["Reference", "Formats"]),
        .testTarget(name: "IntegerOpsTests", dependencies: ["IntegerOps", "Reference"]),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors"]),
        .testTarget(name: "TransformsTests", dependencies: ["Transforms", "Tensors"]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics", "Tensors"]),
        .testTarget(name: "CLITests", dependencies: ["quantlab"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Experiments", "Formats", "Metrics"]),
        .testTarget(
            name: "ModelsTests",
            dependencies: ["Models", "ModelKernels", "Tensors", "Formats", "Transforms", "Gemm", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "GemmTests", dependencies: ["Gemm", "Reference", "Formats", "Tensors", "Transforms"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "Reports", "Workflows", "Formats", "Metrics", "Tensors", "Transforms", "Models"]),
    ],
    swiftLanguageModes: [.v5]
)
