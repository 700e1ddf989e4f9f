import Formats
@testable import Reference
import XCTest

/// Scaled formats against the MPFR scaled reference (`ScaledReference`), every rounding mode,
/// random tensors across binades plus edge tensors. Expect zero mismatches.
final class ScaledReferenceTests: XCTestCase {
    static let extra = [
        "mxint8(sym)", "mxfp4(rule=ceil)", "mxfp4(rule=even)", "mxfp4(rule=rceil)", "nvfp4(levels=1)",
        "int4/g128", "int8/ch0", "int8/ch1", "int8/tensor", "uint4/g64/asym", "bipolar:4/g32",
        "power:4:0.5/g16", "mxfp4(clip=0.9)",
    ]

    func check(_ spec: String, modes: [RoundingMode] = RoundingMode.allCases, randomCount: Int = 1024,
               file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try ScaledReferenceCheck.check(spec: spec, modes: modes, randomCount: randomCount, seed: 3)
        XCTAssertGreaterThan(result.inputsChecked, 0, file: file, line: line)
        XCTAssertEqual(result.mismatches, 0, "\n\(result)", file: file, line: line)
    }

    func testNamedScaledFormats() throws {
        for entry in ScaledFormatSpec.named { try check(entry.name) }
    }

    func testOptionsAndParametricScaledFormats() throws {
        for spec in Self.extra { try check(spec) }
    }

    /// The check is not vacuous: a fast path with another rule, or another element rounding,
    /// against the reference of the intended format is caught.
    func testCheckCatchesAWrongFastPath() throws {
        for (fast, intended) in [("mxfp4(rule=ceil)", "mxfp4"), ("mxint8", "mxint8(sym)"), ("nvfp4(levels=1)", "nvfp4"),
                                 ("int8/ch1", "int8/ch0"), ("uint4/g32/asym", "uint4/g64/asym")] {
            let f = try XCTUnwrap(ScaledFormatSpec.parse(fast)), g = try XCTUnwrap(ScaledFormatSpec.parse(intended))
            let reference = try ScaledReference(g)
            let cases = ScaledReferenceCheck.cases(for: reference, randomCount: 512, seed: 3)
            let result = ScaledReferenceCheck.check(f, reference: reference, cases: cases, modes: [.nearestEven], seed: 3)
            XCTAssertGreaterThan(result.mismatches, 0, "\(fast) vs the reference of \(intended)")
        }
    }

    func testMSEClippingSearch() throws {
        // The search runs 51 reference passes per tensor: a small tensor, two modes.
        try check("mxfp4(clip=mse)", modes: [.nearestEven, .stochastic], randomCount: 256)
    }
}
