/// Error-free transformations and rounding to odd: the exact arithmetic every emulated accumulator
/// step reduces to. Every function is branch-free on its data (selects only), so the lane loops of
/// the GEMM kernels vectorize.
///
/// - TwoSum (Knuth, TAOCP vol. 2, 4.2.2 Theorem B): for finite `a`, `b` whose sum does not
///   overflow, `s = fl(a + b)` and `e = (a + b) - s` exactly, and `|e| <= ulp(s)/2`.
/// - TwoProduct: `h = fl(a b)`, `l = fma(a, b, -h) = a b - h` exactly when `a b` does not underflow.
/// - Rounding to odd at precision p, `RO_p(x)` (Boldo & Melquiond, "Emulation of a FMA and correctly
///   rounded sums: proved algorithms using rounding to odd", IEEE TC 57(4), 2008): x when x is
///   representable, otherwise the one of its two p-bit neighbours whose last significand bit is 1.
///   If `p >= q + 2`, then `round_q(RO_p(x)) = round_q(x)` for every rounding to nearest and every
///   directed rounding to a q-bit format whose values lie on the p-bit grid: q-bit values and
///   midpoints lie on the (p-1)-bit grid, and `RO_p(x)`, when inexact, is odd (so on none of those
///   points) and lies in the same open interval between (p-1)-bit grid points as x. Rounding to odd
///   also composes: `RO_q(RO_p(x)) = RO_q(x)` for `q < p`.
///
/// The accumulators QuantLab emulates have at most 24 significand bits (FP32, and `WideFloat`'s
/// up to 24), and every `MiniFloat` one at most 11, so `RO_53` (a Double) serves every accumulator
/// and `RO_24` (a Float) every minifloat accumulator. The ranges used here (products and sums of float32 values and scales,
/// magnitudes in [2^-760, 2^530]) never underflow or overflow a Double.
public enum ExactArithmetic {
    /// `RO_53(x)` for `x = s + e`, where `(s, e)` is a TwoSum result (s finite).
    ///
    /// When `e != 0`, x lies strictly between s and its neighbour on the side of e (|e| is at most
    /// half the gap), so the neighbour toward zero of x is s (e has the sign of s) or s with its
    /// magnitude one unit lower (e of the other sign); of that neighbour and the next one up, the
    /// odd one is that bit pattern with its last bit set.
    @inlinable @inline(__always)
    public static func roundToOdd(sum s: Double, error e: Double) -> Double {
        let bits = s.bitPattern
        let opposite = (bits ^ e.bitPattern) >> 63
        let odd = (bits &- opposite) | 1
        return Double(bitPattern: e != 0 ? odd : bits)
    }

    /// `RO_24(x)` for `x = s + e`, where `(s, e)` is a float32 TwoSum result (s finite); the same
    /// rule as the Double version.
    @inlinable @inline(__always)
    public static func roundToOdd(sum s: Float, error e: Float) -> Float {
        let bits = s.bitPattern
        let opposite = (bits ^ e.bitPattern) >> 31
        let odd = (bits &- opposite) | 1
        return Float(bitPattern: e != 0 ? odd : bits)
    }

    /// TwoSum of Doubles.
    @inlinable @inline(__always)
    public static func twoSum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
        let s = a + b
        let bb = s - a
        return (s, (a - (s - bb)) + (b - bb))
    }

    /// TwoSum of Floats.
    @inlinable @inline(__always)
    public static func twoSum(_ a: Float, _ b: Float) -> (sum: Float, error: Float) {
        let s = a + b
        let bb = s - a
        return (s, (a - (s - bb)) + (b - bb))
    }

    /// `RO_53(a + b)` for finite Doubles.
    @inlinable @inline(__always)
    public static func oddSum(_ a: Double, _ b: Double) -> Double {
        let (s, e) = twoSum(a, b)
        return roundToOdd(sum: s, error: e)
    }

    /// `RO_53(a + b + c)` for finite Doubles (no overflow, no underflow of the error terms).
    ///
    /// `(s1, e1) = TwoSum(a, b)`, `(s2, e2) = TwoSum(s1, c)`, `(s3, e3) = TwoSum(e1, e2)`,
    /// `(s4, e4) = TwoSum(s2, s3)`; then `a + b + c = s4 + e4 + e3` exactly, and:
    /// - if `s1 + c` cancels (`c / s1` in [-2, -1/2]) it is exact (Sterbenz), so `e2 = 0`, `s3 = e1`,
    ///   `e3 = 0` and the sum is exactly `s4 + e4`;
    /// - otherwise `|s2| >= |s1| / 2`, so `|e1| <= ulp(s1)/2 <= ulp(s2)` and `|s3| <= 1.5 ulp(s2)`;
    ///   s2, s4 and s3 are multiples of `ulp(s3)`, so `e4` is 0 or at least `ulp(s3) > 2 |e3|`. Hence
    ///   the sign of `x - s4` is that of e4 (of e3 when e4 = 0), and `|x - s4|` is below the gap
    ///   between s4 and its neighbour on that side (at most 3/4 of it).
    /// In both cases `RO_53(x)` follows from s4 and that sign as in `roundToOdd(sum:error:)`.
    @inlinable @inline(__always)
    public static func oddSum(_ a: Double, _ b: Double, _ c: Double) -> Double {
        let (s1, e1) = twoSum(a, b)
        let (s2, e2) = twoSum(s1, c)
        let (s3, e3) = twoSum(e1, e2)
        let (s4, e4) = twoSum(s2, s3)
        return roundToOdd(sum: s4, error: e4 != 0 ? e4 : e3)
    }

    /// `RO_24` of a value given as `RO_53` (or exactly), finite. Values beyond the float32 range
    /// give ±FLT_MAX, which is odd and rounds like any larger value in every accumulator narrower
    /// than FP32 (each has `max + ulp/2 < FLT_MAX`).
    @inlinable @inline(__always)
    public static func narrowToOdd(_ d: Double) -> Float {
        let f = Float(d)                // nearest; ±Inf beyond the range
        let gap = d - Double(f)         // exact (-∓Inf when f overflowed)
        let bits = f.bitPattern
        let opposite = UInt32(truncatingIfNeeded: gap.bitPattern >> 63) ^ (bits >> 31)
        let odd = (bits &- opposite) | 1
        return Float(bitPattern: gap != 0 ? odd : bits)
    }

    /// The float32 rounding (nearest-even, or toward zero) of a value given as `RO_53`; non-finite
    /// values pass through. Toward zero: the nearest float, one unit lower in magnitude when it is
    /// above the value (FLT_MAX for a finite value beyond the range, as IEEE 754 §7.4 says).
    @inlinable @inline(__always)
    public static func float32(_ d: Double, towardZero: Bool) -> Float {
        let f = Float(d)
        let above = Double(f).magnitude > d.magnitude
        return towardZero && above ? Float(bitPattern: f.bitPattern &- 1) : f
    }
}
