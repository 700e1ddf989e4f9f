import Formats
import Gemm
import Reference

/// An independent, slow implementation of `QuantizedGemm`'s definition, for the tests: every sum
/// and product is an exact MPFR value (2200 bits hold any sum of products of float32 values and
/// scales), and every rounding is done by MPFR (float32) or by the Reference target's
/// `ReferenceRounding` (minifloats), which is built from the formats' definitions, not from the
/// fast path. It reads the operands only through `QuantizedOperand`'s public P, scales and
/// group length, and walks K one position at a time in the documented order.
struct SlowGemm {
    static let precision = 2200
    let gemm: QuantizedGemm
    let reference: ReferenceRounding?

    init(_ gemm: QuantizedGemm) throws {
        self.gemm = gemm
        if case let .minifloat(f) = gemm.accumulator { reference = try SlowGemm.reference(f) } else { reference = nil }
    }

    /// References are built once per format (a 16-bit format's table takes a while).
    nonisolated(unsafe) static var references: [MiniFloat: ReferenceRounding] = [:]
    static func reference(_ f: MiniFloat) throws -> ReferenceRounding {
        if let r = references[f] { return r }
        let r = try ReferenceRounding(f)
        references[f] = r
        return r
    }

    static func value(_ x: Float) -> MPFRValue { MPFRValue(Double(x), precision: precision) }
    static func value(_ x: Double) -> MPFRValue { MPFRValue(x, precision: precision) }

    static func add(_ x: MPFRValue, _ y: MPFRValue) -> MPFRValue { x.adding(y, precision: precision) }
    static func multiply(_ x: MPFRValue, _ y: MPFRValue) -> MPFRValue { x.multiplied(by: y, precision: precision) }

    /// An exact real rounded once to float32 (binary32 range, subnormals, overflow) with `mode`.
    static func float32(_ x: MPFRValue, towardZero: Bool = false) -> Float {
        if x.isNaN { return .nan }
        if x.isInfinite { return x.signBit ? -.infinity : .infinity }
        if x.isZero { return x.signBit ? -0.0 : 0.0 }
        let rounding: MPFRRounding = towardZero ? .towardZero : .nearestEven
        var r = MPFRValue(x, precision: 24, rounding: rounding)
        if x.magnitude() < MPFRValue.power2(-126) {
            // Subnormal: a multiple of 2^-149.
            let scaled = multiply(x, .power2(149)).rint(rounding: rounding, precision: precision)
            r = multiply(scaled, .power2(-149))
        }
        if r.magnitude() >= MPFRValue.power2(128) {
            return towardZero ? (x.signBit ? -.greatestFiniteMagnitude : .greatestFiniteMagnitude) : (x.signBit ? -.infinity : .infinity)
        }
        let d = r.toDouble()
        if d == 0 { return x.signBit ? -0.0 : 0.0 }
        return Float(d)
    }

    /// `round_F(x)` for the configured accumulator.
    func roundAccumulator(_ x: MPFRValue) -> Float {
        let towardZero = gemm.accumulatorRounding == .towardZero
        if let reference { return reference.round(x, mode: gemm.accumulatorRounding) }
        if case let .wide(f) = gemm.accumulator { return SlowGemm.wide(x, f, towardZero: towardZero) }
        return SlowGemm.float32(x, towardZero: towardZero)
    }

