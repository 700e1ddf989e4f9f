import Formats

/// The last step of an accumulator update: from an exactly known sum x to `round_F(x)`. The kernels
/// know x in one of two exact forms and call the matching entry point; both are branch-free and
/// inline into the kernels' lane loops, which vectorize.
protocol AccumulatorFinish {
    /// `round_F(s + e)` where `(s, e)` is a float32 TwoSum result (`s = fl32(x)`, `e = x - s`); a
    /// non-finite s (an earlier Inf or NaN) is passed on as the format's rule says.
    func finish(sum s: Float, error e: Float) -> Float
    /// `round_F(x)` from `RO_53(x)` (or x itself when it is NaN or infinite).
    func finish(odd d: Double) -> Float
    /// Whether `round_F(fl32(t + a b)) = round_F(t + a b)` for every accumulator value t and every
    /// product of an element of `a` and one of `b` (then `finish(rounded:)` may be used).
    func roundsFloat32SumsExactly(_ a: ElementFacts, _ b: ElementFacts) -> Bool
    /// `round_F(s)`.
    func finish(rounded s: Float) -> Float
}

extension AccumulatorFinish {
    @inline(__always) func finish(rounded s: Float) -> Float { s }
    func roundsFloat32SumsExactly(_ a: ElementFacts, _ b: ElementFacts) -> Bool { false }
}

/// FP32 accumulator, nearest-even: `fl32(x)`.
struct Float32Nearest: AccumulatorFinish {
    init() {}
    @inline(__always) func finish(sum s: Float, error e: Float) -> Float { s }
    @inline(__always) func finish(odd d: Double) -> Float { Float(d) }
}

/// FP32 accumulator, toward zero: the nearest float one unit lower in magnitude when x is below it
/// in magnitude (e of the other sign than s). The float32 sums the kernels form never overflow, so
/// a non-finite s comes from an Inf or NaN already in the sum and is kept.
struct Float32TowardZero: AccumulatorFinish {
    init() {}
    @inline(__always) func finish(sum s: Float, error e: Float) -> Float {
        let bits = s.bitPattern
        let inward = s.isFinite && e != 0 && (bits ^ e.bitPattern) >> 31 == 1
        return Float(bitPattern: inward ? bits &- 1 : bits)
    }
    @inline(__always) func finish(odd d: Double) -> Float { ExactArithmetic.float32(d, towardZero: true) }
}

/// A rounding mode fixed at compile time, so the mode switch inside the rounding folds.
protocol StaticRoundingMode { static var mode: RoundingMode { get } }
enum NearestEvenMode: StaticRoundingMode {
    static var mode: RoundingMode { .nearestEven }
}
enum TowardZeroMode: StaticRoundingMode {
    static var mode: RoundingMode { .towardZero }
}

/// A minifloat accumulator F: `round_F(x) = F.quantize(RO_24(x))` (exact: F has at most 22
/// significand bits, see `ExactArithmetic`), with F's own NaN, infinity and overflow rules. The
/// rounding is Formats' own (`MiniFloat.Specialized`, `Subnormals` = F's `floatSubnormalPath`).
struct MiniFloatFinish<Subnormals: StaticFlag, Mode: StaticRoundingMode>: AccumulatorFinish {
    let rounding: MiniFloat.Specialized<Subnormals, False>
    init(format: MiniFloat) { rounding = MiniFloat.Specialized(format: format) }

    @inline(__always) func finish(sum s: Float, error e: Float) -> Float {
        let x = s.isFinite ? ExactArithmetic.roundToOdd(sum: s, error: e) : s
        return rounding.quantize(x, mode: Mode.mode, random: 0)
    }
    @inline(__always) func finish(odd d: Double) -> Float {
        let x = d.isFinite ? ExactArithmetic.narrowToOdd(d) : Float(d)
        return rounding.quantize(x, mode: Mode.mode, random: 0)
    }
    @inline(__always) func finish(rounded s: Float) -> Float { rounding.quantize(s, mode: Mode.mode, random: 0) }

    /// Double rounding is innocuous (S. A. Figueroa, "When is double rounding innocuous?", SIGNUM
    /// Newsletter 30(3), 1995): for two numbers of a p-bit binary format, rounding their sum to
    /// nearest at q >= 2p + 2 bits and then to nearest at p bits gives the sum rounded once. Here
    /// p <= 11 (MiniFloat), q = 24, the accumulator t is in F, and so is every product when its
    /// significant bits fit F's precision, its last bit is no finer than F's smallest quantum, and
    /// its magnitude is below F's largest power of two (F's value set extends without bound above,
    /// as its rounding does; in F's subnormal range both terms are on F's grid and the sum is exact).
    /// Nearest-even only: a directed rounding of `fl32(x)` can differ from that of x.
    func roundsFloat32SumsExactly(_ a: ElementFacts, _ b: ElementFacts) -> Bool {
        let f = rounding.format
        let precision = f.mantissaBits + 1
        let quantum = Int(Float(f.info.minPositive).exponent), top = Int(Float(f.info.maxFinite).exponent)
        return Mode.mode == .nearestEven && 24 >= 2 * precision + 2 && a.finite && b.finite
            && a.significantBits + b.significantBits <= precision
            && a.minLastBit + b.minLastBit >= quantum
            && a.maxExponent + b.maxExponent + 2 <= top
    }
}

/// A wide accumulator F (`WideFloat`, 11 to 23 mantissa bits): `round_F(x)` from `RO_53(x)`, which
/// 53 >= 24 + 2 bits make exact; a float32 TwoSum pair is first taken to `RO_53(s + e)`.
struct WideFloatFinish<Mode: StaticRoundingMode>: AccumulatorFinish {
    let format: WideFloat
    init(format: WideFloat) { self.format = format }

    @inline(__always) func finish(sum s: Float, error e: Float) -> Float {
        finish(odd: s.isFinite ? ExactArithmetic.oddSum(Double(s), Double(e)) : Double(s))
    }
    @inline(__always) func finish(odd d: Double) -> Float { format.round(d, towardZero: Mode.mode == .towardZero) }
}

extension AccumulatorFinish {
    /// `RO_53(acc + a b)` (or the IEEE sum when not finite), for any floats: the product is exact
    /// in Double and the sum is taken to `RO_53` by TwoSum.
    @inline(__always)
    static func oddSum(_ acc: Float, _ a: Float, _ b: Float) -> Double {
        let p = Double(a) * Double(b), t = Double(acc)
        return p.isFinite && acc.isFinite ? ExactArithmetic.oddSum(t, p) : t + p
    }

    /// `RO_53(acc + c t)` (or the IEEE sum when not finite), for a float32 acc and Doubles c (a
    /// product of two float32 scales, so exact) and t: `c t = h + l` by TwoProduct, then
    /// `RO_53(acc + h + l)`.
    @inline(__always)
    static func oddSum(_ acc: Float, scale c: Double, _ t: Double) -> Double {
        let h = c * t
        let l = (-h).addingProduct(c, t)
        let a = Double(acc)
        return h.isFinite && acc.isFinite ? ExactArithmetic.oddSum(a, h, l) : a + h
    }
}
