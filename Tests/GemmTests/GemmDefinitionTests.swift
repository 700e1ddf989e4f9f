import Formats
import Gemm
import Transforms
import XCTest

/// `QuantizedGemm` against its definition: the exact accumulator against MPFR, FP32 against a plain
/// Float loop, and every emulated accumulator against the independent `SlowGemm`, bit for bit.
final class GemmDefinitionTests: XCTestCase {
    typealias S = GemmTestSupport

    /// Operand formats covering unscaled, E8M0 blocks, two-level E4M3 blocks, FP32 groups with a
    /// partial last block, asymmetric groups, per-row and per-column channels, and no format.
    static let formatPairs: [(String?, String?)] = [
        (nil, nil), ("mxfp8_e4m3", "mxfp8_e4m3"), ("nvfp4", "nvfp4"), ("mxint8", "mxfp4"),
        ("int8/g24", "float8_e5m2"), ("uint4/g16/asym", "int8/ch0"), ("int8/ch1", nil), ("bfloat16", "float16"),
    ]

    func testExactAccumulatorEqualsMPFR() throws {
        let a = S.matrix("normal", 3, 70, seed: 1), b = S.matrix("student_t", 17, 70, seed: 2)
        for (fa, fb) in Self.formatPairs {
            let gemm = try QuantizedGemm(aFormat: S.format(fa), bFormat: S.format(fb), accumulator: .exact)
            try S.assertMatchesDefinition(gemm, a: a, m: 3, b: b, n: 17, depth: 70, "exact \(fa ?? "-") x \(fb ?? "-")")
        }
    }

    func testFloat32SequentialEqualsPlainFloatLoop() throws {
        let (m, n, k) = (7, 33, 300)   // K crosses a chunk boundary, N a panel boundary
        let a = S.matrix("normal", m, k, seed: 3), b = S.matrix("laplace", n, k, seed: 4)
        for spec in [nil, "bfloat16", "float8_e4m3fn", "int4"] {
            let gemm = try QuantizedGemm(aFormat: S.format(spec), bFormat: S.format(spec))
            let qa = try gemm.operandA(a, rows: m, depth: k), qb = try gemm.operandB(b, rows: n, depth: k)
            let y = try gemm.multiply(qa, qb)
            for i in 0 ..< m {
                for j in 0 ..< n {
                    // The plain loop on the fake-quantized values (what `quantlab quantize` writes).
                    var acc: Float = 0
                    for q in 0 ..< k { acc = acc.addingProduct(qa.dequantized[i * k + q], qb.dequantized[j * k + q]) }
                    let expected = 0 + acc
                    XCTAssertEqual(y[i * n + j].bitPattern, expected.bitPattern, "\(spec ?? "-") output \(i),\(j)")
                }
            }
        }
    }

    func testEmulatedAccumulatorsMatchDefinition() throws {
        let (m, n, k) = (2, 17, 64)
        let a = S.matrix("normal", m, k, seed: 5), b = S.matrix("outliers", n, k, seed: 6, parameters: "channels=3, factor=40")
        let accumulators = ["fp32", "bf16", "fp16", "fp:e4m3", "fp:e5m2:sat", "fp:e4m3:fn", "fp:e6m5:finite"]
        var pair = 0
        for spec in accumulators {
            for mode in Accumulator.roundingModes {
                for blockSum in BlockSum.allCases {
                    for promotion in [nil, 32] as [Int?] {
                        // Every accumulator, mode, block sum and promotion; the operand formats rotate.
                        let (fa, fb) = Self.formatPairs[pair % Self.formatPairs.count]
                        pair += 1
                        let gemm = try QuantizedGemm(aFormat: S.format(fa), bFormat: S.format(fb), accumulator: Accumulator(spec: spec),
                                                     accumulatorRounding: mode, promotion: promotion, blockSum: blockSum)
                        try S.assertMatchesDefinition(gemm, a: a, m: m, b: b, n: n, depth: k,
                                                      "\(spec) \(mode) \(blockSum) promote \(promotion ?? 0) \(fa ?? "-") x \(fb ?? "-")")
                    }
                }
            }
        }
    }

    func testEveryOperandFormatWithANarrowAccumulator() throws {
        let (m, n, k) = (2, 17, 70)
        let a = S.matrix("normal", m, k, seed: 12), b = S.matrix("laplace", n, k, seed: 13)
        for (fa, fb) in Self.formatPairs {
            for blockSum in BlockSum.allCases {
                let gemm = try QuantizedGemm(aFormat: S.format(fa), bFormat: S.format(fb), accumulator: Accumulator(spec: "bf16"),
                                             promotion: 48, blockSum: blockSum)
                try S.assertMatchesDefinition(gemm, a: a, m: m, b: b, n: n, depth: k, "bf16 \(blockSum) \(fa ?? "-") x \(fb ?? "-")")
            }
        }
    }

    func testFloat32WithScaleProductsThatAreNotFloats() throws {
        // NVFP4 and FP32 group scales: s_a s_b is not a float32, so the FP32 kernel's segment end
        // takes the exact Double path instead of one FMA.
        let (m, n, k) = (3, 17, 64)
        let a = S.matrix("normal", m, k, seed: 14), b = S.matrix("normal", n, k, seed: 15)
        for (fa, fb) in [("nvfp4", "nvfp4"), ("int8/g16", "mxfp8_e4m3"), ("nvint4", nil)] as [(String, String?)] {
            for promotion in [nil, 32] as [Int?] {
                let gemm = try QuantizedGemm(aFormat: S.format(fa), bFormat: S.format(fb), promotion: promotion)
                try S.assertMatchesDefinition(gemm, a: a, m: m, b: b, n: n, depth: k, "fp32 \(fa) x \(fb ?? "-") promote \(promotion ?? 0)")
            }
        }
    }

    func testRotationIsAppliedToBothOperandsAlongK() throws {
        let a = S.matrix("normal", 3, 64, seed: 7), b = S.matrix("normal", 5, 64, seed: 8)
        let rotation = try HadamardRotation(blockSize: 32, signSeed: 9)
        let gemm = try QuantizedGemm(aFormat: nil, bFormat: S.format("mxfp8_e4m3"), accumulator: .exact, rotation: rotation)
        var expected = a
        try expected.withUnsafeMutableBufferPointer { try rotation.apply($0, rowLength: 64) }
        XCTAssertEqual(try gemm.operandA(a, rows: 3, depth: 64).elements, expected)
        try S.assertMatchesDefinition(gemm, a: a, m: 3, b: b, n: 5, depth: 64, "rotated")
    }

    func testRowsAreIndependentOfTiling() throws {
        let (m, n, k) = (50, 40, 130)
        let a = S.matrix("normal", m, k, seed: 10), b = S.matrix("normal", n, k, seed: 11)
        for spec in ["fp32", "bf16"] {
            let gemm = try QuantizedGemm(aFormat: S.format("mxfp8_e4m3"), bFormat: S.format("mxfp8_e4m3"),
                                         accumulator: Accumulator(spec: spec), promotion: 64)
            let full = try gemm.multiply(gemm.operandA(a, rows: m, depth: k), gemm.operandB(b, rows: n, depth: k))
            // Rows 13..<20 alone (another tile split, another unit count) give the same outputs.
            let part = try gemm.multiply(gemm.operandA(Array(a[13 * k ..< 20 * k]), rows: 7, depth: k), gemm.operandB(b, rows: n, depth: k))
            XCTAssertEqual(part.map(\.bitPattern), full[13 * n ..< 20 * n].map(\.bitPattern), spec)
        }
    }
}
