import Formats
@testable import Gemm
import XCTest

/// Which exact path each configuration takes (every path is checked against the definition by the
/// other tests; these make sure the fast ones are the ones taken on typical operands).
final class KernelPathTests: XCTestCase {
    typealias S = GemmTestSupport

    func facts(_ spec: String?, seed: UInt64) throws -> ElementFacts {
        try QuantizedOperand(values: S.matrix("normal", 4, 64, seed: seed), rows: 4, depth: 64, format: S.format(spec)).facts
    }

    func testPathConditions() throws {
        let bf16 = try XCTUnwrap(FormatRegistry.element("bfloat16") as? MiniFloat)
        let fp16 = try XCTUnwrap(FormatRegistry.element("float16") as? MiniFloat)
        let mx = try facts("mxfp8_e4m3", seed: 1), mx2 = try facts("mxfp8_e4m3", seed: 2)
        let fp4 = try facts("mxfp4", seed: 3), raw = try facts(nil, seed: 4)
        // Rounded float32 sums: nearest-even and every product in F.
        XCTAssertTrue(MiniFloatFinish<False, NearestEvenMode>(format: bf16).roundsFloat32SumsExactly(mx, mx2))
        XCTAssertFalse(MiniFloatFinish<False, TowardZeroMode>(format: bf16).roundsFloat32SumsExactly(mx, mx2))
        XCTAssertFalse(MiniFloatFinish<True, NearestEvenMode>(format: fp16).roundsFloat32SumsExactly(mx, mx2))  // 448^2 > 65504
        XCTAssertTrue(MiniFloatFinish<True, NearestEvenMode>(format: fp16).roundsFloat32SumsExactly(fp4, fp4))
        XCTAssertFalse(MiniFloatFinish<False, NearestEvenMode>(format: bf16).roundsFloat32SumsExactly(raw, mx))
        // Float32 TwoSum with rounding to odd: exact products in [2^-100, 2^100].
        XCTAssertTrue(mx.productsExact(with: mx2))
        XCTAssertFalse(raw.productsExact(with: mx))
        // Double block sums for E4M3 blocks of 32; not for float32 operands.
        XCTAssertTrue(mx.blockSumsExact(with: mx2, count: 32))
        XCTAssertFalse(raw.blockSumsExact(with: raw, count: 32))
    }
}
