import Formats
@testable import Gemm
import Tensors
import XCTest

/// The vector lanes of the emulated accumulators (`AccumulatorLanes`, `LaneKernel`, `SegmentEndLanes`)
/// against the independent `SlowGemm`: which lanes each kind of operand takes, and each kind of
/// lanes on inputs aimed at what it proves or checks: ties and grid points of exact sums, double
/// rounding boundaries of inexact ones, overflow to Inf, NaN or saturation and what follows it, NaN
/// and infinite operands, subnormal sums, flagged steps in every row of a six-row tile, and segment
/// ends next to F's smallest normal.
final class LaneKernelTests: XCTestCase {
    typealias S = GemmTestSupport
    var random = SplitMix64(seed: 2026)

    /// Runs the GEMM, asserts it equals the definition bit for bit, and returns the kernel it used.
    @discardableResult
    func check(_ spec: String, _ mode: RoundingMode, formats: (String?, String?) = (nil, nil), promotion: Int? = nil,
               a: [Float], m: Int, b: [Float], n: Int, depth: Int, kernel expected: String? = nil, _ label: String,
               file: StaticString = #filePath, line: UInt = #line) throws -> GemmKernelUse {
        let gemm = try QuantizedGemm(aFormat: S.format(formats.0), bFormat: S.format(formats.1), accumulator: Accumulator(spec: spec),
                                     accumulatorRounding: mode, promotion: promotion)
        let qa = try gemm.operandA(a, rows: m, depth: depth), qb = try gemm.operandB(b, rows: n, depth: depth)
        var y = [Float](repeating: 0, count: m * n)
        let use = try y.withUnsafeMutableBufferPointer { try gemm.multiplyReportingKernel(qa, qb, into: $0) }
        if let expected { XCTAssertEqual(use.kernel, expected, "\(label): \(spec) \(mode)", file: file, line: line) }
        try S.assertMatchesDefinition(gemm, a: a, m: m, b: b, n: n, depth: depth, "\(label): \(spec) \(mode) (\(use.kernel))",
                                      file: file, line: line)
        return use
    }

    func integers(_ count: Int, _ magnitude: UInt64) -> [Float] {
        (0 ..< count).map { _ in Float(Int64(random.next() % (2 * magnitude + 1)) - Int64(magnitude)) }
    }

    func testKernelChoiceForTypicalOperands() throws {
        let (m, n, k) = (7, 20, 64)
        let a = S.matrix("normal", m, k, seed: 1), b = S.matrix("normal", n, k, seed: 2)
        let cases: [(String, RoundingMode, (String?, String?), Int?, String)] = [
            ("bf16", .nearestEven, ("mxfp8_e4m3", "mxfp8_e4m3"), nil, "float32 lanes"),            // rounded float32 sums
            ("fp16", .nearestEven, ("mxfp4", "mxfp4"), nil, "float32 lanes"),                       // exact float32 sums
            ("fp16", .nearestEven, ("mxint8", "mxint8"), nil, "float32 lanes, range checked"),      // 32 x 127^2 > 65504
            ("fp32", .towardZero, ("mxfp8_e4m3", "mxfp8_e4m3"), nil, "double lanes"),               // exact Double sums
            ("fp:e8m10", .towardZero, ("float8_e4m3fn", "float8_e4m3fn"), 32, "double lanes"),
            ("fp:e8m13", .nearestEven, ("mxfp8_e4m3", "mxfp8_e4m3"), nil, "double lanes"),
            ("bf16", .nearestEven, (nil, nil), nil, "float32 lanes, boundary checked"),             // float32 operands
            ("fp16", .towardZero, (nil, nil), nil, "float32 lanes, boundary checked with subnormals"),
            ("fp:e4m3:fnuz", .nearestEven, (nil, nil), nil, "float32 lanes, checked with subnormals"),
            ("fp:e8m13", .nearestEven, (nil, nil), nil, "float32 lanes, boundary checked"),
            ("fp:e8m16", .nearestEven, (nil, nil), nil, "double lanes, boundary checked"),
            ("fp32", .towardZero, (nil, nil), nil, "double lanes, boundary checked"),
        ]
        for (spec, mode, formats, promotion, kernel) in cases {
            try check(spec, mode, formats: formats, promotion: promotion, a: a, m: m, b: b, n: n, depth: k, kernel: kernel,
                      "\(formats.0 ?? "-") x \(formats.1 ?? "-")")
        }
    }

