import Formats
import Gemm
import Tensors
import XCTest

/// The emulated accumulators on inputs built to break them, against the independent `SlowGemm`:
/// sums landing next to ties and grid points of the accumulator, cancellation, a long K, overflow of
/// the accumulator, NaN and infinite operands, products outside the float32 fast path's range.
final class GemmAdversarialTests: XCTestCase {
    typealias S = GemmTestSupport
    var random = SplitMix64(seed: 99)

    /// `±2^e (1 + a few random low bits)`: products of these are short and their running sums sit on
    /// and next to the ties of narrow grids.
    func short(_ exponents: ClosedRange<Int>) -> Float {
        let e = Int(random.next() % UInt64(exponents.count)) + exponents.lowerBound
        var significand: Float = 1
        if random.next() & 1 == 1 { significand += Float(sign: .plus, exponent: -Int(random.next() % 20) - 1, significand: 1) }
        if random.next() & 3 == 0 { significand += Float(sign: .plus, exponent: -Int(random.next() % 30) - 1, significand: 1) }
        let v = Float(sign: .plus, exponent: e, significand: significand)
        return random.next() & 1 == 1 ? -v : v
    }

    func matrix(_ rows: Int, _ depth: Int, _ exponents: ClosedRange<Int>) -> [Float] {
        (0 ..< rows * depth).map { _ in short(exponents) }
    }

    /// Every accumulator and mode, both block sums, with and without promotion.
    func assertAllAccumulators(a: [Float], m: Int, b: [Float], n: Int, depth: Int, formats: (String?, String?) = (nil, nil),
                               accumulators: [String] = ["fp32", "bf16", "fp16", "fp:e5m2", "fp:e4m3:fn", "fp:e5m2:sat"],
                               promotions: [Int?] = [nil, 16], _ label: String, file: StaticString = #filePath, line: UInt = #line) throws {
        try S.assertAccumulators(accumulators, a: a, m: m, b: b, n: n, depth: depth, formats: formats, promotions: promotions, label,
                                 file: file, line: line)
    }

    func testSumsNextToTiesAndGridPoints() throws {
        let (m, n, k) = (2, 16, 48)
        try assertAllAccumulators(a: matrix(m, k, -12 ... 4), m: m, b: matrix(n, k, -12 ... 4), n: n, depth: k, "near ties")
    }

    func testTiesWithProductsInTheAccumulatorFormat() throws {
        // Significands of at most 4 bits: every product fits bf16 (and, with a narrow exponent
        // spread, fp16), so nearest-even takes the rounded-float32-sum path; running sums hit ties of
        // the accumulator often, and with a wide spread float32 sums are inexact as well.
        func tiny(_ exponents: ClosedRange<Int>) -> Float {
            let v = Float(random.next() % 8 + 8) * Float(sign: .plus, exponent: Int(random.next() % UInt64(exponents.count)) + exponents.lowerBound, significand: 1)
            return random.next() & 1 == 1 ? -v : v
        }
        let (m, n, k) = (3, 16, 64)
        for (exponents, accumulators) in [(-8 ... -2, ["bf16", "fp16", "fp:e5m3", "fp:e4m3:fn"]), (-24 ... 0, ["bf16", "fp:e8m3"])] {
            let a = (0 ..< m * k).map { _ in tiny(exponents) }, b = (0 ..< n * k).map { _ in tiny(exponents) }
            try assertAllAccumulators(a: a, m: m, b: b, n: n, depth: k, accumulators: accumulators, promotions: [nil],
                                      "4-bit operands, exponents \(exponents)")
        }
    }

    func testCancellation() throws {
        let (n, k) = (16, 40)
        let a = matrix(1, k, -6 ... 6)
        // B rows: a itself (products all positive), -a plus one small term, and alternating signs.
        var b: [Float] = []
        for j in 0 ..< n {
            for q in 0 ..< k {
                let flip: Float = j % 3 == 0 ? 1 : (j % 3 == 1 ? -1 : (q % 2 == 0 ? 1 : -1))
                b.append(flip * a[q] + (q == j ? Float(sign: .plus, exponent: -20 - j, significand: 1) : 0))
            }
        }
        try assertAllAccumulators(a: a + a.map { -$0 }, m: 2, b: b, n: n, depth: k, "cancellation")
    }

    func testLongK() throws {
        let k = 4096
        let a = (0 ..< k).map { _ in Float(random.next() % 1000 + 1) / 1000 }
        let b = (0 ..< 2 * k).map { _ in Float(random.next() % 1000 + 1) / 997 }
        try assertAllAccumulators(a: a, m: 1, b: b, n: 2, depth: k, accumulators: ["bf16", "fp16", "fp32"], promotions: [nil, 128],
                                  "K = 4096")
        try assertAllAccumulators(a: a, m: 1, b: b, n: 2, depth: k, formats: ("mxfp8_e4m3", "mxfp8_e4m3"),
                                  accumulators: ["fp:e5m7"], promotions: [128], "K = 4096 MX")
    }

    func testAccumulatorOverflow() throws {
        // Products near fp16's largest value (65504) and e5m2's (57344): the sum overflows, then
        // negative products come after the overflow.
        let k = 20
        let a = (0 ..< k).map { q -> Float in q < 12 ? 200 : -180 }
        let b = (0 ..< 16 * k).map { q -> Float in Float(100 + q % 150) }
        try assertAllAccumulators(a: a, m: 1, b: b, n: 16, depth: k, accumulators: ["fp16", "fp:e5m2", "fp:e5m2:sat", "fp:e4m3:fn", "bf16"],
                                  "overflow")
        // Float32 itself: products near FLT_MAX.
        let big = (0 ..< k).map { q -> Float in q % 2 == 0 ? 0x1p120 : -0x1p119 }
        try assertAllAccumulators(a: big, m: 1, b: (0 ..< 16 * k).map { Float(1 + $0 % 7) * 0x1p7 }, n: 16, depth: k,
                                  accumulators: ["fp32"], "FP32 overflow")
    }

    func testNaNAndInfiniteOperands() throws {
        let k = 24
        var a = matrix(2, k, -3 ... 3)
        a[3] = .nan; a[k + 5] = .infinity; a[k + 9] = -.infinity
        var b = matrix(16, k, -3 ... 3)
        b[16 * 0 + 9] = 0            // row 0: -Inf x 0 at k = 9
        b[k + 5] = .infinity         // row 1: Inf x Inf at k = 5
        try assertAllAccumulators(a: a, m: 2, b: b, n: 16, depth: k, "NaN/Inf")
        // Finite inputs that an unscaled fn format turns into NaN, an IEEE one into Inf.
        let huge = (0 ..< 2 * k).map { q -> Float in q % 7 == 0 ? 1e6 : Float(q % 5) - 2 }
        try assertAllAccumulators(a: huge, m: 2, b: matrix(16, k, -2 ... 2), n: 16, depth: k, formats: ("float8_e4m3fn", "float8_e5m2"),
                                  accumulators: ["fp32", "bf16"], "quantized to NaN/Inf")
    }

    func testProductsOutsideTheFastRange() throws {
        // Products near 2^130 and 2^-150 (float32 overflow and underflow of a b).
        let k = 20
        let a = (0 ..< k).map { q -> Float in q % 2 == 0 ? short(60 ... 66) : short(-80 ... -74) }
        let b = (0 ..< 16 * k).map { q -> Float in q % 2 == 0 ? short(60 ... 64) : short(-76 ... -70) }
        try assertAllAccumulators(a: a, m: 1, b: b, n: 16, depth: k, accumulators: ["fp32", "fp:e8m10"], promotions: [8], "extreme products")
    }
}
