import Foundation
@testable import Formats
import PropertyBased
import Testing

/// `int8/cross(alpha=A)` (CrossQuant's row x column scale, `ScaledFormat+Cross`): the spec grammar,
/// the two limits, a Double reference written from the definition, and the no-clipping property.
@Suite struct CrossScaleTests {
    /// A [rows, columns] matrix with a few columns scaled up (outlier channels), seeded.
    static func matrix(rows: Int, columns: Int, seed: UInt64, outlierEvery: Int = 7, factor: Float = 60) -> [Float] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0 ..< rows * columns).map { i in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            let u = Float(state >> 40) / Float(1 << 24) * 2 - 1
            return (i % columns) % outlierEvery == 3 ? u * factor : u
        }
    }

    static func quantize(_ spec: String, _ x: [Float], shape: [Int]) throws -> (values: [Float], scales: ScaledFormat.Scales) {
        let f = try #require(try ScaledFormatSpec.parse(spec))
        var out = [Float](repeating: 0, count: x.count)
        let s = try x.withUnsafeBufferPointer { input in
            try out.withUnsafeMutableBufferPointer { try f.quantize(input, shape: shape, into: $0, mode: .nearestEven, seed: 0) }
        }
        return (out, s)
    }

    @Test func specGrammar() throws {
        let f = try #require(try ScaledFormatSpec.parse("int8/cross(alpha=0.5)"))
        #expect(f.granularity == .cross(alpha: 0.5))
        #expect(try ScaledFormatSpec.parse("scaled(int4, cross(alpha=0.25))")?.granularity == .cross(alpha: 0.25))
        #expect(try ScaledFormatSpec.parse("int8/cross( alpha = 1 )")?.granularity == .cross(alpha: 1))
        for bad in ["int8/cross(alpha=1.5)", "int8/cross(alpha=-0.1)", "int8/cross(alpha=x)", "int8/cross(beta=0.5)", "int8/cross",
                    "int8/cross(alpha=0.5)/g32", "uint:8/cross(alpha=0.5)/asym", "int8/cross(alpha=nan)"] {
            #expect(throws: FormatError.self, "\(bad)") { try ScaledFormatSpec.parse(bad) }
        }
    }

    /// alpha = 1 is exactly the per-row (per-token) scale, alpha = 0 exactly the per-column one.
    @Test func limitsArePerRowAndPerColumn() throws {
        let x = Self.matrix(rows: 24, columns: 40, seed: 5)
        for element in ["int8", "int4", "float8_e4m3fn"] {
            #expect(try Self.quantize("\(element)/cross(alpha=1)", x, shape: [24, 40]).values == Self.quantize("\(element)/ch0", x, shape: [24, 40]).values)
            #expect(try Self.quantize("\(element)/cross(alpha=0)", x, shape: [24, 40]).values == Self.quantize("\(element)/ch1", x, shape: [24, 40]).values)
        }
    }

    /// The fast path against the definition written in Double with the platform's `pow`:
    /// amax_ij = fl32(t_i^a c_j^(1-a)), s = fl32(amax / Qmax), q = clamp(round_even(fl32(x / s))), fl32(q s).
    @Test func matchesDoubleReference() throws {
        let (rows, columns) = (32, 48)
        for (seed, alpha) in [(1, 0.1), (2, 0.3), (3, 0.5), (4, 0.77), (5, 0.95)] {
            let x = Self.matrix(rows: rows, columns: columns, seed: UInt64(seed))
            var t = [Float](repeating: 0, count: rows), c = [Float](repeating: 0, count: columns)
            for i in 0 ..< rows { for j in 0 ..< columns { t[i] = max(t[i], abs(x[i * columns + j])); c[j] = max(c[j], abs(x[i * columns + j])) } }
            for (element, qmax) in [("int8", Float(127)), ("int4", Float(7)), ("int:3:sym", Float(3))] {
                let got = try Self.quantize("\(element)/cross(alpha=\(alpha))", x, shape: [rows, columns]).values
                for i in 0 ..< rows {
                    for j in 0 ..< columns {
                        let amax = Float(pow(Double(t[i]), alpha) * pow(Double(c[j]), 1 - alpha))
                        let s = amax / qmax
                        let q = min(qmax, max(-qmax, (x[i * columns + j] / s).rounded(.toNearestOrEven)))
                        let want: Float = q == 0 ? 0 : q * s  // an integer format never gives -0
                        #expect(got[i * columns + j].bitPattern == want.bitPattern, "\(element) alpha \(alpha) at (\(i), \(j))")
                    }
                }
            }
        }
    }

    /// The cross scale never clips: for any alpha in [0, 1] and INT-b elements, every |fl32(x / s)|
    /// stays within Qmax up to the fp32 division's rounding, every code within Qmax, and every
    /// element's error within half its step.
    @Test func neverClips() async throws {
        await propertyCheck(count: 200, input: Gen.double(in: 0 ... 1), Gen.int(in: 2 ... 8), Gen.uint64(in: 1 ... UInt64.max)) { alpha, bits, seed in
            let (rows, columns) = (6, 20)
            var x = Self.matrix(rows: rows, columns: columns, seed: seed, outlierEvery: 3 + Int(seed % 5), factor: Float(1 + seed % 1000))
            for j in 0 ..< columns where (seed >> UInt64(j)) & 1 == 1 { for i in 0 ..< rows { x[i * columns + j] *= 1e-3 } }
            let qmax = Float((1 << (bits - 1)) - 1)
            guard let (values, scales) = try? Self.quantize("int:\(bits):sym/cross(alpha=\(alpha))", x, shape: [rows, columns]) else {
                Issue.record("quantize failed for alpha \(alpha)"); return
            }
            for e in x.indices {
                let s = scales.scales[e]
                #expect(abs(x[e] / s) <= qmax * (1 + 0x1p-22), "alpha \(alpha), bits \(bits), element \(e)")
                #expect(abs(values[e] / s).rounded() <= qmax)  // the code
                #expect(Double(abs(values[e] - x[e])) <= Double(s) / 2 * (1 + 1e-6), "alpha \(alpha), bits \(bits), element \(e)")
            }
        }
    }
}