    func testExactSumsOnTiesAndGridPoints() throws {
        // Integer operands: every sum is exact in the lanes, and sums beyond the accumulator's
        // precision sit on its ties and grid points all the time.
        let (m, n) = (13, 20)
        let accumulators = ["bf16", "fp:e5m7", "fp:e4m3:fn", "fp:e5m2:sat", "fp:e8m13", "fp:e6m12:fnuz"]
        let small = 96
        let a = integers(m * small, 15), b = integers(n * small, 15)
        for spec in accumulators {
            for mode in Accumulator.roundingModes {
                let use = try check(spec, mode, a: a, m: m, b: b, n: n, depth: small, "small integers")
                XCTAssertTrue(use.kernel.hasPrefix("float32 lanes") && !use.kernel.contains(", checked"), "\(spec) \(mode): \(use.kernel)")
            }
        }
        let large = 40
        let c = integers(m * large, 2000), d = integers(n * large, 2000)
        for spec in accumulators + ["fp32", "fp16"] {
            for mode in Accumulator.roundingModes where spec != "fp32" || mode == .towardZero {
                let use = try check(spec, mode, a: c, m: m, b: d, n: n, depth: large, "large integers")
                XCTAssertFalse(use.kernel.contains(", checked"), "\(spec) \(mode): \(use.kernel)")
            }
        }
    }

    func testExactSumsJustBeyondFloat32() throws {
        // Products up to 2^24 and three of them: sums up to 2^25.6, odd ones inexact in float32,
        // so only Double lanes sum them exactly (and toward zero sees every float32 rounding up).
        let (m, n, k) = (13, 20, 3)
        let a = (0 ..< m * k).map { _ in Float(2048 + random.next() % 2048) * (random.next() & 1 == 0 ? 1 : -1) }
        let b = (0 ..< n * k).map { _ in Float(2048 + random.next() % 2048) }
        for spec in ["fp32", "fp:e8m22", "fp:e8m22:b128:fn"] {
            for mode in Accumulator.roundingModes where spec != "fp32" || mode == .towardZero {
                try check(spec, mode, a: a, m: m, b: b, n: n, depth: k, kernel: "double lanes", "sums beyond 2^24")
            }
        }
    }

    func testOverflowInRangeCheckedLanes() throws {
        // Rows that overflow the accumulator early (then the sum is Inf, NaN or the largest value and
        // stays so, or comes back after saturation), next to rows that do not; one row has a NaN
        // and one an infinite operand.
        let (m, n, k) = (13, 20, 48)
        var a = integers(m * k, 9), b = integers(n * k, 9)
        for q in 0 ..< k {
            a[2 * k + q] = 250; a[5 * k + q] = q < k / 2 ? 250 : -250; a[9 * k + q] = -240
        }
        for q in 0 ..< 4 * k { b[q] = 255 }
        a[7 * k + 11] = .nan; a[11 * k + 30] = -.infinity
        for spec in ["fp16", "fp:e5m2", "fp:e5m2:sat", "fp:e4m3:fn", "fp:e5m3:fnuz", "fp:e5m3:finite", "fp:e5m11", "fp:e5m12:sat"] {
            for mode in Accumulator.roundingModes {
                let use = try check(spec, mode, a: a, m: m, b: b, n: n, depth: k, "overflow")
                XCTAssertTrue(use.kernel.hasSuffix("range checked"), "\(spec) \(mode): \(use.kernel)")
            }
        }
        // Float32 operands whose sums pass FLT_MAX: fl32 gives Inf, toward zero F's largest value.
        // (Tiny full-width values in the last columns keep the facts from proving sums exact.)
        let huge = (0 ..< m * 8).map { q -> Float in q % 3 == 0 ? 0x1.8p63 : 0x1p63 }
        let wide = S.matrix("normal", n, 8, seed: 9).enumerated().map { q, v in q < 80 ? v * 0x1p64 : v * 0x1p-100 }
        for (spec, kernel) in [("bf16", "float32 lanes, checked"), ("fp:e8m10", "float32 lanes, checked"), ("fp:e8m13", "float32 lanes, checked"),
                               ("fp:e8m16", "double lanes, checked")] {
            for mode in Accumulator.roundingModes {
                try check(spec, mode, a: huge, m: m, b: wide, n: n, depth: 8, kernel: kernel, "beyond FLT_MAX")
            }
        }
        // Block sums that overflow FP16 (32 x 127^2), with per-block scales: the segment ends see
        // an infinite partial sum, then an infinite accumulator.
        let big = (0 ..< m * 128).map { q -> Float in q % 5 == 0 ? -1.98 : 1.98 }
        try check("fp16", .nearestEven, formats: ("mxint8", "mxint8"), a: big, m: m, b: S.matrix("normal", n, 128, seed: 3).map { $0 + 4 },
                  n: n, depth: 128, kernel: "float32 lanes, range checked", "MX block overflow")
    }

