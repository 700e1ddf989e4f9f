import Formats
import Gemm
import XCTest

/// LLM.int8()'s vector-wise INT8 product and mixed-precision decomposition against a hand-written
/// Int32 definition: absmax INT8 codes, an integer dot product, and s_x s_w acc rounded once to float32
/// (formed exactly in Int128 from the scales' significands).
final class Int8DecompositionTests: XCTestCase {
    /// Codes `round_even(fl32(v / s))` with s = fl32(max|v| / 127), per row of `rows` x `depth` (or one s).
    static func codes(_ v: [Float], rows: Int, depth: Int, perRow: Bool) -> ([Int32], [Float]) {
        let groups = perRow ? rows : 1, size = v.count / groups
        var q = [Int32](repeating: 0, count: v.count), s = [Float](repeating: 0, count: groups)
        for g in 0 ..< groups {
            let amax = v[(g * size) ..< ((g + 1) * size)].reduce(Float(0)) { max($0, abs($1)) }
            s[g] = amax / 127
            for i in (g * size) ..< ((g + 1) * size) where s[g] > 0 { q[i] = Int32((v[i] / s[g]).rounded(.toNearestOrEven)) }
        }
        return (q, s)
    }

    /// fl32(s_a s_b acc), exactly: the significands' product times acc in Int128, converted once.
    static func denormalise(_ sa: Float, _ sb: Float, _ acc: Int64) -> Float {
        guard sa > 0, sb > 0, acc != 0 else { return 0 }
        let ma = Int128(sa.significandBitPattern | (1 << 23)), mb = Int128(sb.significandBitPattern | (1 << 23))
        let e = Int(sa.exponent) + Int(sb.exponent) - 46
        let product = ma * mb * Int128(acc)
        let mag = product.magnitude
        let shift = max(0, mag.bitWidth - mag.leadingZeroBitCount - 24 - 2)
        // round to 24 bits with a sticky bit, then scale by 2^(e + shift): exact for normal results
        let sticky: UInt128 = (mag & ((UInt128(1) << shift) - 1)) != 0 ? 1 : 0
        let reduced = Float(Int128((mag >> shift) | sticky))
        let f = Float(sign: .plus, exponent: e + shift, significand: reduced)
        return product < 0 ? -f : f
    }

    func testVectorWiseMatchesInt32Definition() throws {
        let (t, k, n) = (12, 70, 9)
        let x = GemmTestSupport.matrix("outliers", t, k, seed: 3, parameters: "channels=3, factor=30")
        let w = GemmTestSupport.matrix("normal", n, k, seed: 4)
        for scheme in Int8Decomposition.Scheme.allCases {
            let got = try Int8Decomposition(scheme: scheme).multiply(x: x, tokens: t, w: w, outputs: n, depth: k).y
            let (qx, sx) = Self.codes(x, rows: t, depth: k, perRow: scheme != .tensorWise)
            let (qw, sw) = Self.codes(w, rows: n, depth: k, perRow: scheme == .vectorWise)
            for i in 0 ..< t {
                for j in 0 ..< n {
                    var acc: Int32 = 0
                    for h in 0 ..< k { acc += qx[i * k + h] * qw[j * k + h] }
                    let want = Self.denormalise(sx[sx.count == 1 ? 0 : i], sw[sw.count == 1 ? 0 : j], Int64(acc))
                    XCTAssertEqual(got[i * n + j].bitPattern, want.bitPattern, "\(scheme.rawValue) (\(i), \(j)): \(got[i * n + j]) vs \(want)")
                }
            }
        }
    }

    /// O is exactly the columns with a value of magnitude >= 6; they go through float16 (products summed
    /// in float32 in order), the rest through vector-wise INT8 without them; the error drops.
    func testDecompositionSplitsAtTheThreshold() throws {
        let (t, k, n) = (16, 64, 8)
        var x = GemmTestSupport.matrix("normal", t, k, seed: 5)
        for i in 0 ..< t { x[i * k + 7] *= 20; x[i * k + 40] *= 15 }
        x[3 * k + 7] = 6; x[5 * k + 40] = -6.5
        let w = GemmTestSupport.matrix("normal", n, k, seed: 6)
        let expectedO = (0 ..< k).filter { h in (0 ..< t).contains { abs(x[$0 * k + h]) >= 6 } }
        let plain = try Int8Decomposition(scheme: .vectorWise).multiply(x: x, tokens: t, w: w, outputs: n, depth: k)
        let mixed = try Int8Decomposition(scheme: .vectorWise, threshold: 6).multiply(x: x, tokens: t, w: w, outputs: n, depth: k)
        XCTAssertEqual(mixed.outlierDimensions, expectedO)
        XCTAssertEqual(mixed.sixteenBitShare, Double(expectedO.count) / Double(k))
        var xr = x, wr = w
        for h in expectedO { for i in 0 ..< t { xr[i * k + h] = 0 }; for j in 0 ..< n { wr[j * k + h] = 0 } }
        let y8 = try Int8Decomposition(scheme: .vectorWise).multiply(x: xr, tokens: t, w: wr, outputs: n, depth: k).y
        for i in 0 ..< t {
            for j in 0 ..< n {
                var y16: Float = 0
                for h in expectedO { y16 += Float(Float16(x[i * k + h])) * Float(Float16(w[j * k + h])) }
                XCTAssertEqual(mixed.y[i * n + j].bitPattern, (y16 + y8[i * n + j]).bitPattern)
            }
        }
        let exact = try Int8Decomposition.exactProduct(x: x, tokens: t, w: w, outputs: n, depth: k)
        func error(_ y: [Float]) -> Double { zip(y, exact).reduce(0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) } }
        XCTAssertLessThan(error(mixed.y), error(plain.y))
    }
}
