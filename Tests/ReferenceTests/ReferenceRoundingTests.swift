import Formats
import Reference
import XCTest

/// The reference against facts stated in the formats' documentation (independent of the fast path).
final class ReferenceRoundingTests: XCTestCase {
    func reference(_ spec: String) throws -> ReferenceRounding { try ReferenceRounding(FormatRegistry.element(spec)) }

    func assertRounds(_ spec: String, _ x: Float, _ mode: RoundingMode, _ expected: Float, random: UInt32 = 0,
                      file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try reference(spec).round(x, mode: mode, random: random)
        XCTAssertTrue(r.isNaN && expected.isNaN || r.bitPattern == expected.bitPattern,
                      "\(spec) \(x) \(mode): \(r), expected \(expected)", file: file, line: line)
    }

    func testDocumentedMiniFloatFacts() throws {
        try assertRounds("float8_e4m3fn", 464, .nearestEven, 448)    // SpecialValues: 464 -> 448
        try assertRounds("float8_e4m3fn", 465, .nearestEven, .nan)   // 465 -> NaN
        try assertRounds("float8_e4m3fn", 1e9, .towardZero, 448)     // IEEE 754 §7.4
        try assertRounds("float8_e4m3fn", -1e9, .towardPositive, -448)
        try assertRounds("float8_e4m3fn", -1e9, .towardNegative, .nan)
        try assertRounds("float8_e4m3fn:sat", .infinity, .nearestEven, 448)
        try assertRounds("float4_e2m1fn", 7, .nearestEven, 6)
        try assertRounds("float4_e2m1fn", .infinity, .nearestEven, 6)
        try assertRounds("float4_e2m1fn", .nan, .nearestEven, 0)
        try assertRounds("float4_e2m1fn", 2.5, .nearestEven, 2)      // tie to the even mantissa
        try assertRounds("float4_e2m1fn", 5, .nearestEven, 4)
        try assertRounds("float4_e2m1fn", 5, .nearestAway, 6)
        try assertRounds("float4_e2m1fn", -0.25, .nearestEven, -0.0)
        try assertRounds("float8_e5m2", 61440, .nearestEven, .infinity)  // tie max/virtual -> even = overflow
        try assertRounds("float8_e5m2", 61439, .nearestEven, 57344)
        try assertRounds("float8_e5m2", -.infinity, .towardZero, -.infinity)
        try assertRounds("float8_e4m3fnuz", -1e-9, .nearestEven, 0)      // no -0
        try assertRounds("float8_e4m3fnuz", -0.0, .towardNegative, 0)
        try assertRounds("float8_e8m0fnu", 0, .nearestEven, .nan)
        try assertRounds("float8_e8m0fnu", -1, .nearestEven, .nan)
        try assertRounds("float8_e8m0fnu", 1.5, .nearestEven, 2)          // E8M0 ties go up
        try assertRounds("float8_e8m0fnu", 1e-45, .towardZero, .leastNormalMagnitude / 2)  // no zero
        try assertRounds("bfloat16", .greatestFiniteMagnitude, .nearestEven, .infinity)
        // Stochastic: up iff frac > u, u = (random >> 8) / 2^24.
        try assertRounds("float4_e2m1fn", 2.25, .stochastic, 3, random: 0x3FFF_FF00)  // frac 1/4 > u = 1/4 - 2^-24
        try assertRounds("float4_e2m1fn", 2.25, .stochastic, 2, random: 0x4000_0000)  // frac 1/4 = u: down
        try assertRounds("float4_e2m1fn", -2.25, .stochastic, -3, random: 0x3FFF_FFFF)
    }

    func testDocumentedGridFacts() throws {
        try assertRounds("int4", 2.5, .nearestEven, 2)
        try assertRounds("int4", -3.5, .nearestEven, -4)
        try assertRounds("int4", 100, .nearestEven, 7)
        try assertRounds("int4", -100, .towardZero, -8)
        try assertRounds("int4", -0.4, .nearestEven, 0)
        try assertRounds("int4", .nan, .nearestEven, 0)
        try assertRounds("int:4:sym", -100, .nearestEven, -7)
        try assertRounds("uint4", -3, .nearestEven, 0)
        try assertRounds("bipolar:3", 2, .nearestEven, 1)      // j = 0.5 -> even 0
        try assertRounds("bipolar:3", 4, .nearestEven, 5)      // j = 1.5 -> even 2
        try assertRounds("bipolar:3", -4, .nearestEven, -5)
        try assertRounds("bipolar:3", -0.0, .nearestEven, 1)
        try assertRounds("bipolar:3", -0.5, .towardZero, -1)
        try assertRounds("bipolar:3", 0.5, .towardNegative, -1)
        try assertRounds("bipolar:3", 0, .stochastic, 1, random: 0x7FFF_FF00)     // 0 > 2u - 1, u < 1/2
        try assertRounds("bipolar:3", 0, .stochastic, -1, random: 0x8000_0000)    // u = 1/2
        try assertRounds("bipolar:3", .nan, .nearestEven, 1)
        try assertRounds("bipolar:3", 1e6, .nearestEven, 7)
    }

    func testDocumentedLevelFacts() throws {
        let p = try reference("power:4:0.5")
        XCTAssertEqual(p.finiteValues, [-49, -36, -25, -16, -9, -4, -1, 0, 1, 4, 9, 16, 25, 36, 49])
        XCTAssertEqual(p.nearestThresholds[7].exactDouble, 0.25)           // (0 + 1/2)^2
        try assertRounds("power:4:0.5", 2.25, .nearestEven, 4)           // tie k = 1|2 -> even 2
        try assertRounds("power:4:0.5", 6.25, .nearestEven, 4)           // tie k = 2|3 -> even 2
        try assertRounds("power:4:0.5", 6.25, .nearestAway, 9)
        try assertRounds("power:4:0.5", -0.25, .nearestEven, 0)          // never -0
        try assertRounds("power:4:0.5", -2, .towardZero, -1)
        try assertRounds("power:4:0.5", .nan, .nearestEven, 0)
        try assertRounds("nf4", .nan, .nearestEven, 0)
        try assertRounds("nf4", 5, .nearestEven, 1)
        try assertRounds("codebook:-1,-0.25,0,0.5,2", 1.25, .nearestEven, 2)    // midpoint tie -> even index 4
        try assertRounds("codebook:-1,-0.25,0,0.5,2", 0.25, .nearestEven, 0)    // tie -> even index 2
        try assertRounds("codebook:-1,-0.25,0,0.5,2", -0.625, .nearestEven, -1)    // tie -> even index 0
        try assertRounds("codebook:-1,-0.25,0,0.5,2", -0.625, .nearestAway, -1)
    }

    /// The decision table (built by bisection over the reference) agrees with the direct reference.
    func testDecisionTableMatchesDirectReference() throws {
        for spec in ["float8_e4m3fn", "float4_e2m1fn", "float8_e8m0fnu", "int4", "bipolar:2", "power:3:0.75", "nf4"] {
            let r = try reference(spec)
            let inputs = ReferenceCheck.edgeInputs(r) + ReferenceCheck.randomInputs(r, count: 2_000, seed: 11)
            for mode in RoundingMode.allCases where mode != .stochastic {
                let table = DecisionTable(r, mode: mode)
                for x in inputs {
                    let a = table.lookup(x.bitPattern), b = r.round(x, mode: mode)
                    XCTAssertTrue(a.isNaN && b.isNaN || a.bitPattern == b.bitPattern, "\(spec) \(mode) \(x): table \(a), direct \(b)")
                }
            }
        }
    }
}
