import XCTest
@testable import Formats
@testable import Reference

/// LLM-FP4's `fpq` against its MPFR reference (issue 13: every searched format has an exact reference).
final class RealBiasReferenceTests: XCTestCase {
    func testFastPathEqualsTheReferenceInEveryMode() throws {
        for spec in ["fpq(e2m1)", "fpq(e3m0)", "fpq(e1m2)", "fpq(e4m3, factor=0.7)", "fpq(e2m3, bias=1.37)", "fpq(e5m2, channel=0)",
                     "fpq(e2m1, block=16, factor=1.19)", "fpq(e3m2, channel=-1)"] {
            let format = try XCTUnwrap(try RealBiasFloat.parse(spec), spec)
            let result = try RealBiasReferenceCheck.check(format, randomCount: 512, seed: 3)
            XCTAssertTrue(result.passed, result.description)
            XCTAssertGreaterThan(result.inputsChecked, 6 * 512)
        }
    }

    /// The tie tensor holds exact midpoints: nearest-even and nearest-away disagree on some of them,
    /// so the check sees how ties are broken.
    func testTheTieCasesAreTies() throws {
        let format = try XCTUnwrap(try RealBiasFloat.parse("fpq(e2m1)"))
        let reference = try RealBiasReference(format)
        let ties = try XCTUnwrap(RealBiasReferenceCheck.cases(format, reference: reference, randomCount: 64, seed: 1).first { $0.label == "ties" })
        let even = try reference.fakeQuantize(ties.values, shape: ties.shape, mode: .nearestEven, seed: 0)
        let away = try reference.fakeQuantize(ties.values, shape: ties.shape, mode: .nearestAway, seed: 0)
        XCTAssertGreaterThan(zip(even, away).filter { $0 != $1 }.count, 3)
        // 2s = 2 on that tensor: E2M1's doubled grid {0, 1, 2, 3, 4, 6, 8, 12} is returned unchanged.
        XCTAssertEqual(reference.gridScale(amax: 12), 2)
    }
}
