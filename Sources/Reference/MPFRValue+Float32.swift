import CMPFR

/// Float32 arithmetic replayed in MPFR: `fl32(a op b)` is the exact real `a op b` rounded once to
/// binary32 (24-bit significand, exponent range and subnormals of binary32, nearest-even, overflow
/// to ±Inf), as IEEE 754 defines every float32 operation.
///
/// The operation itself is computed by MPFR at `workPrecision` bits (correctly rounded, ternary
/// kept); the second rounding to binary32 cannot go wrong: every binary32 value and every binary32
/// midpoint has at most 25 significant bits, so an MPFR result of >= 25 bits never crosses one, and
/// when it lands exactly on a midpoint the ternary value says on which side the exact real lies.
extension MPFRValue {
    /// Bits of the intermediate MPFR result (>= 25, see above).
    static let workPrecision = 64

    /// `floor(log2 |self|)` for a finite non-zero value, exactly (MPFR's exponent minus one).
    var binaryExponent: Int {
        precondition(isFinite && !isZero, "binaryExponent of \(self)")
        return Int(mpfr_get_exp(ptr)) - 1
    }

    /// `self * 2^k`, exactly (MPFR's exponent range is far wider than any value here).
    func scaled(byPowerOfTwo k: Int) -> MPFRValue {
        let r = MPFRValue(precision: precision)
        r.ternary = Int(mpfr_mul_2si(r.ptr, ptr, k, MPFR_RNDN))
        return r
    }

    /// The binary32 value nearest to the exact real this value stands for (ties to even), using
    /// `ternary` to place an inexact value that sits on a binary32 midpoint.
    var roundedToFloat32: Float {
        if isNaN { return .nan }
        let negative = signBit
        if isInfinite { return negative ? -.infinity : .infinity }
        if isZero { return negative ? -0.0 : 0.0 }
        let m = magnitude()
        // Quantum of binary32 at this magnitude: 2^(e - 23) for normals, 2^-149 below 2^-126.
        let q = Swift.max(m.binaryExponent, -126) - 23
        let w = m.scaled(byPowerOfTwo: -q)                      // |x| / quantum, exact
        let k = w.floor(precision: Swift.max(w.precision, 64))  // exact integer < 2^24
        let fraction = w.subtracting(k, precision: Swift.max(w.precision, 64))  // exact
        var n = mpfr_get_si(k.ptr, MPFR_RNDN)
        let c = fraction.compare(MPFRValue(0.5, precision: 24))
        // Magnitude ternary: > 0 when the stored |x| is above the exact |x|.
        let above = negative ? -ternary : ternary
        let up: Bool
        if c != 0 { up = c > 0 } else if above != 0 { up = above < 0 } else { up = n & 1 == 1 }
        if up { n += 1 }
        if n == 0 { return negative ? -0.0 : 0.0 }
        // n * 2^q is exact in Double; n * 2^q >= 2^128 is the binary32 overflow to Inf.
        let d = Double(sign: negative ? .minus : .plus, exponent: q, significand: Double(n))
        if Swift.abs(d) >= 0x1p128 { return negative ? -.infinity : .infinity }
        return Float(d)
    }
}

/// `fl32` of the float32 operations the scaled-format definition uses.
enum Float32Arithmetic {
    static func value(_ x: Float) -> MPFRValue { MPFRValue(x, precision: 24) }

    static func divide(_ a: Float, _ b: Float) -> Float {
        value(a).divided(by: value(b), precision: MPFRValue.workPrecision).roundedToFloat32
    }
    static func multiply(_ a: Float, _ b: Float) -> Float {
        value(a).multiplied(by: value(b), precision: MPFRValue.workPrecision).roundedToFloat32
    }
    static func add(_ a: Float, _ b: Float) -> Float {
        value(a).adding(value(b), precision: MPFRValue.workPrecision).roundedToFloat32
    }
    static func subtract(_ a: Float, _ b: Float) -> Float {
        value(a).subtracting(value(b), precision: MPFRValue.workPrecision).roundedToFloat32
    }
}
