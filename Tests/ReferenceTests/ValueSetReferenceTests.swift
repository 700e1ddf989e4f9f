import Formats
import Reference
import XCTest

/// A format type the Reference has no family reference for: it forwards to `base`, so
/// `ReferenceRounding` builds the generic `ValueSetReference` from its code values.
struct UnknownType: ElementFormat {
    let base: any ElementFormat
    var info: FormatInfo { base.info }
    func quantize(_ x: Float, mode: RoundingMode, random: UInt32) -> Float { base.quantize(x, mode: mode, random: random) }
    func encode(rounded value: Float) -> UInt32 { base.encode(rounded: value) }
    func decode(_ code: UInt32) -> Float { base.decode(code) }
    var saturating: any ElementFormat { self }
}

/// The generic value-set reference: its contract is exactly the family rule of integer grids and
/// codebooks, so on those it must agree with their own references everywhere.
final class ValueSetReferenceTests: XCTestCase {
    func testAgreesWithTheFamilyReferencesOfIntegersAndCodebooks() throws {
        for spec in ["int4", "int8", "uint4", "int:5:sym", "nf4", "codebook:-3,-1,0.5,2,7"] {
            let format = try FormatRegistry.element(spec)
            let family = try ReferenceRounding(format)
            let generic = try ReferenceRounding(UnknownType(base: format))
            let inputs = ReferenceCheck.edgeInputs(family) + ReferenceCheck.randomInputs(family, count: 3000)
            for mode in RoundingMode.allCases {
                for (i, x) in inputs.enumerated() {
                    let random = StochasticBits.bits(seed: 9, index: i)
                    let a = family.round(x, mode: mode, random: random), b = generic.round(x, mode: mode, random: random)
                    XCTAssertTrue(a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN), "\(spec) \(mode) \(x): \(a) vs \(b)")
                }
            }
            XCTAssertEqual(generic.finiteValues, family.finiteValues, spec)
        }
    }

    func testAFormatWrappedThisWayVerifies() throws {
        let result = try ReferenceCheck.edges(UnknownType(base: try FormatRegistry.element("uint4")), randomCount: 2000)
        XCTAssertEqual(result.mismatches, 0)
    }

    func testFormatsWithInfinitiesAreRefusedInOneLine() throws {
        XCTAssertThrowsError(try ReferenceRounding(UnknownType(base: try FormatRegistry.element("float8_e5m2")))) { error in
            XCTAssertEqual("\(error)", "no MPFR reference for format 'float8_e5m2': it has infinities; the generic value-set reference covers saturating formats")
        }
    }
}
