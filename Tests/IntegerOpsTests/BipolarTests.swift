import Formats
@testable import IntegerOps
import XCTest

/// Bipolar-INT (arXiv 2409.17870): the value set, the lossless conversion from signed INT and the
/// bit-plane product, exhaustively or against plain integer arithmetic.
final class BipolarTests: XCTestCase {
    /// For n = 1..8: x' = 2x + 1 maps [-2^(n-1), 2^(n-1) - 1] one to one onto the odd integers in
    /// [-(2^n - 1), 2^n - 1]; the bipolar code is the offset-binary u = x + 2^(n-1); the definition
    /// sum_i 2^i (2 b_i - 1) and Formats' `bipolar:n` decode give v back; x comes back from v.
    func testConversionIsLosslessExhaustively() throws {
        for n in 1 ... 8 {
            let half = 1 << (n - 1), top = (1 << n) - 1
            var seen = Set<Int>()
            let format = try BipolarInt(bits: n)
            for x in -half ..< half {
                let v = BipolarConversion.bipolar(fromSigned: x)
                XCTAssertEqual(v & 1, 1, "n \(n) x \(x)")
                XCTAssertLessThanOrEqual(abs(v), top)
                XCTAssertTrue(seen.insert(v).inserted)
                let code = BipolarConversion.code(ofBipolar: v, bits: n)
                XCTAssertEqual(code, UInt64(x + half))
                XCTAssertEqual(BipolarConversion.value(ofCode: code, bits: n), v)
                XCTAssertEqual(format.decode(UInt32(code)), Float(v))
                XCTAssertEqual(BipolarConversion.signed(fromBipolar: v), x)
            }
            XCTAssertEqual(seen, Set(stride(from: -top, through: top, by: 2)), "n \(n): the odd integers, 2^n levels, no zero")
        }
    }

    /// W = s x + z equals (s/2)(2x + 1) + (z - s/2) for every x of every width n = 1..8 (dyadic s and z,
    /// so every Double operation is exact and the comparison is exact).
    func testAffineFormIsExact() {
        var rng = SystemRandomNumberGenerator()
        for n in 1 ... 8 {
            for _ in 0 ..< 20 {
                let s = Double(Int.random(in: 1 ... 4096, using: &rng)) / 1024, z = Double(Int.random(in: -4096 ... 4096, using: &rng)) / 1024
                let (s2, z2) = BipolarConversion.affine(scale: s, zero: z)
                for x in -(1 << (n - 1)) ..< (1 << (n - 1)) {
                    XCTAssertEqual(s2 * Double(BipolarConversion.bipolar(fromSigned: x)) + z2, s * Double(x) + z, "n \(n) s \(s) z \(z) x \(x)")
                }
            }
        }
    }

    static func product(_ a: [Int], _ b: [Int], _ m: Int, _ k: Int, _ n: Int) -> [Int64] {
        (0 ..< m * n).map { e in (0 ..< k).reduce(Int64(0)) { $0 + Int64(a[(e / n) * k + $1]) * Int64(b[$1 * n + e % n]) } }
    }

    /// sum_i sum_j 2^(i+j) (K - 2 popcount(a XOR b)) equals the integer product exactly, for every pair
    /// of widths 1..8, random and extreme matrices, K across word boundaries; and the signed product
    /// comes back from it.
    func testBitPlaneProductIsExact() throws {
        var rng = SystemRandomNumberGenerator()
        for na in 1 ... 8 {
            for nb in 1 ... 8 {
                let (ta, tb) = ((1 << na) - 1, (1 << nb) - 1)
                for k in [1, 63, 64, 65, 130] {
                    let (m, n) = (Int.random(in: 1 ... 5, using: &rng), Int.random(in: 1 ... 5, using: &rng))
                    func odd(_ top: Int) -> Int { 2 * Int.random(in: 0 ... top, using: &rng) - top }
                    let cases: [([Int], [Int])] = [
                        ((0 ..< m * k).map { _ in odd(ta) }, (0 ..< k * n).map { _ in odd(tb) }),
                        ([Int](repeating: ta, count: m * k), [Int](repeating: tb, count: k * n)),
                        ([Int](repeating: -ta, count: m * k), [Int](repeating: tb, count: k * n)),
                        ((0 ..< m * k).map { $0 % 2 == 0 ? ta : -ta }, (0 ..< k * n).map { $0 % 3 == 0 ? -tb : tb }),
                        ([Int](repeating: 1, count: m * k), [Int](repeating: -1, count: k * n)),
                    ]
                    for (a, b) in cases {
                        let p = try BitPlaneProduct(a: a, rows: m, depth: k, bitsA: na, b: b, columns: n, bitsB: nb).product()
                        XCTAssertEqual(p, Self.product(a, b, m, k, n), "widths \(na), \(nb), K \(k)")
                        let x = a.map(BipolarConversion.signed(fromBipolar:)), y = b.map(BipolarConversion.signed(fromBipolar:))
                        XCTAssertEqual(BitPlaneProduct.signedProduct(bipolar: p, a: a, b: b, rows: m, depth: k, columns: n), Self.product(x, y, m, k, n))
                    }
                }
            }
        }
    }

    func testRefusesValuesOutsideTheSet() {
        XCTAssertThrowsError(try BitPlaneProduct(a: [2], rows: 1, depth: 1, bitsA: 2, b: [1], columns: 1, bitsB: 2))
        XCTAssertThrowsError(try BitPlaneProduct(a: [5], rows: 1, depth: 1, bitsA: 2, b: [1], columns: 1, bitsB: 2))
        XCTAssertThrowsError(try BitPlaneProduct(a: [1, 1], rows: 1, depth: 1, bitsA: 2, b: [1], columns: 1, bitsB: 2))
    }
}
