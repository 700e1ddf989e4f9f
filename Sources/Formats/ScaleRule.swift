/// How a group's scale is derived from its largest magnitude `amax` (and the element format's
/// largest value `elemMax`). Every step is written as the float32 operation an emulator performs,
/// each rounded to nearest even (`fl32`); the MPFR reference replays exactly these steps.
public enum ScaleRule: Sendable, Hashable {
    /// Scale `s = fl32(amax / elemMax)` held in float32 (per-tensor / per-channel / per-group INT).
    case fp32
    /// A power of two `2^e` stored as E8M0 (OCP MX v1.0 §6.3), `emax = floor(log2 elemMax)`, e clipped
    /// to [-127, 127]:
    /// - `floor` (OCP, default): `e = floor(log2 amax) - emax`; amax / 2^e can exceed elemMax, and the
    ///   elements saturate (e.g. 957 with E4M3 becomes 896: microxcaling issue 4).
    /// - `ceil`: `e = ceil(log2 amax) - emax`.
    /// - `even`: amax first rounded to nearest even at the element's significand width (minifloat
    ///   elements only), then `floor`.
    /// - `rceil`: `e = ceil(log2 fl32(amax / elemMax))`, never clips ("INT v.s. FP" Eq 9; cuBLAS); a
    ///   ratio that overflows to +Inf (element max below 1) has e = +inf, clipped to 127.
    case powerOfTwo(PowerOfTwoRule)
    /// `s = round_F(fl32(amax / elemMax) [/ tensorScale])` in a minifloat scale format F, nearest even,
    /// saturating (NVFP4: F = E4M3; torchao `nvfp4_tensor.py`).
    case minifloat(MiniFloat)

    public enum PowerOfTwoRule: String, Sendable, Hashable, CaseIterable { case floor, ceil, even, rceil }

    /// Bits the stored scale takes.
    public var bits: Int {
        switch self {
        case .fp32: return 32
        case .powerOfTwo: return 8
        case let .minifloat(f): return f.info.bits
        }
    }

    public var name: String {
        switch self {
        case .fp32: return "fp32"
        case let .powerOfTwo(rule): return rule == .floor ? "e8m0" : "e8m0-\(rule.rawValue)"
        case let .minifloat(f): return f.info.name
        }
    }

    /// The map amax -> stored scale (amax finite and > 0, as float32) with the format's facts bound
    /// once (no per-group copies); `tensorScale` is the second level (1 when there is none).
    public func calculator(elementMax: Float, elementMantissaBits: Int?, tensorScale: Float) -> (Float) -> Float {
        let c = ScaleCalculator(rule: self, elementMax: elementMax, elementMantissaBits: elementMantissaBits, tensor: tensorScale,
                                twoLevel: false, scaleMax: .infinity)
        return { c.stored($0) }
    }

    /// The exponent of finite `x > 0` after rounding its significand to nearest even with
    /// `fractionBits` bits after the point (unbounded exponent: FLT_MAX may round up to 2^128, and
    /// subnormals are normalized first): `floor(log2 x)`, plus 1 when the significand rounds up to 2.
    @inlinable
    static func roundedExponent(_ x: Float, fractionBits: Int) -> Int {
        let unit = Float(sign: .plus, exponent: Swift.min(fractionBits, 23), significand: 1)
        let rounded = (x.significand * unit).rounded(.toNearestOrEven)
        return Int(x.exponent) + (rounded == 2 * unit ? 1 : 0)
    }
}
