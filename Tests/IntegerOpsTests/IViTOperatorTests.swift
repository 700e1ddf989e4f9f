import Foundation
import XCTest
@testable import IntegerOps
import Reference

/// I-ViT's operators: bit-exact against the transliterated Python (`SlowIViT`), and within the error
/// bounds their docs state against the exact functions (MPFR).
final class IViTOperatorTests: XCTestCase {
    struct LCG {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / 9007199254740992.0
        }
        mutating func int(_ lo: Int, _ hi: Int) -> Int32 { Int32(lo + Int(next() * Double(hi - lo + 1))) }
    }

    let inputScales: [Float] = [0.0009765625, 0.003, 0.01, 0.02, 0.05, 0.1, 0.2]

    func testShiftExpIsTheCodesFormulaExactly() {
        for s in inputScales + [1.3, 7] {
            for n in [15, 23] {
                let e = ShiftExp(inputScale: s, n: n)
                for x in stride(from: -30000, through: 3000, by: 7) {
                    let slow = SlowIViT.intExpShift(Double(x), scale: s, n: n)
                    guard slow < 0x1p53 || slow == 0x1p62 else { continue }   // between: not exact in Double
                    XCTAssertEqual(Double(e(Int64(x))), slow, "s \(s) n \(n) x \(x)")
                }
            }
        }
    }

    func testShiftExpErrorBound() {
        for s in inputScales {
            for n in [15, 23] {
                let e = ShiftExp(inputScale: s, n: n)
                let low = -Double(n) * log(2) / 1.4375
                var worst = -Double.infinity
                var x = 0
                while Double(x) * Double(s) >= low {
                    let real = Double(x) * Double(s)
                    let exact = ExactActivations.exp(real)
                    let err = abs(Double(e(Int64(x))) * e.outputScale - exact)
                    worst = max(worst, err / e.errorBound(Int64(x)))
                    x -= 1 + Int(0.002 / Double(s))
                }
                XCTAssertLessThanOrEqual(worst, 1, "s \(s) n \(n)")
            }
        }
    }

    func rows(_ g: inout LCG, count: Int, width: Int, range: Int) -> [[Int32]] {
        (0 ..< count).map { _ in (0 ..< width).map { _ in g.int(-range, range) } }
    }

    func testShiftmaxIsTheCodesFormulaExactlyAndNearSoftmax() {
        var g = LCG(state: 11)
        for s in inputScales {
            let op = Shiftmax(inputScale: s)
            var worst = 0.0
            for row in rows(&g, count: 40, width: 50, range: min(127, Int(10 / Double(s)))) {
                let out = op(row)
                XCTAssertEqual(out.map(Double.init), SlowIViT.shiftmax(row.map(Double.init), scale: s))
                let exact = ExactActivations.softmax(row.map { Double($0) * Double(s) })
                for (o, p) in zip(out, exact) {
                    let err = abs(Double(o) * op.outputScale - p)
                    worst = max(worst, err / op.errorBound(p: p, count: row.count, spread: Int64(row.max()! - row.min()!)))
                }
                XCTAssertTrue(out.allSatisfy { $0 >= 0 && $0 < 128 })
            }
            XCTAssertLessThanOrEqual(worst, 1, "s \(s)")
        }
    }

    func testShiftGELUIsTheCodesFormulaExactlyAndNearGELU() {
        var g = LCG(state: 12)
        for s in inputScales where ShiftGELU(inputScale: s).inDomain {
            let op = ShiftGELU(inputScale: s)
            var worst = 0.0
            for (i, row) in rows(&g, count: 30, width: 40, range: min(127, Int(6 / Double(s)))).enumerated() {
                let shifted = i % 5 == 0 ? row.map { $0 - Int32(min(127, Int(3 / Double(s)))) } : row   // all-negative rows too
                let out = op(shifted)
                XCTAssertEqual(out.map(Double.init), SlowIViT.shiftGELU(shifted.map(Double.init), scale: s))
                for (o, x) in zip(out, shifted) {
                    let real = Double(x) * Double(s)
                    let err = abs(Double(o) * op.outputScale - ExactActivations.gelu(real))
                    worst = max(worst, err / op.errorBound(x: Int64(x), top: Int64(shifted.max()!)))
                }
            }
            XCTAssertLessThanOrEqual(worst, 1, "s \(s)")
        }
    }

    func testShiftGELUOutsideItsDomainIsNoLongerASigmoid() {
        let op = ShiftGELU(inputScale: 0.001)   // |x0| = 588 > 127
        XCTAssertGreaterThan(op.exp.x0 * -2 << 23, Int64(Int32.max))
        let out = op([100, 50, 0])
        XCTAssertEqual(out.map(Double.init), SlowIViT.shiftGELU([100, 50, 0], scale: 0.001))
        XCTAssertGreaterThan(out[0] / 100, 128)   // sig above 2^(b-1): the sum hit its clamp
    }

    func testIntegerLayerNormIsTheCodesFormulaExactlyAndNearLayerNorm() {
        var g = LCG(state: 13)
        for width in [16, 96, 384] {
            let gamma = (0 ..< width).map { _ in Float(0.5 + g.next()) * (g.next() < 0.2 ? -1 : 1) }
            let beta = (0 ..< width).map { _ in Float(g.next() - 0.5) }
            let op = IntegerLayerNorm(gamma: gamma, beta: beta)
            var worst = 0.0, checked = 0
            for range in [20, 60, 127] {
                for row in rows(&g, count: 20, width: width, range: range) {
                    let out = op(row)
                    XCTAssertEqual(out.map(Double.init), SlowIViT.layerNorm(row.map(Double.init), gamma: gamma, beta: beta))
                    let (v, k) = op.varianceAndRoot(row)
                    guard IntegerLayerNorm.inDomain(variance: v) else { continue }
                    let exact = ExactActivations.layerNorm(row.map(Double.init), gamma: gamma.map(Double.init), beta: beta.map(Double.init))
                    for j in 0 ..< width {
                        let z = (exact[j] - Double(beta[j])) / Double(gamma[j])
                        let bound = op.errorBound(z: z, channel: j, gamma: gamma[j], beta: beta[j], root: k)
                        worst = max(worst, abs(Double(out[j]) * op.outputScales[j] - exact[j]) / bound)
                        checked += 1
                    }
                }
            }
            XCTAssertLessThanOrEqual(worst, 1, "C \(width)")
        }
    }

    func testNewtonStepsReachTheSquareRootFromVariance34596() {
        func good(_ v: Int64) -> Bool {
            let k = IntegerLayerNorm.newtonSquareRoot(v), r = Int64(Double(v).squareRoot())
            let root = (r + 1) * (r + 1) <= v ? r + 1 : (r * r > v ? r - 1 : r)
            return k == root || k == root + 1
        }
        XCTAssertFalse(good(34595))
        for v in stride(from: Int64(34596), to: 1 << 22, by: 1) where !good(v) { XCTFail("v \(v)"); break }
        for e in 22 ..< 44 { for v in [Int64(1) << e, (Int64(1) << (e + 1)) - 1] { XCTAssertTrue(good(v), "v \(v)") } }
    }
}