    /// Rows of A and B built so that in output (row, row + 3) the sum `t + a b` at K position
    /// `k0 = 2 row + 1` rounds, in float32 (`bits` 11) or Double (`bits` 23), onto a midpoint of an
    /// accumulator with M mantissa bits (nearest-even: the exact sum is just above it) or onto a
    /// point of its grid (toward zero: the exact sum is just below it). Full-width values with
    /// exponent field `filler` at the last two K positions, where the other operand is 0, keep the
    /// operands' facts from proving sums exact (so lanes with the boundary check run, with the
    /// subnormal check when they are tiny); `huge` puts 2^126 where B is 0 (so the range check runs).
    func boundaryOperands(m: Int, n: Int, depth: Int, mantissaBits: Int, bits: Int, towardZero: Bool, filler: UInt32,
                          huge: Bool) -> ([Float], [Float]) {
        var a = [Float](repeating: 0, count: m * depth), b = [Float](repeating: 0, count: n * depth)
        for row in 0 ..< m { a[row * depth + depth - 1] = Float(bitPattern: filler << 23 | UInt32(random.next() & 0x7F_FFFF)) }
        for column in 0 ..< n { b[column * depth + depth - 2] = Float(bitPattern: filler << 23 | UInt32(random.next() & 0x7F_FFFF)) }
        if huge { a[depth - 3] = 0x1p126 }
        let u = Float(sign: .plus, exponent: -bits, significand: 1), half = Float(sign: .plus, exponent: -mantissaBits - 1, significand: 1)
        for row in 0 ..< m {
            let column = (row + 3) % n, k0 = 2 * row + 1
            // t = 1 + 2^-M (nearest-even) or 1, then a b = -2^-(M+1) (1 - u^2) or 2^-M (1 - u^2).
            a[row * depth + k0 - 1] = towardZero ? 1 : 1 + 2 * half
            b[column * depth + k0 - 1] = 1
            a[row * depth + k0] = towardZero ? 2 * half * (1 + u) : -half * (1 + u)
            b[column * depth + k0] = 1 - u
        }
        return (a, b)
    }

    func testDoubleRoundingBoundariesInCheckedLanes() throws {
        let (m, n, k) = (13, 20, 40)
        let (float, double) = ("float32 lanes", "double lanes")
        // (accumulator, float32 or Double construction, filler exponent field, lanes, subnormal check)
        let cases: [(String, Int, UInt32, String, Bool)] = [
            ("bf16", 11, 0x0C, float, false), ("fp:e5m7", 11, 0x0C, float, true), ("fp:e5m7", 11, 0x58, float, true),
            ("fp:e8m13", 11, 0x0C, float, false), ("fp:e8m13", 23, 0x58, float, false), ("fp:e5m11", 11, 0x0C, float, true),
            ("fp:e8m16", 23, 0x0C, double, true), ("fp:e8m16", 23, 0x58, double, false), ("fp:e5m15", 23, 0x58, double, true),
        ]
        for (spec, bits, filler, lanes, subnormal) in cases {
            let mantissaBits: Int
            switch try Accumulator(spec: spec) {
            case let .minifloat(f): mantissaBits = f.mantissaBits
            case let .wide(w): mantissaBits = w.mantissaBits
            default: return XCTFail(spec)
            }
            for mode in Accumulator.roundingModes {
                for huge in [false, true] {
                    let (a, b) = boundaryOperands(m: m, n: n, depth: k, mantissaBits: mantissaBits, bits: bits, towardZero: mode == .towardZero,
                                                  filler: filler, huge: huge)
                    let kernel = lanes + (huge ? ", checked" : ", boundary checked") + (subnormal ? " with subnormals" : "")
                    try check(spec, mode, a: a, m: m, b: b, n: n, depth: k, kernel: kernel, "boundaries")
                }
            }
        }
    }

    func testSubnormalSums() throws {
        let (m, n, k) = (13, 20, 24)
        // Float32 operands whose sums fall in the accumulators' subnormal ranges (checked lanes).
        let a = S.matrix("normal", m, k, seed: 4).map { $0 * 0x1p-9 }, b = S.matrix("normal", n, k, seed: 5).map { $0 * 0x1p-9 }
        for spec in ["fp16", "fp:e5m7", "fp:e4m3:fnuz", "fp:e5m11", "fp:e6m12:fnuz", "fp:e3m20:finite", "bf16"] {
            for mode in Accumulator.roundingModes {
                try check(spec, mode, a: a.map { $0 * (spec == "bf16" ? 0x1p-58 : 1) }, m: m, b: b.map { $0 * (spec == "bf16" ? 0x1p-58 : 1) },
                          n: n, depth: k, "subnormal sums")
            }
        }
        // Integer multiples of 2^-12: every sum is on FP16's subnormal grid (exact float32 lanes).
        let c = integers(m * k, 7).map { $0 * 0x1p-12 }, d = integers(n * k, 7).map { $0 * 0x1p-12 }
        for mode in Accumulator.roundingModes {
            try check("fp16", mode, a: c, m: m, b: d, n: n, depth: k, kernel: "float32 lanes", "sums on the subnormal grid")
            try check("fp:e5m11", mode, a: c, m: m, b: d, n: n, depth: k, kernel: "float32 lanes", "sums on the subnormal grid")
        }
        // Multiples of 2^-14: exact float32 sums, but off FP16's subnormal grid (multiples of 2^-24).
        let e = integers(m * k, 15).map { $0 * 0x1p-14 }, f = integers(n * k, 15).map { $0 * 0x1p-14 }
        for mode in Accumulator.roundingModes {
            try check("fp16", mode, a: e, m: m, b: f, n: n, depth: k, kernel: "float32 lanes, boundary checked with subnormals",
                      "sums off the subnormal grid")
        }
    }

