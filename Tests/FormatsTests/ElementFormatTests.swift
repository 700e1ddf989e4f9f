import XCTest
@testable import Formats

final class ElementFormatTests: XCTestCase {
    func q(_ spec: String, _ x: Float, _ mode: RoundingMode = .nearestEven, _ random: UInt32 = 0) throws -> Float {
        try FormatRegistry.element(spec).quantize(x, mode: mode, random: random)
    }

    func testE4M3FNOverflowAndSpecials() throws {
        XCTAssertEqual(try q("float8_e4m3fn", 464), 448)      // tie with the virtual 480 goes to even 448
        XCTAssertTrue(try q("float8_e4m3fn", 465).isNaN)
        XCTAssertTrue(try q("float8_e4m3fn", .infinity).isNaN)
        XCTAssertEqual(try q("float8_e4m3fn", 1000, .towardZero), 448)   // IEEE 7.4: directed overflow -> max
        XCTAssertEqual(try q("float8_e4m3fn", -1000, .towardPositive), -448)
        XCTAssertTrue(try q("float8_e4m3fn", -1000, .towardNegative).isNaN)
        XCTAssertEqual(try q("float8_e4m3fn:sat", 1e6), 448)
        XCTAssertEqual(try q("float8_e4m3fn:sat", -.infinity), -448)
        XCTAssertEqual(try q("float8_e4m3fn", 0x1p-10), 0)     // half the smallest subnormal: tie to even 0
        XCTAssertEqual(try q("float8_e4m3fn", 0x1p-10, .nearestAway), 0x1p-9)
        XCTAssertEqual(try q("float8_e4m3fn", -0.0).sign, .minus)
    }

    func testFnuzHasNoNegativeZero() throws {
        let z = try q("float8_e4m3fnuz", -1e-9)
        XCTAssertEqual(z, 0); XCTAssertEqual(z.sign, .plus)
        let f = try FormatRegistry.element("float8_e4m3fnuz")
        XCTAssertTrue(f.decode(0x80).isNaN)
        XCTAssertEqual(f.encode(rounded: .nan), 0x80)
    }

    func testE2M1ValuesRoundingAndSaturation() throws {
        let f = try FormatRegistry.element("float4_e2m1fn")
        XCTAssertEqual(f.allValues.prefix(8), [0, 0.5, 1, 1.5, 2, 3, 4, 6])
        XCTAssertEqual(try q("float4_e2m1fn", 0.25), 0)        // tie -> even code 0
        XCTAssertEqual(try q("float4_e2m1fn", 0.75), 1)        // tie -> even code 2 (1.0)
        XCTAssertEqual(try q("float4_e2m1fn", 5), 4)           // tie between 4 (even) and 6
        XCTAssertEqual(try q("float4_e2m1fn", 5, .nearestAway), 6)
        XCTAssertEqual(try q("float4_e2m1fn", 7), 6)
        XCTAssertEqual(try q("float4_e2m1fn", .infinity), 6)
        XCTAssertEqual(try q("float4_e2m1fn", .nan).bitPattern, 0)  // documented: NaN -> +0
        XCTAssertEqual(try q("float4_e2m1fn", 2.1, .towardPositive), 3)
        XCTAssertEqual(try q("float4_e2m1fn", -2.1, .towardPositive), -2)
        XCTAssertEqual(try q("float4_e2m1fn", -2.1, .towardNegative), -3)
        XCTAssertEqual(try q("float4_e2m1fn", -2.9, .towardZero), -2)
    }

    func testE8M0() throws {
        XCTAssertEqual(try q("float8_e8m0fnu", 1.5 * 0x1p125), 0x1p126)  // ties round up
        XCTAssertEqual(try q("float8_e8m0fnu", 1.4 * 0x1p125), 0x1p125)
        XCTAssertEqual(try q("float8_e8m0fnu", 0x1p-140), 0x1p-127)      // no zero: clamps to the smallest
        XCTAssertTrue(try q("float8_e8m0fnu", 0).isNaN)
        XCTAssertTrue(try q("float8_e8m0fnu", -1).isNaN)
        XCTAssertTrue(try q("float8_e8m0fnu", 3.0e38).isNaN)
        let f = try FormatRegistry.element("float8_e8m0fnu")
        XCTAssertEqual(f.encode(rounded: 1), 127)
        XCTAssertEqual(f.decode(0), 0x1p-127)
    }

    func testIntegers() throws {
        XCTAssertEqual(try q("int8", 2.5), 2)
        XCTAssertEqual(try q("int8", 3.5), 4)
        XCTAssertEqual(try q("int8", -2.5), -2)
        XCTAssertEqual(try q("int8", -2.5, .nearestAway), -3)
        XCTAssertEqual(try q("int8", 300), 127)
        XCTAssertEqual(try q("int8", -300), -128)
        XCTAssertEqual(try q("int:8:sym", -300), -127)
        XCTAssertEqual(try q("uint4", -3), 0)
        XCTAssertEqual(try q("int4", .nan), 0)
        XCTAssertEqual(try q("int4", -0.2).sign, .plus)
        XCTAssertEqual(try q("int4", -1.2, .towardZero), -1)
        XCTAssertEqual(try q("int4", -1.2, .towardNegative), -2)
        XCTAssertEqual(try q("int4", 1.2, .towardPositive), 2)
        let int4 = try FormatRegistry.element("int4")
        XCTAssertEqual(int4.encode(rounded: -1), 0xF)
        XCTAssertEqual(int4.decode(0x8), -8)
        XCTAssertTrue(try FormatRegistry.element("int:4:sym").decode(0x8).isNaN)
    }

