import Formats
import Reference
import XCTest

/// Every named format and a few parametric ones against the MPFR reference, every rounding mode,
/// edge inputs plus a seeded random sample. Expect zero mismatches.
final class CrossCheckTests: XCTestCase {
    static let parametric = [
        "fp:e3m3:fn", "fp:e5m2:sat", "float8_e4m3fn:sat", "float8_e5m2:sat", "float6_e2m3fn:sat",
        "float8_e8m0fnu:sat", "fp:e3m2:fnuz", "fp:e4m3:b5:finite",
        "int:6:sym", "uint:3", "bipolar:3", "bipolar:1", "power:4:0.5", "power:3:0.75", "power:5:1.5",
        "codebook:-1,-0.25,0,0.5,2",
    ]

    func check(_ spec: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let format = try FormatRegistry.element(spec)
        let wide = format.bits > 8
        let result = try ReferenceCheck.check(spec: spec, randomCount: wide ? 5_000 : 20_000, seed: 7,
                                              edgeSample: wide ? 2_000 : nil)
        XCTAssertGreaterThan(result.inputsChecked, 0, file: file, line: line)
        XCTAssertEqual(result.mismatches, 0, "\n\(result)", file: file, line: line)
    }

    func testNamedFormats() throws {
        for entry in FormatRegistry.named { try check(entry.name) }
    }

    func testParametricFormats() throws {
        for spec in Self.parametric { try check(spec) }
    }
}
