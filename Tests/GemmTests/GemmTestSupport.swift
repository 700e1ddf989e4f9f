import Formats
import Gemm
import Tensors
import XCTest

/// Data and comparisons shared by the GEMM tests.
enum GemmTestSupport {
    /// A synthetic matrix, e.g. `matrix("normal", 3, 70, seed: 1)`.
    static func matrix(_ distribution: String, _ rows: Int, _ columns: Int, seed: UInt64, parameters: String = "") -> [Float] {
        let extra = parameters.isEmpty ? "" : ", " + parameters
        // The spec is written here, so it parses.
        let spec = try! SyntheticTensor(parsing: "\(distribution)(shape=\(rows)x\(columns)\(extra), seed=\(seed))")
        return spec.generate().values
    }

    static func format(_ spec: String?) throws -> (any TensorFormat)? {
        try spec.map { try FormatRegistry.tensorFormat($0) }
    }

    /// Every accumulator of `specs` in every rounding mode, both block sums, each promotion: the fast
    /// GEMM against the slow definition.
    static func assertAccumulators(_ specs: [String], a: [Float], m: Int, b: [Float], n: Int, depth: Int, formats: (String?, String?),
                                   promotions: [Int?], _ label: String, file: StaticString, line: UInt) throws {
        for spec in specs {
            for mode in Accumulator.roundingModes {
                for blockSum in BlockSum.allCases {
                    for promotion in promotions {
                        let gemm = try QuantizedGemm(aFormat: format(formats.0), bFormat: format(formats.1),
                                                     accumulator: Accumulator(spec: spec), accumulatorRounding: mode,
                                                     promotion: promotion, blockSum: blockSum)
                        try assertMatchesDefinition(gemm, a: a, m: m, b: b, n: n, depth: depth,
                                                    "\(label): \(spec) \(mode) \(blockSum) promote \(promotion ?? 0)", file: file, line: line)
                    }
                }
            }
        }
    }

    /// Runs the fast GEMM and the slow definition on the same operands and asserts bit equality.
    static func assertMatchesDefinition(_ gemm: QuantizedGemm, a: [Float], m: Int, b: [Float], n: Int, depth: Int,
                                        _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let qa = try gemm.operandA(a, rows: m, depth: depth), qb = try gemm.operandB(b, rows: n, depth: depth)
        let fast = try gemm.multiply(qa, qb)
        let slow = try SlowGemm(gemm).multiply(qa, qb)
        var mismatches = 0, first = ""
        for q in fast.indices where fast[q].bitPattern != slow[q].bitPattern && !(fast[q].isNaN && slow[q].isNaN) {
            if mismatches == 0 { first = "output \(q / n),\(q % n): fast \(fast[q]) slow \(slow[q])" }
            mismatches += 1
        }
        XCTAssertEqual(mismatches, 0, "\(message): \(mismatches) of \(fast.count) outputs differ; first \(first)", file: file, line: line)
    }
}
