import Formats
@testable import Gemm
import Reference
import Tensors
import XCTest

/// The exact building blocks against MPFR: `ExactSum`, the three-term round-to-odd sum and the
/// narrowing to float32, on random and adversarial values (cancellation, wide exponent gaps,
/// ties of the target formats, subnormals, non-finite values).
final class ExactArithmeticTests: XCTestCase {
    var random = SplitMix64(seed: 11)

    /// A double with a random sign, a significand of `bits` random bits and an exponent in `range`.
    func double(bits: Int = 53, exponents range: ClosedRange<Int> = -60 ... 60) -> Double {
        let significand = random.next() >> UInt64(64 - bits) | 1 << UInt64(bits - 1)
        let exponent = Int(random.next() % UInt64(range.count)) + range.lowerBound
        let value = Double(sign: random.next() & 1 == 1 ? .minus : .plus, exponent: exponent - (bits - 1), significand: Double(significand))
        return value
    }

    func float(exponents range: ClosedRange<Int> = -30 ... 30) -> Float { Float(double(bits: 24, exponents: range)) }

    /// Adversarial triples: cancellation, the third term near a tie of a 24- or 11-bit grid, huge gaps.
    func triples() -> [(Double, Double, Double)] {
        var out: [(Double, Double, Double)] = []
        for _ in 0 ..< 1500 {
            let a = double()
            switch random.next() % 6 {
            case 0: out.append((a, -a * (1 + 0x1p-40), double(exponents: -120 ... -60)))
            case 1:
                let tie = Double(Float(a)) + (Double(Float(a)).ulp * 0x1p29) / 2   // a float32 midpoint
                out.append((tie, double(exponents: -200 ... -150), -double(exponents: -300 ... -250)))
            case 2: out.append((a, double(exponents: -700 ... -600), double(exponents: 400 ... 500)))
            case 3: out.append((a, -a, double()))
            case 4:
                let b = double(bits: 24, exponents: -5 ... 5)
                out.append((Double(Float(a)), b * 0x1p-12, -b * 0x1p-12 + double(exponents: -80 ... -70)))
            default: out.append((a, double(), double()))
            }
        }
        return out
    }

    func testOddSumOfThreeRoundsLikeMPFRForEveryTargetFormat() throws {
        let targets: [MiniFloat] = try [MiniFloat(exponentBits: 8, mantissaBits: 7, bias: 127, specials: .ieee),
                                        MiniFloat(exponentBits: 5, mantissaBits: 10, specials: .ieee),
                                        MiniFloat(exponentBits: 8, mantissaBits: 10, specials: .ieee)]
        let references = try targets.map { try ReferenceRounding($0) }
        for (a, b, c) in triples() {
            let exact = SlowGemm.add(SlowGemm.add(SlowGemm.value(a), SlowGemm.value(b)), SlowGemm.value(c))
            let odd = ExactArithmetic.oddSum(a, b, c)
            for towardZero in [false, true] {
                XCTAssertEqual(ExactArithmetic.float32(odd, towardZero: towardZero).bitPattern,
                               SlowGemm.float32(exact, towardZero: towardZero).bitPattern, "\(a) + \(b) + \(c)")
            }
            for (format, reference) in zip(targets, references) {
                for mode in Accumulator.roundingModes {
                    let fast = format.quantize(ExactArithmetic.narrowToOdd(odd), mode: mode, random: 0)
                    XCTAssertEqual(fast.bitPattern, reference.round(exact, mode: mode).bitPattern, "\(format.info.name) \(mode) \(a) + \(b) + \(c)")
                }
            }
        }
    }

    func testExactSumEqualsMPFR() {
        for trial in 0 ..< 60 {
            var sum = ExactSum()
            var exact = MPFRValue.zero()
            let count = trial % 3 == 0 ? 2000 : 50
            for i in 0 ..< count {
                let x: Double
                switch (trial + i) % 5 {
                case 0: x = double(exponents: -1000 ... 1000)
                case 1: x = -double(exponents: -1074 ... -1030)   // subnormal Doubles
                case 2: x = Double(float()) * Double(float())
                default: x = double(exponents: -30 ... 30)
                }
                sum.add(x); sum.add(-x * 0.5)   // cancelling halves
                exact = SlowGemm.add(SlowGemm.add(exact, SlowGemm.value(x)), SlowGemm.value(-x * 0.5))
            }
            // Finite results here lie in the Double normal range or are zero.
            XCTAssertEqual(SlowGemm.float32(exact).bitPattern, Float(sum.odd()).bitPattern, "trial \(trial)")
        }
    }

    func testExactSumZeroAndSpecials() {
        var sum = ExactSum()
        sum.add(1); sum.add(-1)
        XCTAssertEqual(sum.odd().bitPattern, (0.0 as Double).bitPattern)
        sum.add(.infinity)
        XCTAssertEqual(sum.odd(), .infinity)
        sum.add(-.infinity)
        XCTAssertTrue(sum.odd().isNaN)
        sum.clear(); sum.add(.nan)
        XCTAssertTrue(sum.odd().isNaN)
        sum.clear(); sum.add(-.infinity); sum.add(3)
        XCTAssertEqual(sum.odd(), -.infinity)
    }

    func testExactSumReadsToOddAndStaysUnchanged() {
        var sum = ExactSum()
        sum.add(1); sum.add(0x1p-80); sum.add(-0x1p-200)
        // 1 + 2^-80 - 2^-200 is not a Double: rounded to odd it is 1 + 2^-52.
        XCTAssertEqual(sum.odd(), 1 + 0x1p-52)
        XCTAssertEqual(sum.odd(), 1 + 0x1p-52)
        sum.add(-1)
        // 2^-80 - 2^-200 needs 120 bits: rounded to odd it is the Double just below 2^-80 (all ones).
        XCTAssertEqual(sum.odd(), (0x1p-80 as Double).nextDown)
    }

    func testNarrowToOddOverflowAndTinyValues() {
        XCTAssertEqual(ExactArithmetic.narrowToOdd(0x1p200), .greatestFiniteMagnitude)
        XCTAssertEqual(ExactArithmetic.narrowToOdd(-0x1p129), -.greatestFiniteMagnitude)
        XCTAssertEqual(ExactArithmetic.narrowToOdd(0x1p-160), Float.leastNonzeroMagnitude)
        XCTAssertEqual(ExactArithmetic.narrowToOdd(-0x1p-160), -Float.leastNonzeroMagnitude)
        XCTAssertEqual(ExactArithmetic.narrowToOdd(1 + 0x1p-30), Float(bitPattern: Float(1).bitPattern | 1))
        XCTAssertEqual(ExactArithmetic.narrowToOdd(1 - 0x1p-30), Float(bitPattern: Float(1).bitPattern - 1))
        XCTAssertEqual(ExactArithmetic.float32(0x1p200, towardZero: true), .greatestFiniteMagnitude)
        XCTAssertEqual(ExactArithmetic.float32(0x1p200, towardZero: false), .infinity)
    }
}
