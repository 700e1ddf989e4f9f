import Formats

/// The last step of an accumulator update: from an exactly known sum x to `round_F(x)`, branch-free;
/// the exact scalar path of the kernels (the vector kernels round on their own, `AccumulatorLanes`,
/// from the facts in `grid`).
protocol AccumulatorFinish {
    /// `round_F(x)` from `RO_53(x)` (or x itself when it is NaN or infinite).
    func finish(odd d: Double) -> Float
    /// Whether `round_F(fl32(t + a b)) = round_F(t + a b)` for every accumulator value t and every
    /// product of an element of `a` and one of `b`.
    func roundsFloat32SumsExactly(_ a: ElementFacts, _ b: ElementFacts) -> Bool
    /// F's precision, range and rounding mode, for the vector kernels (`AccumulatorLanes`).
    var grid: AccumulatorGrid { get }
}

extension AccumulatorFinish {
    func roundsFloat32SumsExactly(_ a: ElementFacts, _ b: ElementFacts) -> Bool { false }
}

/// FP32 accumulator, nearest-even: `fl32(x)`.
struct Float32Nearest: AccumulatorFinish {
    init() {}
    @inline(__always) func finish(odd d: Double) -> Float { Float(d) }
    var grid: AccumulatorGrid { .float32(towardZero: false) }
}

/// FP32 accumulator, toward zero (IEEE 754 §7.4: a finite value beyond the range gives FLT_MAX).
struct Float32TowardZero: AccumulatorFinish {
    init() {}
    @inline(__always) func finish(odd d: Double) -> Float { ExactArithmetic.float32(d, towardZero: true) }
    var grid: AccumulatorGrid { .float32(towardZero: true) }
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

    @inline(__always) func finish(odd d: Double) -> Float {
        let x = d.isFinite ? ExactArithmetic.narrowToOdd(d) : Float(d)
        return rounding.quantize(x, mode: Mode.mode, random: 0)
    }
    var grid: AccumulatorGrid { AccumulatorGrid(rounding.format, towardZero: Mode.mode == .towardZero) }

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
/// 53 >= 24 + 2 bits make exact.
struct WideFloatFinish<Mode: StaticRoundingMode>: AccumulatorFinish {
    let format: WideFloat
    init(format: WideFloat) { self.format = format }

    @inline(__always) func finish(odd d: Double) -> Float { format.round(d, towardZero: Mode.mode == .towardZero) }
    var grid: AccumulatorGrid { AccumulatorGrid(format, towardZero: Mode.mode == .towardZero) }
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
