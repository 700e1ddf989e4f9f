import XCTest
@testable import Formats

final class RealBiasFloatTests: XCTestCase {
    /// The authors' quantizer (`get_scale` in quant_layers/fp_linear.py), written out in Double:
    /// clamp to ±Qmax, step 2^(max(floor(log2|x| + b), 1) - m - b), round half to even.
    func reference(_ x: Float, e: Int, m: Int, bias b: Double) -> Float {
        let qmax = (2 - pow(2, -Double(m))) * pow(2, pow(2, Double(e)) - 1 - b)
        let c = min(max(Double(x), -qmax), qmax)
        let level = max((log2(abs(c)) + b).rounded(.down), 1)
        let step = pow(2, level - Double(m) - b)
        return Float((c / step).rounded(.toNearestOrEven) * step)
    }

    func testIntegerBiasMatchesTheAuthorsFormulaExactly() throws {
        var state: UInt64 = 7
        let x: [Float] = (0 ..< 4000).map { i in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let u = Float(state >> 40) / Float(1 << 24) - 0.5
            return i % 97 == 0 ? 0 : u * Float(1 << (i % 9))
        }
        for (e, m) in [(3, 0), (2, 1), (1, 2), (4, 3), (5, 2), (2, 3)] {
            for b in [-2.0, 0, 1, 3] {
                let f = try RealBiasFloat(exponentBits: e, mantissaBits: m, bias: .fixed(b))
                let q = try f.fakeQuantize(x, shape: [x.count])
                for i in x.indices { XCTAssertEqual(q[i], reference(x[i], e: e, m: m, bias: b), "E\(e)M\(m) b=\(b) x=\(x[i])") }
            }
        }
    }

    func testMinMaxPutsTheClipValueAtAmaxAndE1IsUniform() throws {
        let x: [Float] = [-3, -0.7, 0.1, 0.5, 1.2, 2.4]
        let f = try XCTUnwrap(try RealBiasFloat.parse("fpq(e2m1)"))
        XCTAssertEqual(try f.fakeQuantize(x, shape: [6]).first, -3)          // amax is a grid point
        XCTAssertEqual(f.realBias(amax: 6), 1, accuracy: 1e-12)               // Qmax0 = 12: amax 6 is E2M1's usual bias 1
        // E1M2: 2^(1-b)(d/4) and 2^(1-b)(1 + d/4): one uniform grid of 8 steps up to 1.75 * 2^(1-b).
        let e1 = try XCTUnwrap(try RealBiasFloat.parse("fpq(e1m2, bias=1)"))
        let grid = try e1.fakeQuantize((0 ... 14).map { Float($0) / 8 }, shape: [15])
        XCTAssertEqual(grid, (0 ... 14).map { Float((Double($0) / 2).rounded(.toNearestOrEven)) / 4 })
    }

    func testFactorScalesTheBiasAndSpecsRoundTrip() throws {
        let f = try XCTUnwrap(try RealBiasFloat.parse("fpq(e3m0, factor=0.5, channel=0)"))
        let amax: Float = 0.25
        let minMax = try XCTUnwrap(try RealBiasFloat.parse("fpq(e3m0)")).realBias(amax: amax)
        XCTAssertEqual(f.realBias(amax: amax), 0.5 * minMax, accuracy: 1e-6)   // the scale is a float32
        XCTAssertEqual(RealBiasFloat.canonicalName(3, 0, .minMax(factor: 0.5), .channel(axis: 0)), "fpq(e3m0, factor=0.5, channel=0)")
        XCTAssertThrowsError(try RealBiasFloat.parse("fpq(e0m3)"))
        XCTAssertThrowsError(try RealBiasFloat.parse("fpq(e2m1, factor=-1)"))
        XCTAssertThrowsError(try RealBiasFloat.parse("fpq(e2m1, sat)"))
        XCTAssertEqual(try FormatRegistry.tensorFormat("fpq(e2m1)").bitsPerElement, 4)
    }

    func testNonFiniteAndZeroGroups() throws {
        let f = try XCTUnwrap(try RealBiasFloat.parse("fpq(e2m1, channel=0)"))
        let q = try f.fakeQuantize([0, 0, 1, .nan, 3, 1], shape: [3, 2])
        XCTAssertEqual(Array(q[0 ..< 2]), [0, 0])
        XCTAssertTrue(q[2].isNaN && q[3].isNaN)
        XCTAssertEqual(Array(q[4 ..< 6]), [3, 1])
    }

    func testBinaryPowersAreExactWhereTheyMustBe() {
        for i in -80 ... 80 { XCTAssertEqual(BinaryPowers.exp2(Double(i) / 8 + 3), BinaryPowers.exp2(Double(i) / 8) * 8) }
        for k in -60 ... 60 { XCTAssertEqual(BinaryPowers.exp2(Double(k)), pow(2, Double(k))); XCTAssertEqual(BinaryPowers.log2(pow(2, Double(k))), Double(k)) }
        for x in stride(from: -10.0, to: 10, by: 0.37) {
            XCTAssertEqual(BinaryPowers.exp2(x), pow(2, x), accuracy: pow(2, x) * 2e-15)
            XCTAssertEqual(BinaryPowers.log2(BinaryPowers.exp2(x)), x, accuracy: 1e-14)
        }
    }
}
