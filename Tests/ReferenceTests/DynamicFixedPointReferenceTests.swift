import Formats
@testable import Reference
import XCTest

final class DynamicFixedPointReferenceTests: XCTestCase {
    /// dfp is a scaled format: the MPFR reference replays its rounding bit for bit in every mode.
    func testDynamicFixedPointMatchesTheReference() throws {
        for spec in ["dfp:8", "dfp:16", "dfp:4/g32", "dfp:16/g64"] {
            let result = try ScaledReferenceCheck.check(spec: spec, randomCount: 600, seed: 5)
            XCTAssertTrue(result.passed, "\(result)")
        }
    }
}
