import Foundation
import XCTest
@testable import IntegerOps
import Reference

final class DyadicTests: XCTestCase {
    /// 2000 log-uniform scales in [2^-30, 2^10] from a fixed LCG.
    func scales(_ count: Int = 2000, seed: UInt64 = 1) -> [Double] {
        var state = seed
        return (0 ..< count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return pow(2, -30 + 40 * Double(state >> 11) / 9007199254740992.0)
        }
    }

    /// HAWQ's batch_frexp written out with libm's frexp and round-half-up.
    func slowDyadic(_ s: Double, bits: Int) -> (Int64, Int) {
        var e0: Int32 = 0
        let f = frexp(s, &e0)
        return (Int64((f * pow(2, Double(bits))).rounded(.toNearestOrAwayFromZero)), bits - Int(e0))
    }

    func testDyadicScaleIsHAWQsFrexpAndWithinTwoToMinusBits() {
        for bits in [8, 16, 24, 31] {
            var worst = 0.0
            for s in scales() {
                let d = DyadicScale(approximating: s, bits: bits)
                let (m, e) = slowDyadic(s, bits: bits)
                XCTAssertEqual(d.multiplier, m); XCTAssertEqual(d.shift, e)
                worst = max(worst, ExactActivations.relativeError(multiplier: d.multiplier, shift: d.shift, of: s))
            }
            XCTAssertLessThanOrEqual(worst, pow(2, -Double(bits)), "bits \(bits)")
            XCTAssertGreaterThan(worst, pow(2, -Double(bits)) * 0.9, "the bound is tight")
        }
        // f rounding up to 1 gives m = 2^b (one bit more), still within the bound.
        let d = DyadicScale(approximating: 1 - pow(2, -40), bits: 8)
        XCTAssertEqual(d.multiplier, 256); XCTAssertEqual(d.shift, 8)
    }

    func testRequantizationIsExactRoundingOfTheDyadicProduct() {
        var state: UInt64 = 3
        let triples: [(Float, Float, Float)] = [(0.02, 0.003, 0.05), (1.5e-3, 7.7e-4, 2e-3), (0.5, 0.25, 0.0625), (3e-5, 1e-2, 1e-6)]
        for (sx, sw, so) in triples {
            for bits in [8, 16, 24, 31] {
                let r = DyadicRequantizer(inputScale: sx, weightScale: sw, outputScale: so, outputBits: 8, multiplierBits: bits)
                XCTAssertEqual(r.newScale, Double(Float(Double(sx) * Double(sw))) / Double(so))
                for i in 0 ..< 3000 {
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    let acc = i < 4 ? [Int32.max, Int32.min + 1, 0, -1][i] : Int32(truncatingIfNeeded: Int64(state >> 33) - (1 << 30)) >> (i % 20)
                    let product = MPFRValue(int: Int(acc), precision: 256).multiplied(by: MPFRValue(int: Int(r.scale.multiplier)), precision: 256)
                    let exact = product.multiplied(by: MPFRValue.power2(-r.scale.shift), precision: 256).rint(rounding: .nearestEven)
                    let want = min(max(exact.toDouble(), -128), 127)
                    XCTAssertEqual(Double(r.requantize(acc)), want, "acc \(acc) bits \(bits)")
                }
            }
        }
    }
}
