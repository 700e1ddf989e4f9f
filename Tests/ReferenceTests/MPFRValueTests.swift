import Foundation
import Reference
import XCTest

final class MPFRValueTests: XCTestCase {
    func testExactArithmetic() {
        let a = MPFRValue(0.1), b = MPFRValue(0.2)
        let sum = a.adding(b)
        XCTAssertTrue(sum.isExact)                      // the exact sum of two Doubles fits 1100 bits
        XCTAssertNotEqual(sum.exactDouble, 0.1 + 0.2)   // ... and is no Double
        XCTAssertNil(sum.exactDouble)
        XCTAssertEqual(sum.toDouble(), 0.1 + 0.2)       // rounded once, it is the IEEE sum
        XCTAssertEqual(sum.subtracting(b) , a)
        XCTAssertTrue(MPFRValue(3.0).multiplied(by: MPFRValue(0.5)).isExact)
        XCTAssertEqual(MPFRValue(3.0).multiplied(by: MPFRValue(0.5)).exactFloat, 1.5)
    }

    func testTernaryValues() {
        let third = MPFRValue(numerator: 1, denominator: 3, precision: 64)
        XCTAssertFalse(third.isExact)
        XCTAssertEqual(MPFRValue(numerator: 1, denominator: 3, precision: 64, rounding: .towardPositive).ternary.signum(), 1)
        XCTAssertEqual(MPFRValue(numerator: 1, denominator: 3, precision: 64, rounding: .towardNegative).ternary.signum(), -1)
        XCTAssertTrue(MPFRValue(numerator: 3, denominator: 8).isExact)
        XCTAssertEqual(MPFRValue(numerator: 3, denominator: 8).exactDouble, 0.375)
        let up = MPFRValue(1.0).divided(by: MPFRValue(3.0), precision: 24, rounding: .towardPositive)
        let down = MPFRValue(1.0).divided(by: MPFRValue(3.0), precision: 24, rounding: .towardNegative)
        XCTAssertEqual(up.exactFloat, Float(1) / 3)   // 0x3EAAAAAB is above 1/3
        XCTAssertEqual(down.exactFloat, (Float(1) / 3).nextDown)
        XCTAssertLessThan(down, up)
        // 2^0.5 inexact, 4^0.5 = 2 exact, log2(8) = 3 exact, log2(3) inexact.
        XCTAssertFalse(MPFRValue(2.0).power(MPFRValue(0.5)).isExact)
        XCTAssertEqual(MPFRValue(4.0).power(MPFRValue(0.5)).exactDouble, 2)
        XCTAssertTrue(MPFRValue(8.0).log2().isExact)
        XCTAssertEqual(MPFRValue(8.0).log2().exactDouble, 3)
        XCTAssertFalse(MPFRValue(3.0).log2().isExact)
    }

    func testIntegerRounding() {
        XCTAssertEqual(MPFRValue(2.5).rint().exactDouble, 2)
        XCTAssertEqual(MPFRValue(3.5).rint().exactDouble, 4)
        XCTAssertEqual(MPFRValue(2.5).rint(rounding: .awayFromZero).exactDouble, 3)
        XCTAssertEqual(MPFRValue(-2.5).floor().exactDouble, -3)
        XCTAssertEqual(MPFRValue(-2.5).ceil().exactDouble, -2)
        XCTAssertNotEqual(MPFRValue(-2.5).floor().ternary, 0)  // MPFR flags the rounding to an integer
        XCTAssertEqual(MPFRValue(int: -7).exactDouble, -7)
        XCTAssertEqual(MPFRValue.power2(-149).exactFloat, .leastNonzeroMagnitude)
    }

    func testSpecialsAndConversions() {
        XCTAssertTrue(MPFRValue(precision: 32).isNaN)
        XCTAssertTrue(MPFRValue(-0.0).signBit)
        XCTAssertTrue(MPFRValue(-0.0).isZero)
        XCTAssertEqual(MPFRValue(-0.0), MPFRValue(0.0))
        XCTAssertEqual(MPFRValue(-0.0).exactFloat?.bitPattern, (-0.0 as Float).bitPattern)
        XCTAssertEqual(MPFRValue.positiveInfinity.exactFloat, .infinity)
        XCTAssertTrue(MPFRValue(Double.nan).exactFloat!.isNaN)
        XCTAssertNil(MPFRValue(0.1).exactFloat)
        XCTAssertEqual(MPFRValue(Float(0.1)).exactFloat, Float(0.1))
        XCTAssertEqual(MPFRValue(Double(Float.leastNonzeroMagnitude)).exactFloat, .leastNonzeroMagnitude)
        XCTAssertNil(MPFRValue.power2(-150).exactFloat)
        XCTAssertNil(MPFRValue.power2(128).exactFloat)
        XCTAssertEqual(MPFRValue(1.0).compare(MPFRValue(2.0)), -1)
        XCTAssertEqual(MPFRValue(Double.nan).compare(MPFRValue(2.0)), 0)
        XCTAssertFalse(MPFRValue(Double.nan) == MPFRValue(Double.nan))
        XCTAssertEqual(MPFRValue(0.375).description, "0.375e0")
    }

    /// deinit frees: a million large values created and dropped leave the resident size flat.
    func testDeinitFrees() throws {
        func residentKB() -> Int {
            guard let s = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
                  let pages = Int(s.split(separator: " ")[1]) else { return 0 }
            return pages * 4
        }
        for _ in 0 ..< 50_000 { _ = MPFRValue(1.5, precision: 4096).adding(MPFRValue(2.0)) }
        let before = residentKB()
        for i in 0 ..< 1_000_000 {
            let v = MPFRValue(Double(i), precision: 4096)   // 512 bytes of limbs each
            XCTAssertTrue(v.isExact)
        }
        let grown = residentKB() - before
        // Leaking would take about 500 MB; allow allocator noise.
        XCTAssertLessThan(grown, 50_000, "resident size grew by \(grown) kB")
    }
}
