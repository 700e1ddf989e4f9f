import Formats

/// The last step of an accumulator update: from an exactly known sum x to `round_F(x)`. The kernels
/// know x in one of two exact forms and call the matching entry point; both are branch-free and
/// inline into the kernels' lane loops, which vectorize.
@usableFromInline
protocol AccumulatorFinish {
    /// `round_F(s + e)` where `(s, e)` is a float32 TwoSum result (`s = fl32(x)`, `e = x - s`); a
    /// non-finite s (an earlier Inf or NaN) is passed on as the format's rule says.
    func finish(sum s: Float, error e: Float) -> Float
    /// `round_F(x)` from `RO_53(x)` (or x itself when it is NaN or infinite).
    func finish(odd d: Double) -> Float
}

/// FP32 accumulator, nearest-even: `fl32(x)`.
@usableFromInline
struct Float32Nearest: AccumulatorFinish {
    @usableFromInline init() {}
    @inlinable @inline(__always) func finish(sum s: Float, error e: Float) -> Float { s }
    @inlinable @inline(__always) func finish(odd d: Double) -> Float { Float(d) }
}

/// FP32 accumulator, toward zero: the nearest float one unit lower in magnitude when x is below it
/// in magnitude (e of the other sign than s). The float32 sums the kernels form never overflow, so
/// a non-finite s comes from an Inf or NaN already in the sum and is kept.
@usableFromInline
struct Float32TowardZero: AccumulatorFinish {
    @usableFromInline init() {}
    @inlinable @inline(__always) func finish(sum s: Float, error e: Float) -> Float {
        let bits = s.bitPattern
        let inward = s.isFinite && e != 0 && (bits ^ e.bitPattern) >> 31 == 1
        return Float(bitPattern: inward ? bits &- 1 : bits)
    }
    @inlinable @inline(__always) func finish(odd d: Double) -> Float { ExactArithmetic.float32(d, towardZero: true) }
}

/// A rounding mode fixed at compile time, so the mode switch inside the rounding folds.
@usableFromInline protocol StaticRoundingMode { static var mode: RoundingMode { get } }
@usableFromInline enum NearestEvenMode: StaticRoundingMode {
    @inlinable static var mode: RoundingMode { .nearestEven }
}
@usableFromInline enum TowardZeroMode: StaticRoundingMode {
    @inlinable static var mode: RoundingMode { .towardZero }
}

/// A minifloat accumulator F: `round_F(x) = F.quantize(RO_24(x))` (exact: F has at most 22
/// significand bits, see `ExactArithmetic`), with F's own NaN, infinity and overflow rules. The
/// rounding is Formats' own (`MiniFloat.Specialized`, `Subnormals` = F's `floatSubnormalPath`).
@usableFromInline
struct MiniFloatFinish<Subnormals: StaticFlag, Mode: StaticRoundingMode>: AccumulatorFinish {
    @usableFromInline let rounding: MiniFloat.Specialized<Subnormals, False>
    @usableFromInline init(format: MiniFloat) { rounding = MiniFloat.Specialized(format: format) }

    @inlinable @inline(__always) func finish(sum s: Float, error e: Float) -> Float {
        let x = s.isFinite ? ExactArithmetic.roundToOdd(sum: s, error: e) : s
        return rounding.quantize(x, mode: Mode.mode, random: 0)
    }
    @inlinable @inline(__always) func finish(odd d: Double) -> Float {
        let x = d.isFinite ? ExactArithmetic.narrowToOdd(d) : Float(d)
        return rounding.quantize(x, mode: Mode.mode, random: 0)
    }
}

extension AccumulatorFinish {
    /// `RO_53(acc + a b)` (or the IEEE sum when not finite), for any floats: the product is exact
    /// in Double and the sum is taken to `RO_53` by TwoSum.
    @inlinable @inline(__always)
    static func oddSum(_ acc: Float, _ a: Float, _ b: Float) -> Double {
        let p = Double(a) * Double(b), t = Double(acc)
        return p.isFinite && acc.isFinite ? ExactArithmetic.oddSum(t, p) : t + p
    }

    /// `RO_53(acc + c t)` (or the IEEE sum when not finite), for a float32 acc and Doubles c (a
    /// product of two float32 scales, so exact) and t: `c t = h + l` by TwoProduct, then
    /// `RO_53(acc + h + l)`.
    @inlinable @inline(__always)
    static func oddSum(_ acc: Float, scale c: Double, _ t: Double) -> Double {
        let h = c * t
        let l = (-h).addingProduct(c, t)
        let a = Double(acc)
        return h.isFinite && acc.isFinite ? ExactArithmetic.oddSum(a, h, l) : a + h
    }
}
