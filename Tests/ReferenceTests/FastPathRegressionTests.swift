import Formats
import Reference
import XCTest

/// Parametric formats where the fast path once disagreed with its own definition, found by the
/// reference; each now agrees (or, for a format with no normal binade, is refused by name).
final class FastPathRegressionTests: XCTestCase {
    func assertNoMismatch(_ spec: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try ReferenceCheck.check(spec: spec, randomCount: 4_000, seed: 3)
        XCTAssertEqual(result.mismatches, 0, "\n\(result)", file: file, line: line)
    }

    /// E = 1 IEEE formats have no normal binade (field 1 is Inf/NaN); the fast path once took a
    /// largest value the format does not have (fp:e1m2: 1.75 instead of 1.5). They are refused.
    func testAllSubnormalIEEEFormat() throws {
        XCTAssertThrowsError(try FormatRegistry.element("fp:e1m2")) { XCTAssertTrue("\($0)".contains("at least 2 exponent bits")) }
    }

    /// Exponent-only formats other than E8M0 bias 127: below the smallest value 2^-bias every input
    /// must round to it (no zero), but the fast path's special case is hard-coded at 2^-127.
    func testExponentOnlyOtherBias() throws {
        try assertNoMismatch("fp:e6m0:e8m0")
        try assertNoMismatch("fp:e8m0:e8m0:b128")
    }

    /// A codebook whose midpoint is not a Double: the fast path rounds `(lo + hi) / 2` in double and
    /// then sees a tie where there is none (0.5 is below the exact midpoint of 1e-30 and 1).
    func testCodebookInexactMidpoint() throws { try assertNoMismatch("codebook:-5,1e-30,1") }
}

/// Parametric specs that describe no usable format are refused by name.
final class RefusedSpecTests: XCTestCase {
    func testIEEEWithoutMantissaHasNoNaNCode() {
        XCTAssertThrowsError(try FormatRegistry.element("fp:e2m0")) { XCTAssertTrue("\($0)".contains("no NaN code")) }
    }

    func testPowerLevelsMustBeFloats() {
        XCTAssertThrowsError(try FormatRegistry.element("power:12:0.06")) { XCTAssertTrue("\($0)".contains("overflows float32")) }
    }
}
