import Formats
import Gemm
import Tensors
import XCTest

/// Accumulators wider than a `MiniFloat` (`WideFloat`, 11 to 23 mantissa bits, e.g. DeepSeek-V3's
/// ~14-bit `fp:e8m13`) against the independent MPFR definition in `SlowGemm.wide`.
final class WideAccumulatorTests: XCTestCase {
    typealias S = GemmTestSupport
    var random = SplitMix64(seed: 7)

    /// Every kind of wide format: IEEE, fn (NaN at the top code), fnuz (no -0), finite, saturating,
    /// float32's own width, a narrow exponent whose overflow and subnormals are reached.
    let wide = ["fp:e8m13", "fp:e8m23", "fp:e8m22:b128:fn", "fp:e5m11", "fp:e4m14:sat", "fp:e6m12:fnuz", "fp:e3m20:finite", "fp:e5m16:b30"]

    /// `±2^e (1 + a few random low bits)`: running sums sit on and next to the ties of the grids.
    func short(_ exponents: ClosedRange<Int>) -> Float {
        let e = Int(random.next() % UInt64(exponents.count)) + exponents.lowerBound
        var significand: Float = 1
        if random.next() & 1 == 1 { significand += Float(sign: .plus, exponent: -Int(random.next() % 23) - 1, significand: 1) }
        if random.next() & 3 == 0 { significand += Float(sign: .plus, exponent: -Int(random.next() % 14) - 10, significand: 1) }
        let v = Float(sign: .plus, exponent: e, significand: significand)
        return random.next() & 1 == 1 ? -v : v
    }

    func matrix(_ rows: Int, _ depth: Int, _ exponents: ClosedRange<Int>) -> [Float] {
        (0 ..< rows * depth).map { _ in short(exponents) }
    }

    func assertWide(a: [Float], m: Int, b: [Float], n: Int, depth: Int, formats: (String?, String?) = (nil, nil),
                    accumulators: [String]? = nil, promotions: [Int?] = [nil, 16], _ label: String,
                    file: StaticString = #filePath, line: UInt = #line) throws {
        try S.assertAccumulators(accumulators ?? wide, a: a, m: m, b: b, n: n, depth: depth, formats: formats, promotions: promotions, label,
                                 file: file, line: line)
    }

    func testParsesWideSpecsAndRefusesImpossibleOnes() throws {
        guard case let .wide(f) = try Accumulator(spec: "fp:e8m13") else { return XCTFail("fp:e8m13 is not a wide accumulator") }
        XCTAssertEqual(f.mantissaBits, 13)
        XCTAssertEqual(f.bias, 127)
        XCTAssertEqual(try Accumulator(spec: "fp:e8m13").description, "fp:e8m13")
        guard case .minifloat = try Accumulator(spec: "fp:e5m10") else { return XCTFail("fp:e5m10 should stay a MiniFloat") }
        guard case let .wide(s) = try Accumulator(spec: "fp:e4m14:sat") else { return XCTFail("fp:e4m14:sat") }
        XCTAssertTrue(s.isSaturating)
        for (spec, words) in [("fp:e8m24", "mantissa bits 24"), ("fp:e9m13", "exponent bits 9"), ("fp:e8m13:b100", "float32's 127"),
                              ("fp:e8m13:b140", "2^-149"), ("fp:e8m13:zz", "unknown option"), ("fp:e1m13", "ieee needs")] {
            XCTAssertThrowsError(try Accumulator(spec: spec), spec) { error in
                XCTAssertTrue("\(error)".contains(spec) && "\(error)".contains(words), "\(spec): \(error)")
            }
        }
    }

    func testRoundingAgainstMPFROnSingleValues() throws {
        // One product per output, so y = fl32(round_F(a b)): every rounding decision of F on its own.
        for spec in wide {
            let f: WideFloat
            guard case let .wide(w) = try Accumulator(spec: spec) else { return XCTFail(spec) }
            f = w
            for _ in 0 ..< 3000 {
                let x = Double(short(-40 ... 40)) * Double(short(-100 ... 100))
                for towardZero in [false, true] {
                    let fast = f.round(x, towardZero: towardZero)
                    let slow = SlowGemm.wide(SlowGemm.value(x), f, towardZero: towardZero)
                    XCTAssertTrue(fast.bitPattern == slow.bitPattern || (fast.isNaN && slow.isNaN),
                                  "\(spec) \(x) towardZero \(towardZero): fast \(fast) slow \(slow)")
                }
            }
            for x in [Double.nan, .infinity, -.infinity, 0, -0.0, 0x1p-160, -0x1p-160, Double(Float.greatestFiniteMagnitude) * 2] {
                for towardZero in [false, true] {
                    let fast = f.round(x, towardZero: towardZero)
                    let slow = SlowGemm.wide(SlowGemm.value(x), f, towardZero: towardZero)
                    XCTAssertTrue(fast.bitPattern == slow.bitPattern || (fast.isNaN && slow.isNaN),
                                  "\(spec) \(x) towardZero \(towardZero): fast \(fast) slow \(slow)")
                }
            }
        }
    }

    func testSumsNextToTiesAndGridPoints() throws {
        try assertWide(a: matrix(2, 48, -12 ... 4), m: 2, b: matrix(16, 48, -12 ... 4), n: 16, depth: 48, "near ties")
    }

    func testCancellationAndTinySums() throws {
        let k = 40
        let a = matrix(1, k, -6 ... 6)
        var b: [Float] = []
        for j in 0 ..< 16 {
            for q in 0 ..< k { b.append((j % 2 == 0 ? -1 : 1) * a[q] + (q == j ? Float(sign: .plus, exponent: -30 - j, significand: 1) : 0)) }
        }
        try assertWide(a: a, m: 1, b: b, n: 16, depth: k, "cancellation")
        // Sums in the subnormal range of the narrow-exponent formats.
        try assertWide(a: matrix(1, 24, -12 ... -6), m: 1, b: matrix(16, 24, -12 ... -6), n: 16, depth: 24,
                       accumulators: ["fp:e3m20:finite", "fp:e5m11", "fp:e4m14:sat", "fp:e6m12:fnuz"], promotions: [nil], "subnormal sums")
    }

    func testOverflowNaNAndLongK() throws {
        let k = 20
        let a = (0 ..< k).map { q -> Float in q < 12 ? 200 : -180 }
        let b = (0 ..< 16 * k).map { q -> Float in Float(100 + q % 150) }
        try assertWide(a: a, m: 1, b: b, n: 16, depth: k, accumulators: ["fp:e5m11", "fp:e4m14:sat", "fp:e6m12:fnuz", "fp:e3m20:finite"], "overflow")
        var c = matrix(2, 24, -3 ... 3)
        c[3] = .nan; c[24 + 5] = .infinity
        try assertWide(a: c, m: 2, b: matrix(16, 24, -3 ... 3), n: 16, depth: 24, promotions: [nil], "NaN/Inf")
        let long = 2048
        let x = (0 ..< long).map { _ in Float(random.next() % 1000 + 1) / 1000 }
        let y = (0 ..< 2 * long).map { _ in Float(random.next() % 1000 + 1) / 997 }
        try assertWide(a: x, m: 1, b: y, n: 2, depth: long, formats: ("mxfp8_e4m3", "mxfp8_e4m3"), accumulators: ["fp:e8m13"],
                       promotions: [nil, 128], "K = 2048 MX")
    }
}