    func testSumJustBelowTheSmallestNormalInCheckedLanes() throws {
        // Output (row, row): t = 2^-14 (FP16's smallest normal), then a b = -2^-40, whose float32
        // sum is 2^-14 again: toward zero gives FP16's largest subnormal, 2^-14 - 2^-24; then
        // a b = 3 2^-26 (back to 2^-14 - 2^-24 toward zero). Tiny full-width values at K positions
        // where the other operand is 0 keep the lanes checked without flagging any other step.
        let (m, n, k) = (7, 16, 8)
        var a = [Float](repeating: 0, count: m * k), b = [Float](repeating: 0, count: n * k)
        for q in 0 ..< m { a[q * k + 7] = Float(bitPattern: 0x0C00_0000 | UInt32(random.next() & 0x7F_FFFF)) }
        for q in 0 ..< n { b[q * k + 6] = Float(bitPattern: 0x0C00_0000 | UInt32(random.next() & 0x7F_FFFF)) }
        for row in 0 ..< m {
            a[row * k] = 0x1p-7; b[row * k] = 0x1p-7
            a[row * k + 1] = -0x1p-20; b[row * k + 1] = 0x1p-20
            a[row * k + 2] = 0x3p-13; b[row * k + 2] = 0x1p-13
        }
        for spec in ["fp16", "fp:e5m7", "fp:e5m11"] {
            for mode in Accumulator.roundingModes {
                try check(spec, mode, a: a, m: m, b: b, n: n, depth: k, kernel: "float32 lanes, boundary checked with subnormals", "sum at 2^-14")
            }
        }
    }

    func testSegmentEndsWhoseSumIsInexactInFloat32() throws {
        // MX INT8 blocks of 32. Column 0: block 0 gives acc = 2, block 1 adds
        // h = 8193 x 2^-26 = 2^-13 + 2^-26: fl32(acc + h) is the FP:E8M13 midpoint 2 + 2^-13, the
        // exact sum is above it. Column 1: block 1 adds -2^-26: fl32(acc + h) = 2, the exact sum is below.
        let k = 64
        var a = [Float](repeating: 0, count: k), b = [Float](repeating: 0, count: 16 * k)
        a[0] = 1; a[32] = 1; a[33] = 1; a[34] = 0x1p-6
        b[0] = 2; b[32] = 0x1p-14; b[33] = 0x1p-14; b[34] = 0x1p-20
        b[k] = 2; b[k + 32] = -0x1p-26
        for mode in Accumulator.roundingModes {
            for spec in ["fp:e8m13", "fp:e8m20", "fp32"] where spec != "fp32" || mode == .towardZero {
                try check(spec, mode, formats: ("mxint8", "mxint8"), a: a, m: 1, b: b, n: 16, depth: k, "inexact segment end")
            }
        }
    }

    func testSegmentEndNextToTheSmallestNormal() throws {
        // MX INT8 blocks of 32: block 0 gives acc = 2^-14 (FP16's smallest normal), block 1 adds
        // -2^-40: toward zero, the largest FP16 subnormal; nearest-even, 2^-14 again.
        let k = 64
        var a = [Float](repeating: 0, count: k), b = [Float](repeating: 0, count: 16 * k)
        a[0] = 1; a[32] = 1
        for j in 0 ..< 16 {
            b[j * k] = 0x1p-14
            b[j * k + 32] = j % 2 == 0 ? -0x1p-40 : 0x1p-40 * Float(j)
        }
        for mode in Accumulator.roundingModes {
            try check("fp16", mode, formats: ("mxint8", "mxint8"), a: a, m: 1, b: b, n: 16, depth: k, "segment end at 2^-14")
            try check("fp:e5m11", mode, formats: ("mxint8", "mxint8"), a: a, m: 1, b: b, n: 16, depth: k, "segment end at 2^-14")
        }
    }
}
