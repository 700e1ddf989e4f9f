import Formats

/// The facts of an accumulator format F that the lane kernels (`FloatLanes`, `DoubleLanes`) read:
/// F's values are `k 2^(e - M)` with `k < 2^(M + 1)` for `e >= emin` (normal), multiples of
/// `2^(emin - M)` below `2^emin` (subnormal), up to `maxFinite`; every other fact of F (its NaN,
/// infinity and overflow rule, its zeros) is left to the exact step (`AccumulatorFinish`), which the
/// kernels call for any value outside the range these facts cover.
struct AccumulatorGrid: Sendable, Equatable {
    /// M: F's significands have M + 1 bits.
    var mantissaBits: Int
    /// F's smallest normal is `2^emin`.
    var emin: Int
    /// F's largest finite value.
    var maxFinite: Double
    /// F has no -0 (fnuz): a zero is +0 whatever the sign of what rounded to it.
    var unsignedZero: Bool = false
    /// F keeps infinities: `round_F(±Inf) = ±Inf` (IEEE, not saturating).
    var keepsInfinity: Bool = true
    /// F keeps NaN: `round_F(NaN) = NaN` (every policy but finite-only, whose NaN becomes +0).
    var keepsNaN: Bool = true
    /// The rounding is toward zero (else nearest-even).
    var towardZero: Bool

    /// The exponent of F's quantum in its top binade: every F value at or above `2^(emin)` whose
    /// binade is the top one is a multiple of `2^topQuantum`.
    var topQuantum: Int { Int(maxFinite.exponent) - mantissaBits }

    /// The exponent of F's smallest quantum (its subnormal spacing).
    var minQuantum: Int { emin - mantissaBits }

    /// A bound on every partial sum of a segment of `length` steps `t = round_F(t + a b)` from t = 0,
    /// with `|a b| <= maxProduct`: `b_0 = 0`, `b_k = (b_(k-1) + maxProduct)(1 + 2^-M) + 2^minQuantum`,
    /// since `|round_F(x)| <= |x| (1 + 2^-M)` in F's normal range and `<= |x| + 2^(emin - M)` below
    /// it (either mode). Computed in Double with every step rounded up by a relative 2^-50 (far above
    /// Double's rounding error). Infinity when it exceeds F's range.
    func partialSumBound(length: Int, maxProduct: Double) -> Double {
        let growth = (1 + pow2(-mantissaBits)) * (1 + pow2(-50)), floor = pow2(minQuantum)
        var bound = 0.0
        for _ in 0 ..< length {
            bound = (bound + maxProduct) * growth + floor
            if bound > maxFinite { return .infinity }
        }
        return bound
    }
}

extension AccumulatorGrid {
    init(_ f: MiniFloat, towardZero: Bool) {
        self.init(mantissaBits: f.mantissaBits, emin: Int(Float(f.info.minNormal).exponent), maxFinite: f.info.maxFinite,
                  unsignedZero: f.specials == .fnuz, keepsInfinity: f.info.hasInfinity, keepsNaN: f.info.hasNaN, towardZero: towardZero)
    }

    init(_ f: WideFloat, towardZero: Bool) {
        self.init(mantissaBits: f.mantissaBits, emin: f.emin, maxFinite: f.maxFinite, unsignedZero: f.specials == .fnuz,
                  keepsInfinity: f.infinityValue == .infinity, keepsNaN: f.specials != .finite, towardZero: towardZero)
    }

    /// IEEE binary32.
    static func float32(towardZero: Bool) -> AccumulatorGrid {
        AccumulatorGrid(mantissaBits: 23, emin: -126, maxFinite: Double(Float.greatestFiniteMagnitude), towardZero: towardZero)
    }
}

/// `2^k` as a Double, exact for every k in [-1074, 1023].
@inline(__always)
func pow2(_ k: Int) -> Double { Double(sign: .plus, exponent: k, significand: 1) }