    /// An exact real rounded once to a `WideFloat` by MPFR, from the format's definition: precision
    /// M + 1 at and above 2^emin, multiples of 2^(emin - M) below, the largest finite value
    /// `(2 - 2^-M) 2^emax` (fn: `(2 - 2^(1-M)) 2^emax`), and the overflow table of `SpecialValues`.
    static func wide(_ x: MPFRValue, _ f: WideFloat, towardZero: Bool) -> Float {
        let m = f.mantissaBits, emin = 1 - f.bias, top = (1 << f.exponentBits) - 1
        let emax = f.specials == .ieee ? top - 1 - f.bias : top - f.bias
        if x.isNaN { return f.specials == .finite ? 0 : .nan }
        let lastCode = MPFRValue(int: f.specials == .fn ? -2 : -1, precision: 64)
        let significand = MPFRValue.power2(1).adding(MPFRValue.power2(-m).multiplied(by: lastCode, precision: 64), precision: 64)
        let maxValue = significand.multiplied(by: .power2(emax), precision: 64)
        let clampsOverflow = f.isSaturating || f.specials == .finite
        let overflow: Float = clampsOverflow ? maxValue.float : (f.specials == .ieee ? .infinity : .nan)
        func signed(_ v: Float) -> Float { v.isNaN ? .nan : (x.signBit ? -v : v) }
        func overflowed() -> Float { signed(towardZero ? maxValue.float : overflow) }
        if x.isInfinite { return signed(overflow) }
        if x.isZero { return f.specials == .fnuz ? 0 : (x.signBit ? -0.0 : 0.0) }
        let rounding: MPFRRounding = towardZero ? .towardZero : .nearestEven
        var r = MPFRValue(x, precision: m + 1, rounding: rounding)
        if x.magnitude() < MPFRValue.power2(emin) {
            let scaled = multiply(x, .power2(m - emin)).rint(rounding: rounding, precision: precision)
            r = multiply(scaled, .power2(emin - m))
        }
        if r.magnitude() > maxValue { return overflowed() }
        if r.isZero { return f.specials == .fnuz ? 0 : (x.signBit ? -0.0 : 0.0) }
        return Float(r.toDouble())
    }

    /// Y (M x N) by the definition.
    func multiply(_ a: QuantizedOperand, _ b: QuantizedOperand) -> [Float] {
        var y = [Float](repeating: 0, count: a.rows * b.rows)
        for i in 0 ..< a.rows { for j in 0 ..< b.rows { y[i * b.rows + j] = output(a, i, b, j) } }
        return y
    }

    func output(_ a: QuantizedOperand, _ i: Int, _ b: QuantizedOperand, _ j: Int) -> Float {
        let k = a.depth
        func element(_ x: QuantizedOperand, _ row: Int, _ q: Int) -> MPFRValue { SlowGemm.value(x.elements[row * k + q]) }
        func scale(_ x: QuantizedOperand, _ row: Int, _ q: Int) -> MPFRValue { SlowGemm.value(x.scale(row: row, k: q)) }
        if gemm.accumulator == .exact {
            var sum = MPFRValue.zero()
            for q in 0 ..< k {
                let left = SlowGemm.multiply(element(a, i, q), scale(a, i, q))
                let right = SlowGemm.multiply(element(b, j, q), scale(b, j, q))
                sum = SlowGemm.add(sum, SlowGemm.multiply(left, right))
            }
            return SlowGemm.float32(sum)
        }
        var acc: Float = 0, total: Float = 0
        var start = 0
        for q in 0 ..< k {
            let end = q + 1
            let cut = end == k || end % a.groupLength == 0 || end % b.groupLength == 0
                || gemm.promotion.map { end % $0 == 0 } == true
            guard cut else { continue }
            let c = SlowGemm.multiply(scale(a, i, start), scale(b, j, start))
            let blockValue: MPFRValue
            switch gemm.blockSum {
            case .accumulator:
                var t: Float = 0
                for p in start ..< end {
                    t = roundAccumulator(SlowGemm.add(SlowGemm.value(t), SlowGemm.multiply(element(a, i, p), element(b, j, p))))
                }
                blockValue = SlowGemm.value(t)
            case .exact:
                var sum = MPFRValue.zero()
                for p in start ..< end { sum = SlowGemm.add(sum, SlowGemm.multiply(element(a, i, p), element(b, j, p))) }
                blockValue = sum
            }
            acc = roundAccumulator(SlowGemm.add(SlowGemm.value(acc), SlowGemm.multiply(c, blockValue)))
            if let n = gemm.promotion, end % n == 0, end < k {
                total = SlowGemm.float32(SlowGemm.add(SlowGemm.value(total), SlowGemm.value(acc)))
                acc = 0
            }
            start = end
        }
        return SlowGemm.float32(SlowGemm.add(SlowGemm.value(total), SlowGemm.value(acc)))
    }
}
