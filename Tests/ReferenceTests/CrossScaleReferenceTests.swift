import Formats
@testable import Reference
import XCTest

final class CrossScaleReferenceTests: XCTestCase {
    /// The cross(alpha=A) granularity against the MPFR reference (row and column maxima exact, every
    /// float32 step replayed once), in every mode, for INT, FP and E8M0-scaled elements.
    func testCrossScaleMatchesTheReference() throws {
        for spec in ["int8/cross(alpha=0.5)", "int:4:sym/cross(alpha=0.3)", "float8_e4m3fn/cross(alpha=0.8)",
                     "scaled(int8, cross(alpha=0.25), scale=e8m0)", "int:3:sym/cross(alpha=0)", "int:3:sym/cross(alpha=1)"] {
            let result = try ScaledReferenceCheck.check(spec: spec, randomCount: 600, seed: 7)
            XCTAssertTrue(result.passed, "\(spec): \(result)")
        }
    }
}