    func testBipolar() throws {
        let f = try FormatRegistry.element("bipolar:3")
        XCTAssertEqual(f.allValues, [-7, -5, -3, -1, 1, 3, 5, 7])
        XCTAssertEqual(try q("bipolar:3", 0), 1)
        XCTAssertEqual(try q("bipolar:3", -0.3), -1)
        XCTAssertEqual(try q("bipolar:3", 2), 1)        // tie: |v| = 1 mod 4 wins
        XCTAssertEqual(try q("bipolar:3", -2), -1)
        XCTAssertEqual(try q("bipolar:3", 4), 5)
        XCTAssertEqual(try q("bipolar:3", 100), 7)
        XCTAssertEqual(try q("bipolar:3", -0.5, .towardPositive), 1)
        XCTAssertEqual(try q("bipolar:3", 0.5, .towardNegative), -1)
        XCTAssertEqual(f.encode(rounded: -7), 0)
        XCTAssertEqual(f.encode(rounded: 7), 7)
    }

    func testPowerExponentAndCodebook() throws {
        let p = try FormatRegistry.element("power:4:0.5")
        XCTAssertEqual(p.allValues.filter { !$0.isNaN }.sorted(), [-49, -36, -25, -16, -9, -4, -1, 0, 1, 4, 9, 16, 25, 36, 49])
        XCTAssertEqual(try q("power:4:0.5", 2.0), 1)       // sqrt(2) = 1.414 < 1.5
        XCTAssertEqual(try q("power:4:0.5", 2.3), 4)       // sqrt(2.3) = 1.517 > 1.5
        XCTAssertEqual(try q("power:4:0.5", 2.25), 4)      // tie at 1.5^2: even k = 2 wins
        XCTAssertEqual(try q("power:4:0.5", 6.25), 4)      // tie at 2.5^2: even k = 2 wins
        XCTAssertEqual(try q("power:4:0.5", 100), 49)
        XCTAssertEqual(try q("nf4", 0.03), 0)
        XCTAssertEqual(try q("nf4", 2), 1)
        XCTAssertEqual(try q("codebook:-1,0,0.5,2", 1.25), 0.5)  // midpoint tie: even index 2 (0.5)
        XCTAssertEqual(try q("codebook:-1,0,0.5,2", 1.3), 2)
    }

    func testStochasticRoundingIsDeterministicAndUnbiased() throws {
        let f = try FormatRegistry.element("float4_e2m1fn")
        let x = [Float](repeating: 2.5, count: 100_000)
        let a = f.quantize(x, mode: .stochastic, seed: 9)
        XCTAssertEqual(a, f.quantize(x, mode: .stochastic, seed: 9))
        XCTAssertNotEqual(a, f.quantize(x, mode: .stochastic, seed: 10))
        XCTAssertEqual(Set(a), [2, 3])
        let mean = a.reduce(0, +) / Float(a.count)
        XCTAssertEqual(mean, 2.5, accuracy: 0.01)
    }

    func testBufferPathEqualsScalarPath() throws {
        var generator = SystemRandomNumberGenerator()
        let inputs = (0 ..< 300_000).map { _ in Float(bitPattern: UInt32.random(in: 0 ... .max, using: &generator)) }
        for entry in FormatRegistry.named {
            let f = try entry.make()
            for mode in RoundingMode.allCases {
                let buffer = f.quantize(inputs, mode: mode, seed: 3)
                for i in stride(from: 0, to: inputs.count, by: 97) {
                    let scalar = f.quantize(inputs[i], mode: mode, random: StochasticBits.bits(seed: 3, index: i))
                    XCTAssertTrue(scalar.bitPattern == buffer[i].bitPattern || (scalar.isNaN && buffer[i].isNaN),
                                  "\(entry.name) \(mode) \(inputs[i])")
                }
            }
        }
    }

    func testSpecErrorsNameTheProblem() {
        XCTAssertThrowsError(try FormatRegistry.element("float8_e4m3fz")) { error in
            XCTAssertTrue("\(error)".contains("float8_e4m3fn"), "\(error)")
        }
        XCTAssertThrowsError(try FormatRegistry.element("fp:e9m2")) { XCTAssertTrue("\($0)".contains("exponent bits 9")) }
        XCTAssertThrowsError(try FormatRegistry.element("int:1")) { XCTAssertTrue("\($0)".contains("2...16")) }
        XCTAssertThrowsError(try FormatRegistry.element("codebook:1,x")) { XCTAssertTrue("\($0)".contains("'x'")) }
        XCTAssertThrowsError(try RoundingMode(name: "nearst")) { XCTAssertTrue("\($0)".contains("nearest-even")) }
    }
}
